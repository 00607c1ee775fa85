import Fluent
import Foundation
import LamasatCore
import SQLKit
import Vapor

/// Eighteen months of invented activity on the demo files, so reports and dashboards show a shape: support requests
/// in every status with the rows the workflow writes on their way (transitions, declarations, research, committee
/// meetings with votes and decisions, deliveries), inquiries, complaints, contacts on the eight channels, and
/// messages sent and failed. Seeded, so every run invents the same story; added once (nothing happens when requests
/// already exist).
///
/// Written straight as records rather than through `RequestWorkflow.apply`: that needs a live HTTP request and
/// reads the clock once, while this story spans 18 months. Every step still goes through the Core state machine
/// (`SupportRequestStatus.applying`), so no request holds a status the workflow could not have given it.
enum DemoActivity {
    static let months = 18

    /// Who does what in the story, found by the demo usernames.
    struct Cast {
        var officers: [UUID: UUID]  // branch → officer or representative
        var fallbackOfficer: UUID
        var researcher: UUID
        var members: [UUID]  // the chair first
        var service: UUID
        var serviceName: String
        var manager: UUID

        func officer(_ branch: UUID) -> UUID { officers[branch] ?? fallbackOfficer }

        static func find(branches: [String: UUID], on db: any Database) async throws -> Cast? {
            let users = Dictionary(try await StaffUser.query(on: db).filter(\.$username =~ "demo.").all().map { ($0.username, $0) },
                                   uniquingKeysWith: { first, _ in first })
            func id(_ name: String) -> UUID? { users[name]?.id }
            guard let officer = id("demo.officer"), let researcher = id("demo.researcher"), let chair = id("demo.committee"),
                  let member2 = id("demo.committee2"), let member3 = id("demo.committee3"), let service = id("demo.service"),
                  let manager = id("demo.manager") else { return nil }
            var officers: [UUID: UUID] = [:]
            for (code, username) in [("HQ", "demo.officer"), ("JED", "demo.rep.jed"), ("DMM", "demo.officer.dmm")] {
                if let branch = branches[code], let user = id(username) { officers[branch] = user }
            }
            return Cast(officers: officers, fallbackOfficer: officer, researcher: researcher, members: [chair, member2, member3],
                        service: service, serviceName: users["demo.service"]?.fullName ?? "", manager: manager)
        }
    }

    /// The demo files as the story needs them.
    struct File {
        let id: UUID
        let branch: UUID
        let mobile: String
        let firstName: String
        let fullName: String
        let version: Int
        let createdAt: Date
    }

    struct Counts { var requests = 0, inquiries = 0, complaints = 0, contacts = 0, messages = 0 }

    static func load(branches: [String: UUID], now: Date, on db: any Database) async throws -> Counts {
        guard try await SupportRequest.query(on: db).count() == 0,
              let cast = try await Cast.find(branches: branches, on: db) else { return Counts() }
        let files = try await Beneficiary.query(on: db).sort(\.$fileSequence).all().map {
            File(id: try $0.requireID(), branch: $0.$branch.id, mobile: $0.mobile, firstName: $0.nameFirst,
                 fullName: ArabicName(first: $0.nameFirst, father: $0.nameFather, grandfather: $0.nameGrandfather, family: $0.nameFamily).full,
                 version: $0.version, createdAt: $0.createdAt)
        }
        guard !files.isEmpty else { return Counts() }
        return try await db.writeTransaction { db in
            var story = DemoStory(now: now, cast: cast, files: files, branches: branches.values.sorted { $0.uuidString < $1.uuidString })
            try await story.prepare(on: db)
            story.inventRequests()
            story.inventCases()
            story.inventContacts()
            try await story.save(on: db)
            return story.counts
        }
    }
}

/// Month boundaries and moments in Riyadh time, which the story and the dashboards count by.
enum RiyadhMonths {
    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        return calendar
    }

    /// The first moment of the month `offset` months after the month of `date` (negative for earlier months).
    static func start(_ offset: Int, from date: Date) -> Date {
        let calendar = calendar
        let first = calendar.date(from: calendar.dateComponents([.year, .month], from: date))!
        return calendar.date(byAdding: .month, value: offset, to: first)!
    }

    /// "yyyy-mm" of a moment, as survey responses store their month.
    static func key(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d", parts.year!, parts.month!)
    }
}
