import Fluent
import LamasatCore
import Vapor

/// The "المواعيد" tab of her file: her appointments, newest first, with how many she missed; the next one on the
/// summary. They follow her file to another branch.
struct AppointmentsFilePart: FilePart {
    var tab: FileTab? { FileTab(key: "appointments", order: 45) }
    var followingTables: [String] { [Appointment.schema] }

    struct Row: Encodable { let when: String; let mode: String; let status: String; let statusCode: String; let purpose: String; let outcome: String }
    struct TabView: Encodable { let id: String; let canBook: Bool; let rows: [Row]?; let missed: Int }
    struct CardView: Encodable { let when: String; let mode: String }

    func rows(_ file: FilePage) async throws -> [(Appointment, AppointmentSlot)] {
        let items = try await Appointment.query(on: file.req.db).filter(\.$beneficiaryID == file.id).all()
        let slots = Dictionary(uniqueKeysWithValues: try await AppointmentSlot.query(on: file.req.db).filter(\.$id ~~ items.map(\.slotID)).all().map { ($0.id!, $0) })
        return items.compactMap { a in slots[a.slotID].map { (a, $0) } }.sorted { $0.1.startsAt > $1.1.startsAt }
    }

    func tabBody(_ file: FilePage) async throws -> RenderedHTML {
        let req = file.req
        let all = try await rows(file)
        let formatter = DualCalendarFormatter(language: req.language)
        return try await file.render("appointments/tab", TabView(
            id: file.id.uuidString, canBook: file.staff.can(.manageAppointments),
            rows: all.map { a, slot in
                Row(when: formatter.dateTime(slot.startsAt).combined, mode: req.t(a.mode.localizationKey), status: req.t(a.status.localizationKey),
                    statusCode: a.status.rawValue, purpose: a.purpose, outcome: a.outcome)
            }.nonEmpty, missed: all.filter { $0.0.status == .noShow }.count))
    }

    func summaryCard(_ file: FilePage) async throws -> FileCard? {
        guard let (next, slot) = try await rows(file).last(where: { $0.0.status == .booked && $0.1.startsAt > file.req.now }) else { return nil }
        return FileCard(html: try await file.render("appointments/card", CardView(when: DualCalendarFormatter(language: file.req.language).dateTime(slot.startsAt).combined,
                                                                                  mode: file.req.t(next.mode.localizationKey))))
    }

    func timeline(_ file: FilePage) async throws -> [FileTimelineLine] {
        try await rows(file).prefix(100).map { a, slot in
            FileTimelineLine(at: slot.startsAt, actor: "", action: file.req.t("timeline.appointment", file.req.t(a.status.localizationKey)),
                             detail: file.req.t(a.mode.localizationKey))
        }
    }
}
