import Fluent
import Foundation
import LamasatCore

/// Invented applications from the website in each state (one accepted and linked to the record it became) and the
/// status history of the paused and ended demo volunteers (issue 17, part A). Added once: nothing when applications
/// already exist.
enum DemoVolunteerPeople {
    static let applications: [(name: String, phone: String, branch: String, skills: String, availability: String, status: VolunteerApplication.Status,
                               daysAgo: Double)] = [
        ("ريم عبدالعزيز القحطاني", "+966533300101", "HQ", "أستطيع تدريس اللغة الإنجليزية للمرحلة المتوسطة", "evenings", .new, 2),
        ("سارة منصور البقمي", "+966533300102", "HQ", "قيادة السيارة وإيصال السلال الغذائية", "mornings,weekends", .contacted, 9),
        ("مها عادل الشهري", "+966533300103", "JED", "تصميم ومحتوى لوسائل التواصل", "remote", .declined, 30),
        ("نورة سالم عبدالله الحربي", "+966530000000", "HQ", "قيادة، وتعبئة السلال في أيام التوزيع", "mornings,weekends", .accepted, 205),
    ]

    /// Returns how many applications were added.
    static func load(branches: [String: UUID], now: Date, on db: any Database) async throws -> Int {
        guard try await VolunteerApplication.query(on: db).count() == 0 else { return 0 }
        let coordinator = try await StaffUser.query(on: db).filter(\.$username == "demo.volunteers").first()?.id
        try await db.writeTransaction { db in
            for item in applications {
                guard let branch = branches[item.branch] else { continue }
                let application = VolunteerApplication()
                application.name = item.name
                application.phone = item.phone
                application.email = ""
                application.branchID = branch
                application.skills = item.skills
                application.availability = item.availability
                application.status = item.status
                application.note = item.status == .declined ? "لا فرص عن بُعد في الفرع حاليًا" : ""
                application.createdAt = now.addingTimeInterval(-item.daysAgo * 86_400)
                if item.status != .new {
                    application.handledBy = coordinator
                    application.handledAt = application.createdAt.addingTimeInterval(2 * 86_400)
                }
                try await application.create(on: db)
                // The accepted one became the record of the same name.
                if item.status == .accepted, let record = try await Volunteer.query(on: db).filter(\.$name == item.name).first() {
                    record.applicationID = application.id
                    try await record.save(on: db)
                }
            }
            for volunteer in try await Volunteer.query(on: db).filter(\.$status != .active).all() {
                let change = VolunteerStatusChange(volunteerID: try volunteer.requireID(), from: .active, to: volunteer.status,
                                                   reason: volunteer.statusReason, by: coordinator, at: now.addingTimeInterval(-20 * 86_400))
                try await change.create(on: db)
            }
        }
        return applications.count
    }
}
