import Fluent
import LamasatCore
import Vapor

/// `/beneficiaries/:id/appointments/new`: the officer books an open slot of her branch for her (in person, by phone or
/// by video), and she is told by her channel.
struct AppointmentBookingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let file = routes.grouped("beneficiaries", ":beneficiaryID", "appointments")
        file.get("new") { try await self.form(req: $0, typed: [:], error: nil, status: .ok) }.requires(.manageAppointments)
        file.post("new") { try await self.book(req: $0) }.requires(.manageAppointments)
    }

    struct FormView: Encodable { let page: PageContext; let action: String; let back: String; let fields: [FormField]; let error: String?; let empty: Bool }

    /// The choices of a booking form: each open slot with its modes and places left, then the mode and the purpose.
    static func fields(_ req: Request, open: [(slot: AppointmentSlot, left: Int)], typed: [String: String]) -> [FormField] {
        let formatter = DualCalendarFormatter(language: req.language)
        return [
            FormField(name: "slot", label: req.t("appointment.field.slot"), kind: "select", required: true,
                      options: [FormField.Option.choose(req)] + open.map { s in
                          .init(value: s.slot.id!.uuidString, label: req.t("appointment.slotChoice", formatter.dateTime(s.slot.startsAt).combined, String(s.slot.minutes),
                                                                         s.slot.modes.map { req.t($0.localizationKey) }.joined(separator: "، ")),
                                selected: typed["slot"] == s.slot.id!.uuidString)
                      }),
            FormField(name: "mode", label: req.t("appointment.field.mode"), kind: "select", required: true,
                      options: AppointmentMode.allCases.map { .init(value: $0.rawValue, label: req.t($0.localizationKey), selected: (typed["mode"] ?? "inPerson") == $0.rawValue) }),
            FormField(name: "purpose", label: req.t("appointment.field.purpose"), kind: "text", value: typed["purpose"] ?? "", hint: req.t("appointment.field.purpose.hint"),
                      maxlength: 300, wide: true),
        ].prepared()
    }

    func form(req: Request, typed: [String: String], error: String?, status: HTTPStatus) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let id = try file.requireID().uuidString
        let open = try await AppointmentBooking.openSlots(branch: file.$branch.id, now: req.now, on: req.db)
        return try await req.render("appointments/book", FormView(
            page: PageContext(req, title: req.t("appointment.book.title", file.name.full)), action: "/beneficiaries/\(id)/appointments/new",
            back: "/beneficiaries/\(id)?tab=appointments", fields: Self.fields(req, open: open, typed: typed), error: error, empty: open.isEmpty
        )).encodeResponse(status: status, for: req)
    }

    func book(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let file = try await req.reachableBeneficiary()
        let typed = ["slot": req.formText("slot"), "mode": req.formText("mode"), "purpose": req.formText("purpose")]
        let localizer = req.lamasat.localizer
        let result = try await req.db.writeTransaction { db -> Result<Appointment, AppointmentBooking.Refusal> in
            let result = try await AppointmentBooking.book(.init(slotID: UUID(uuidString: typed["slot"]!), mode: AppointmentMode(rawValue: typed["mode"]!),
                                                                 purpose: typed["purpose"]!, source: .staff, by: staff.userID), file: file, now: req.now, on: db)
            if case .success(let made) = result, let slot = try await AppointmentSlot.find(made.slotID, on: db) {
                try await AppointmentBooking.tell(file, made, slot: slot, message: "appointment.message.booked", localizer: localizer, now: req.now, on: db)
                try await req.audit("appointment.booked", record: ("appointment", try made.requireID().uuidString), detail: "file=\(try file.requireID().uuidString)", on: db)
            }
            return result
        }
        switch result {
        case .failure(let refusal): return try await form(req: req, typed: typed, error: req.t(refusal.localizationKey), status: .unprocessableEntity)
        case .success: return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?tab=appointments&done=appointmentBooked")
        }
    }
}
