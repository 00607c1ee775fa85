import Fluent
import Foundation
import LamasatCore
import SQLKit
import Vapor

/// Booking a slot, for her portal and for the officer alike: the slot must be her branch's, open, in the future, offer
/// the mode, and have room; she holds one booking at a time. The room is taken by a conditional insert, so two people
/// never get the last place of a slot.
enum AppointmentBooking {
    enum Refusal: String, Error {
        case slot, mode, full, alreadyBooked, purpose
        var localizationKey: String { "appointment.error.\(rawValue)" }
    }

    struct Ask { let slotID: UUID?; let mode: AppointmentMode?; let purpose: String; let source: Appointment.Source; let by: UUID? }

    /// The open slots of a branch from now to the horizon, with the places left in each.
    static func openSlots(branch: UUID, now: Date, on db: any Database) async throws -> [(slot: AppointmentSlot, left: Int)] {
        let slots = try await AppointmentSlot.query(on: db).filter(\.$branchID == branch).filter(\.$isCancelled == false)
            .filter(\.$startsAt > now).filter(\.$startsAt <= now.addingTimeInterval(Double(AppointmentRules.horizonDays) * 86_400))
            .sort(\.$startsAt).limit(300).all()
        let taken = try await booked(in: slots.compactMap(\.id), on: db)
        return slots.compactMap { slot in
            let left = slot.capacity - (taken[slot.id!] ?? 0)
            return left > 0 ? (slot, left) : nil
        }
    }

    static func booked(in slots: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !slots.isEmpty else { return [:] }
        return try await Appointment.query(on: db).filter(\.$slotID ~~ slots).filter(\.$status ~~ [.booked, .attended, .noShow]).all()
            .reduce(into: [UUID: Int]()) { $0[$1.slotID, default: 0] += 1 }
    }

    static func book(_ ask: Ask, file: Beneficiary, now: Date, on db: any Database) async throws -> Result<Appointment, Refusal> {
        guard ask.purpose.count <= 300 else { return .failure(.purpose) }
        guard let slotID = ask.slotID, let slot = try await AppointmentSlot.find(slotID, on: db), !slot.isCancelled, slot.startsAt > now,
              slot.branchID == file.$branch.id else { return .failure(.slot) }
        guard let mode = ask.mode, slot.modes.contains(mode) else { return .failure(.mode) }
        let fileID = try file.requireID()
        let upcoming = try await Appointment.query(on: db).filter(\.$beneficiaryID == fileID).filter(\.$status == .booked).all()
        let slots = try await AppointmentSlot.query(on: db).filter(\.$id ~~ upcoming.map(\.slotID)).filter(\.$startsAt > now).count()
        guard slots == 0 else { return .failure(.alreadyBooked) }
        let made = Appointment()
        made.id = UUID()
        (made.slotID, made.beneficiaryID, made.branchID, made.mode, made.status) = (slotID, fileID, slot.branchID, mode, .booked)
        (made.purpose, made.source, made.bookedBy, made.bookedAt, made.outcome, made.version) = (ask.purpose, ask.source, ask.by, now, "", 1)
        // Inserted only while the slot has room, counted in the same statement.
        let inserted = try await db.sql.raw("""
            INSERT INTO appointments (id, slot_id, beneficiary_id, branch_id, mode, status, purpose, source, booked_by, booked_at, outcome, version)
            SELECT \(bind: made.id!), \(bind: slotID), \(bind: fileID), \(bind: slot.branchID), \(bind: mode.rawValue), 'booked', \(bind: ask.purpose),
                \(bind: ask.source.rawValue), \(bind: ask.by), \(bind: now), '', 1
            WHERE (SELECT count(*) FROM appointments WHERE slot_id = \(bind: slotID) AND status IN ('booked', 'attended', 'noShow')) < \(bind: slot.capacity)
            RETURNING id
            """).all()
        guard inserted.count == 1 else { return .failure(.full) }
        return .success(made)
    }

    /// Her message (booked, reminded, cancelled) in the language and by the channel she chose; a letter or an email
    /// without an address goes by SMS. `message` is the localization key of its text: {0} her name, {1} when, {2} how.
    static func tell(_ file: Beneficiary, _ appointment: Appointment, slot: AppointmentSlot, message: String, localizer: Localizer, now: Date,
                     on db: any Database) async throws {
        let preference = try await MessagePreference.of(try file.requireID(), on: db)
        let language: Language = preference?.language == "en" ? .en : .ar
        let when = DualCalendarFormatter(language: language).dateTime(slot.startsAt).combined
        var channel = preference?.channel ?? .sms
        if channel == .letter || (channel == .email && file.email.isEmpty) { channel = .sms }
        let id = try appointment.requireID().uuidString
        try await Outbox.enqueue(Outbox.Draft(
            channel: channel, recipient: channel == .email ? file.email : file.mobile, subject: localizer.text("appointment.message.subject", language),
            body: localizer.text(message, language, [file.nameFirst, when, localizer.text(appointment.mode.localizationKey, language)]),
            idempotencyKey: "\(message):\(id)", relatedType: "appointment", relatedID: id, branchID: appointment.branchID,
            beneficiaryID: file.id), now: now, on: db)
    }
}
