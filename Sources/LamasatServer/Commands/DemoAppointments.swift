import Fluent
import Foundation
import LamasatCore

/// Issue 20's appointments in the demo: every branch publishes mornings of interview slots over the past week and the
/// next two; past bookings attended or missed, upcoming ones booked by officers and from portals. Added once.
enum DemoAppointments {
    static func load(now: Date, on db: any Database) async throws -> Int {
        guard try await AppointmentSlot.query(on: db).count() == 0 else { return 0 }
        let calendar = WorkingCalendar()
        let today = CalendarDay.today(now)
        var booked = 0
        for branch in try await Branch.query(on: db).filter(\.$isActive == true).sort(\.$code).all() {
            let branchID = try branch.requireID()
            var officer = try await StaffUser.query(on: db).filter(\.$branch.$id == branchID).filter(\.$role == .relationsOfficer).first()
            if officer == nil { officer = try await StaffUser.query(on: db).filter(\.$role == .admin).first() }
            guard let officer else { continue }
            let files = try await Beneficiary.query(on: db).filter(\.$branch.$id == branchID).sort(\.$fileSequence).limit(40).all()
            var next = 0
            for offset in -7...14 {
                let day = PledgeSchedule.adding(days: offset, to: today)
                guard calendar.isWorkingDay(day.moment) else { continue }
                guard let from = CalendarDay.moment(day: day.description, time: "09:00") else { continue }
                for (index, start) in AppointmentRules.starts(from: from, to: from.addingTimeInterval(3 * 3_600), minutes: 30).enumerated() {
                    let slot = AppointmentSlot()
                    (slot.branchID, slot.startsAt, slot.minutes, slot.modesText, slot.capacity) = (branchID, start, 30, "inPerson,phone,video", 1)
                    (slot.isCancelled, slot.createdBy, slot.createdAt) = (false, try officer.requireID(), now.addingTimeInterval(-10 * 86_400))
                    try await slot.create(on: db)
                    // About half the slots are taken, by the files in turn.
                    guard (index + offset) % 2 == 0, next < files.count else { continue }
                    let file = files[next]
                    next += 1
                    let a = Appointment()
                    let past = start < now
                    (a.slotID, a.beneficiaryID, a.branchID, a.mode) = (slot.id!, try file.requireID(), branchID, [.inPerson, .phone, .video][index % 3])
                    a.status = past ? (index % 4 == 2 ? .noShow : .attended) : .booked
                    (a.purpose, a.source, a.bookedBy) = (["استكمال المستندات", "مقابلة البحث", "الاستفسار عن طلب"][index % 3], index % 2 == 0 ? .staff : .portal,
                                                         index % 2 == 0 ? officer.id : nil)
                    (a.bookedAt, a.outcome, a.version) = (start.addingTimeInterval(-3 * 86_400), past && a.status == .attended ? "اكتمل الغرض" : "", 1)
                    if past { (a.closedBy, a.closedAt) = (officer.id, start.addingTimeInterval(1_800)) }
                    try await a.create(on: db)
                    booked += 1
                }
            }
        }
        return booked
    }
}
