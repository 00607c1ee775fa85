import Fluent
import Foundation
import LamasatCore
import Testing
@testable import LamasatServer

/// Issue 17, [P-2]: no assignment before both texts are signed, and a new wording asks for a new signature.
@Suite("Volunteer pledges", .serialized)
struct VolunteerPledgeRulesTests {
    @Test("a new volunteer owes both texts; signing clears them; a new version of one asks for that one again")
    func missingPledges() async throws {
        try await withLamasat { t in
            let volunteer = try await t.makeVolunteer()
            let id = try volunteer.requireID()
            #expect(try await VolunteerPledges.missing(for: id, on: t.db) == [.agreement, .confidentiality])
            try await t.signPledges(volunteer)
            #expect(try await VolunteerPledges.missing(for: id, on: t.db).isEmpty)

            let newer = VolunteerPledgeText()
            newer.kind = .confidentiality
            newer.version = 2
            newer.arabic = "نص التعهد الجديد"
            newer.english = ""
            newer.createdAt = t.clock.now()
            try await newer.create(on: t.db)
            #expect(try await VolunteerPledges.missing(for: id, on: t.db) == [.confidentiality])
            #expect(try await VolunteerPledgeText.current(on: t.db)[.confidentiality]?.text(in: .en) == "نص التعهد الجديد")
        }
    }
}
