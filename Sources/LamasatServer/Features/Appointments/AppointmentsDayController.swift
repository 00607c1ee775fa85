import Fluent
import LamasatCore
import Vapor

/// `/appointments`: the officer's day list of a branch (each slot, who booked it, how, and whether she came), the
/// form publishing a session of slots, and the marks of the day: attended, missed, cancelled; a slot cancelled with
/// its bookings, each told. Within her branch reach.
struct AppointmentsDayController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("appointments") { try await self.day(req: $0, typed: [:], errors: [:], status: .ok) }.requires(.manageAppointments)
        routes.post("appointments", "slots") { try await self.publish(req: $0) }.requires(.manageAppointments)
        routes.post("appointments", "slots", ":slotID", "cancel") { try await self.cancelSlot(req: $0) }.requires(.manageAppointments)
        for mark in ["attended", "no-show", "cancel"] {
            routes.post("appointments", ":appointmentID", .constant(mark)) { try await self.mark(req: $0, mark) }.requires(.manageAppointments)
        }
    }

    struct Booking: Encodable {
        let id: String; let name: String; let fileID: String; let mode: String; let status: String; let statusCode: String; let purpose: String
        let outcome: String; let canMark: Bool; let canCancel: Bool
    }
    struct Slot: Encodable {
        let id: String; let time: String; let minutes: Int; let modes: String; let capacity: Int; let cancelled: Bool; let canCancel: Bool
        let bookings: [Booking]?
    }
    struct DayView: Encodable {
        let page: PageContext; let branchID: String; let day: String; let dayText: String; let previous: String; let next: String; let branchQuery: String
        let filters: [FormField]; let slots: [Slot]?; let publish: [FormField]; let totals: String; let alert: String?
    }

    /// The branch of the list: the one asked for within her reach, or her own.
    static func branch(_ req: Request, _ raw: String?) async throws -> Branch {
        let branches = try await req.formBranches()
        let staff = try req.requireStaff()
        guard let branch = branches.first(where: { $0.id?.uuidString == raw }) ?? branches.first(where: { $0.id == staff.user.$branch.id }) ?? branches.first
        else { throw Abort(.notFound) }
        return branch
    }

    func day(req: Request, typed: [String: String], errors: FieldErrors, alert: String? = nil, status: HTTPStatus) async throws -> Response {
        let branches = try await req.formBranches()
        let branch = try await Self.branch(req, req.query[String.self, at: "branch"] ?? typed["branch"])
        let branchID = try branch.requireID()
        let day = (req.query[String.self, at: "day"]).flatMap { try? CalendarDay.day($0, calendar: .gregorian) } ?? CalendarDay.today(req.now)
        let start = WorkingCalendar.startOfDay(day)
        let slots = try await AppointmentSlot.query(on: req.db).filter(\.$branchID == branchID).filter(\.$startsAt >= start)
            .filter(\.$startsAt < start.addingTimeInterval(86_400)).sort(\.$startsAt).all()
        let bookings = try await Appointment.query(on: req.db).filter(\.$slotID ~~ slots.compactMap(\.id)).sort(\.$bookedAt).all()
        let files = try await Beneficiary.query(on: req.db).filter(\.$id ~~ Set(bookings.map(\.beneficiaryID))).all()
        let names = Dictionary(uniqueKeysWithValues: files.map { ($0.id!, $0.name.full) })
        let formatter = DualCalendarFormatter(language: req.language)
        let time = { (d: Date) in CalendarDay.dayAndTime(d).time }
        let rows = slots.map { slot in
            Slot(id: slot.id!.uuidString, time: "\(time(slot.startsAt))–\(time(slot.endsAt))", minutes: slot.minutes,
                 modes: slot.modes.map { req.t($0.localizationKey) }.joined(separator: "، "), capacity: slot.capacity, cancelled: slot.isCancelled,
                 canCancel: !slot.isCancelled && slot.startsAt > req.now,
                 bookings: bookings.filter { $0.slotID == slot.id }.map { b in
                     Booking(id: b.id!.uuidString, name: names[b.beneficiaryID] ?? "—", fileID: b.beneficiaryID.uuidString, mode: req.t(b.mode.localizationKey),
                             status: req.t(b.status.localizationKey), statusCode: b.status.rawValue, purpose: b.purpose, outcome: b.outcome,
                             canMark: b.status == .booked && req.now >= slot.startsAt, canCancel: b.status == .booked && req.now < slot.startsAt)
                 }.nonEmpty)
        }
        let live = bookings.filter { $0.status != .cancelled }
        let totals = req.t("appointment.day.totals", String(slots.filter { !$0.isCancelled }.count), String(live.count),
                           String(live.filter { $0.status == .attended }.count), String(live.filter { $0.status == .noShow }.count))
        var filters = [FormField(name: "day", label: req.t("appointment.field.day"), kind: "date", value: day.description, dir: "ltr")]
        if branches.count > 1 { filters.append(FormField.filter(req, name: "branch", label: req.t("user.branch"), selected: branchID.uuidString, records: branches)) }
        let branchQuery = branches.count > 1 ? "&branch=\(branchID.uuidString)" : ""
        try await req.audit("view", record: ("appointments", "day"), detail: "\(branch.code) \(day.description)")
        return try await req.render("appointments/day", DayView(
            page: PageContext(req, title: req.t("appointment.day.title")), branchID: branchID.uuidString, day: day.description, dayText: formatter.date(day.moment).combined,
            previous: PledgeSchedule.adding(days: -1, to: day).description, next: PledgeSchedule.adding(days: 1, to: day).description,
            branchQuery: branchQuery, filters: filters, slots: rows.nonEmpty,
            publish: AppointmentSessionForm(typed.isEmpty ? ["day": day.description, "from": "09:00", "to": "12:00", "minutes": "30", "capacity": "1",
                                                              "modes": "inPerson,phone", "branch": branchID.uuidString] : typed).fields(req, errors: errors),
            totals: totals, alert: alert
        )).encodeResponse(status: status, for: req)
    }

    func publish(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = AppointmentSessionForm(request: req)
        let branch = try await Self.branch(req, form.values["branch"])
        let (valid, errors) = form.validate(req)
        guard let valid else { return try await day(req: req, typed: form.values, errors: errors, status: .unprocessableEntity) }
        let count = try await req.db.writeTransaction { db -> Int in
            for start in valid.starts {
                let slot = AppointmentSlot()
                (slot.branchID, slot.startsAt, slot.minutes, slot.modesText) = (try branch.requireID(), start, valid.minutes, valid.modes.map(\.rawValue).joined(separator: ","))
                (slot.capacity, slot.isCancelled, slot.createdBy, slot.createdAt) = (valid.capacity, false, staff.userID, req.now)
                try await slot.create(on: db)
            }
            try await req.audit("appointments.published", record: ("branch", try branch.requireID().uuidString),
                                detail: "\(valid.starts.count) slots from \(form.values["day"] ?? "")", on: db)
            return valid.starts.count
        }
        return req.redirect(to: "/appointments?day=\(form.values["day"] ?? "")&branch=\(try branch.requireID().uuidString)&done=appointmentsPublished&n=\(count)")
    }

    func cancelSlot(req: Request) async throws -> Response {
        let slot = try await req.scoped(AppointmentSlot.self, id: req.parameters.get("slotID"), branch: \.$branchID)
        let staff = try req.requireStaff()
        let day = CalendarDay.dayAndTime(slot.startsAt).day
        guard !slot.isCancelled, slot.startsAt > req.now else {
            return try await self.day(req: req, typed: [:], errors: [:], alert: req.t("appointment.error.slotPast"), status: .conflict)
        }
        let localizer = req.lamasat.localizer
        try await req.db.writeTransaction { db in
            slot.isCancelled = true
            try await slot.save(on: db)
            for booking in try await Appointment.query(on: db).filter(\.$slotID == slot.requireID()).filter(\.$status == .booked).all() {
                (booking.status, booking.closedBy, booking.closedAt, booking.outcome) = (.cancelled, staff.userID, req.now, req.t("appointment.slotCancelled"))
                booking.version += 1
                try await booking.save(on: db)
                if let file = try await Beneficiary.find(booking.beneficiaryID, on: db) {
                    try await AppointmentBooking.tell(file, booking, slot: slot, message: "appointment.message.cancelled", localizer: localizer, now: req.now, on: db)
                }
            }
            try await req.audit("appointments.slotCancelled", record: ("appointment_slot", try slot.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/appointments?day=\(day)&branch=\(slot.branchID.uuidString)&done=appointmentSlotCancelled")
    }

    func mark(req: Request, _ mark: String) async throws -> Response {
        let booking = try await req.scoped(Appointment.self, id: req.parameters.get("appointmentID"), branch: \.$branchID)
        let staff = try req.requireStaff()
        guard let slot = try await AppointmentSlot.find(booking.slotID, on: req.db) else { throw Abort(.notFound) }
        let note = String(req.formText("outcome").prefix(500))
        let target: AppointmentStatus = mark == "attended" ? .attended : mark == "no-show" ? .noShow : .cancelled
        // Who came is known once the slot began; a booking is cancelled before it.
        let allowed = booking.status == .booked && (target == .cancelled ? req.now < slot.startsAt : req.now >= slot.startsAt)
        guard allowed else {
            return try await day(req: req, typed: [:], errors: [:], alert: req.t(target == .cancelled ? "appointment.error.cancelPast" : "appointment.error.markEarly"),
                                 status: .conflict)
        }
        let localizer = req.lamasat.localizer
        try await req.db.writeTransaction { db in
            (booking.status, booking.outcome, booking.closedBy, booking.closedAt) = (target, note, staff.userID, req.now)
            booking.version += 1
            try await booking.save(on: db)
            if target == .cancelled, let file = try await Beneficiary.find(booking.beneficiaryID, on: db) {
                try await AppointmentBooking.tell(file, booking, slot: slot, message: "appointment.message.cancelled", localizer: localizer, now: req.now, on: db)
            }
            try await req.audit("appointment.\(target.rawValue)", record: ("appointment", try booking.requireID().uuidString),
                                detail: "file=\(booking.beneficiaryID.uuidString)", on: db)
        }
        return req.redirect(to: "/appointments?day=\(CalendarDay.dayAndTime(slot.startsAt).day)&branch=\(slot.branchID.uuidString)&done=appointment\(target.rawValue.prefix(1).uppercased() + target.rawValue.dropFirst())")
    }
}
