import Fluent
import Foundation
import LamasatCore

/// Invented volunteers of the demo branches (issue 17): most active with both pledges signed, one who has not signed
/// yet, one paused and one ended, with skills, districts (those of the demo files) and availability. Added once:
/// nothing when volunteers already exist. Opportunities, assignments, hours and certificates build on these.
enum DemoVolunteers {
    static let people: [(name: String, branch: String, skills: [VolunteerSkill], districts: [String], days: [AvailabilitySlot.Day],
                         parts: [AvailabilitySlot.Part], status: VolunteerStatus, signed: Bool)] = [
        ("نورة سالم عبدالله الحربي", "HQ", [.driving, .packing], ["النسيم", "الروضة"], [.sun, .tue, .thu], [.morning, .afternoon], .active, true),
        ("العنود فهد محمد الشمري", "HQ", [.tutoring, .childcare], ["العليا", "الملز"], [.mon, .wed], [.evening], .active, true),
        ("جميلة عبدالله سعيد القرني", "HQ", [.nursing, .socialWork], ["الصفا", "الفيصلية"], [.sun, .mon, .tue, .wed, .thu], [.morning], .active, true),
        ("لمياء خالد ناصر العمري", "HQ", [.driving, .events], ["المروج", "النسيم", "الشاطئ"], [.fri, .sat], [.morning, .afternoon, .evening], .active, true),
        ("رهف ناصر علي السهلي", "HQ", [.translation, .technology], ["العليا"], [.sat, .sun], [.evening], .active, false),
        ("بشرى علي أحمد الزهراني", "JED", [.driving, .packing, .events], ["الروضة", "الصفا"], [.sun, .tue, .thu], [.afternoon], .active, true),
        ("أسماء حسن صالح الغامدي", "JED", [.tutoring], ["الشاطئ", "المروج"], [.mon, .wed], [.afternoon, .evening], .active, true),
        ("منى سعد فهد الدوسري", "DMM", [.driving, .socialWork], ["الفيصلية", "الملز"], [.sun, .mon, .tue], [.morning, .afternoon], .active, true),
        ("هيا محمد سلمان العتيبي", "DMM", [.packing, .events], ["النسيم"], [.fri, .sat], [.morning], .paused, true),
        ("وعد إبراهيم حمد المالكي", "ABH", [.nursing], ["العليا", "الروضة"], [.wed, .thu], [.morning], .ended, true),
    ]

    /// Returns how many volunteers were added.
    static func load(branches: [String: UUID], coordinator username: String, now: Date, on db: any Database) async throws -> Int {
        guard try await Volunteer.query(on: db).count() == 0 else { return 0 }
        let coordinator = try await StaffUser.query(on: db).filter(\.$username == username).first()?.id ?? UUID()
        let texts = try await VolunteerPledgeText.current(on: db)
        let cities = Dictionary(uniqueKeysWithValues: DemoDataCommand.branches.map { ($0.code, $0.city) })
        try await db.writeTransaction { db in
            for (index, person) in people.enumerated() {
                guard let branch = branches[person.branch] else { continue }
                let joined = now.addingTimeInterval(-Double(200 - index * 12) * 86_400)
                let volunteer = Volunteer()
                volunteer.number = ReferenceNumber("V", sequence: try await Counters.next("volunteer", on: db), at: joined).description
                volunteer.name = person.name
                volunteer.nationalID = NationalID.make(kind: .citizen, body: 41_000_000 + index * 6_131).value
                volunteer.mobile = "+9665" + String(30_000_000 + index * 1_234_567)
                volunteer.email = ""
                volunteer.gender = .female
                volunteer.branchID = branch
                volunteer.city = cities[person.branch] ?? ""
                volunteer.districts = CodeList.join(person.districts)
                volunteer.skills = CodeList.join(person.skills.map(\.rawValue))
                volunteer.languages = index % 4 == 0 ? "ar,en" : "ar"
                volunteer.availability = CodeList.join(person.days.flatMap { day in person.parts.map { AvailabilitySlot(day, $0).description } })
                volunteer.transport = person.skills.contains(.driving) ? .ownCar : .needsTransport
                volunteer.emergencyName = String(person.name.split(separator: " ")[1]) + " " + String(person.name.split(separator: " ").last!)
                volunteer.emergencyPhone = "+9665" + String(50_000_000 + index * 7_654_321 % 40_000_000)
                volunteer.status = person.status
                volunteer.statusReason = switch person.status {
                case .paused: "سفر لمدة شهرين"
                case .ended: "انتقلت إلى مدينة أخرى"
                case .active: ""
                }
                volunteer.createdBy = coordinator
                volunteer.createdAt = joined
                volunteer.updatedAt = joined
                volunteer.version = 1
                try await volunteer.create(on: db)
                guard person.signed else { continue }
                for (kind, text) in texts {
                    let pledge = VolunteerPledge()
                    pledge.volunteerID = try volunteer.requireID()
                    pledge.kind = kind
                    pledge.textVersion = text.version
                    pledge.method = .typed
                    pledge.signerName = person.name
                    pledge.recordedBy = index % 2 == 0 ? coordinator : nil
                    pledge.signedAt = joined.addingTimeInterval(3_600)
                    try await pledge.create(on: db)
                }
            }
        }
        return people.count
    }
}
