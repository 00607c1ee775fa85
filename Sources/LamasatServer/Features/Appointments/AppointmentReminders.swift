import Fluent
import Foundation
import LamasatCore

/// The day before her appointment, a reminder by her channel, once: a periodic task of the worker.
enum AppointmentReminders {
    static let jobName = "appointments.reminders"

    @discardableResult
    static func run(now: Date, localizer: Localizer, on db: any Database) async throws -> Int {
        let tomorrow = WorkingCalendar.startOfDay(PledgeSchedule.adding(days: 1, to: CalendarDay.today(now)))
        let slots = try await AppointmentSlot.query(on: db).filter(\.$isCancelled == false).filter(\.$startsAt >= tomorrow)
            .filter(\.$startsAt < tomorrow.addingTimeInterval(86_400)).all()
        guard !slots.isEmpty else { return 0 }
        let byID = Dictionary(uniqueKeysWithValues: slots.map { ($0.id!, $0) })
        let due = try await Appointment.query(on: db).filter(\.$slotID ~~ Array(byID.keys)).filter(\.$status == .booked).filter(\.$remindedAt == nil).all()
        var sent = 0
        for appointment in due {
            guard let slot = byID[appointment.slotID], let file = try await Beneficiary.find(appointment.beneficiaryID, on: db) else { continue }
            try await db.writeTransaction { db in
                try await AppointmentBooking.tell(file, appointment, slot: slot, message: "appointment.message.reminder", localizer: localizer, now: now, on: db)
                appointment.remindedAt = now
                try await appointment.save(on: db)
            }
            sent += 1
        }
        return sent
    }
}
