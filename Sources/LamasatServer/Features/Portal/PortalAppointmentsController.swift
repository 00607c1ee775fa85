import Fluent
import LamasatCore
import Vapor

/// `/portal/appointments`: she books an interview slot of her branch from her phone (at the branch, by phone or by
/// video), sees her appointments, and cancels one before it starts; each booking and cancellation is told to her.
struct PortalAppointmentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("portal", "appointments") { try await self.page(req: $0, typed: [:], error: nil, status: .ok) }.declare(.beneficiary)
        routes.post("portal", "appointments") { try await self.book(req: $0) }.declare(.beneficiary)
        routes.post("portal", "appointments", ":appointmentID", "cancel") { try await self.cancel(req: $0) }.declare(.beneficiary)
    }

    struct Row: Encodable { let id: String; let when: String; let mode: String; let status: String; let statusCode: String; let canCancel: Bool }
    struct PageView: Encodable { let page: PageContext; let rows: [Row]?; let fields: [FormField]; let error: String?; let empty: Bool }

    func page(req: Request, typed: [String: String], error: String?, status: HTTPStatus) async throws -> Response {
        let file = try req.requirePortal().beneficiary
        let mine = try await Appointment.query(on: req.db).filter(\.$beneficiaryID == file.requireID()).all()
        let slots = Dictionary(uniqueKeysWithValues: try await AppointmentSlot.query(on: req.db).filter(\.$id ~~ mine.map(\.slotID)).all().map { ($0.id!, $0) })
        let formatter = DualCalendarFormatter(language: req.language)
        let rows = mine.compactMap { a in slots[a.slotID].map { (a, $0) } }.sorted { $0.1.startsAt > $1.1.startsAt }.map { a, slot in
            Row(id: a.id!.uuidString, when: formatter.dateTime(slot.startsAt).combined, mode: req.t(a.mode.localizationKey), status: req.t(a.status.localizationKey),
                statusCode: a.status.rawValue, canCancel: a.status == .booked && slot.startsAt > req.now)
        }
        let open = try await AppointmentBooking.openSlots(branch: file.$branch.id, now: req.now, on: req.db)
        try await req.audit("view", record: ("beneficiary", try file.requireID().uuidString), detail: "portal appointments")
        return try await req.render("portal/appointments", PageView(
            page: PageContext(req, title: req.t("portal.appointments.title")), rows: rows.nonEmpty,
            fields: AppointmentBookingController.fields(req, open: open, typed: typed), error: error, empty: open.isEmpty
        )).encodeResponse(status: status, for: req)
    }

    func book(req: Request) async throws -> Response {
        let file = try req.requirePortal().beneficiary
        let typed = ["slot": req.formText("slot"), "mode": req.formText("mode"), "purpose": req.formText("purpose")]
        let localizer = req.lamasat.localizer
        let result = try await req.db.writeTransaction { db -> Result<Appointment, AppointmentBooking.Refusal> in
            let result = try await AppointmentBooking.book(.init(slotID: UUID(uuidString: typed["slot"]!), mode: AppointmentMode(rawValue: typed["mode"]!),
                                                                 purpose: typed["purpose"]!, source: .portal, by: nil), file: file, now: req.now, on: db)
            if case .success(let made) = result, let slot = try await AppointmentSlot.find(made.slotID, on: db) {
                try await AppointmentBooking.tell(file, made, slot: slot, message: "appointment.message.booked", localizer: localizer, now: req.now, on: db)
                try await req.audit("appointment.booked", record: ("appointment", try made.requireID().uuidString), detail: "by her portal", on: db)
            }
            return result
        }
        switch result {
        case .failure(let refusal): return try await page(req: req, typed: typed, error: req.t(refusal.localizationKey), status: .unprocessableEntity)
        case .success: return req.redirect(to: "/portal/appointments?done=portalAppointmentBooked")
        }
    }

    func cancel(req: Request) async throws -> Response {
        let file = try req.requirePortal().beneficiary
        // Only her own booking, still ahead: anything else is not hers to see.
        guard let id = req.parameters.get("appointmentID", as: UUID.self),
              let booking = try await Appointment.query(on: req.db).filter(\.$id == id).filter(\.$beneficiaryID == file.requireID()).first(),
              let slot = try await AppointmentSlot.find(booking.slotID, on: req.db) else { throw Abort(.notFound) }
        guard booking.status == .booked, slot.startsAt > req.now else {
            return try await page(req: req, typed: [:], error: req.t("appointment.error.cancelPast"), status: .conflict)
        }
        let localizer = req.lamasat.localizer
        try await req.db.writeTransaction { db in
            (booking.status, booking.closedAt, booking.outcome) = (.cancelled, req.now, req.t("appointment.cancelledByHer"))
            booking.version += 1
            try await booking.save(on: db)
            try await AppointmentBooking.tell(file, booking, slot: slot, message: "appointment.message.cancelled", localizer: localizer, now: req.now, on: db)
            try await req.audit("appointment.cancelled", record: ("appointment", id.uuidString), detail: "by her portal", on: db)
        }
        return req.redirect(to: "/portal/appointments?done=portalAppointmentCancelled")
    }
}
