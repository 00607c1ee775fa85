import Fluent
import Foundation
import LamasatCore
import Testing
@testable import LamasatServer

/// Issue 17, part D: her survey after an assignment (one answer, by the link in her SMS), what the coordinator reads
/// of it, and the volunteer who carried a volunteer-service contact.
@Suite("Volunteer feedback and service contacts", .serialized)
struct VolunteerFeedbackTests {
    @Test("her survey link takes one valid answer; the coordinator sees the average and the comment, another branch does not")
    func survey() async throws {
        try await withLamasat { t in
            let volunteer = try await t.makeVolunteer()
            let assignment = try await t.makeWorkedAssignment(volunteer)
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            _ = try await coordinator.get("/volunteers/hours")
            _ = try await coordinator.post("/volunteers/hours/\(assignment.id!.uuidString)", ["decision": "approve", "minutes": "180"])
            let token = try #require(try await t.linkCode(in: "volunteer-survey:", path: "vs"))
            let stored = try #require(try await VolunteerSurvey.query(on: t.db).first())
            #expect(stored.tokenHash == SessionTokens.hash(token) && stored.tokenHash != token)

            let her = t.browser()
            #expect(try await her.get("/vs/\(token)").status == .ok)
            let invalid = try await her.post("/vs/\(token)", ["rating": "9", "safe": "yes", "prepared": "", "comment": "تعليقي"])
            #expect(invalid.status == .unprocessableEntity && invalid.contains("تعليقي"))
            #expect(try await her.post("/vs/\(token)", ["rating": "4", "safe": "yes", "prepared": "no", "comment": "أتمنى تدريبًا قبل المهمة"]).status == .ok)
            #expect(try await her.post("/vs/\(token)", ["rating": "1", "safe": "no", "prepared": "no"]).status == .gone)
            let answered = try #require(try await VolunteerSurvey.query(on: t.db).first())
            #expect(answered.rating == 4 && answered.feltSafe == true && answered.feltPrepared == false)
            #expect(try await her.get("/vs/AAAABBBBCCCCDDDD").status == .notFound)

            let results = try await coordinator.get("/volunteers/feedback")
            #expect(results.status == .ok && results.contains("4.0") && results.contains("أتمنى تدريبًا قبل المهمة"))
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .volunteerCoordinator, username: "jed.coordinator", branch: jeddah, scope: .ownBranch)
            let theirs = try await other.get("/volunteers/feedback")
            #expect(theirs.status == .ok && !theirs.contains("أتمنى تدريبًا قبل المهمة"))
            let (researcher, _) = try await t.signedIn(as: .researcher)
            #expect(try await researcher.get("/volunteers/feedback").status == .forbidden)
        }
    }

    @Test("a volunteer-service contact names the volunteer who carried it; another channel may not; her record counts them")
    func serviceContacts() async throws {
        try await withLamasat { t in
            let volunteer = try await t.makeVolunteer()
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let form = try await officer.get("/contacts/new")
            #expect(form.contains("name=\"volunteer\"") && form.contains(volunteer.id!.uuidString))
            let fields = ["direction": "outgoing", "subject": "اطمئنان على الأسرة", "outcome": "answered", "volunteer": volunteer.id!.uuidString]
            let wrong = try await officer.post("/contacts", fields.merging(["channel": "phone"]) { $1 })
            #expect(wrong.status == .unprocessableEntity && wrong.contains("لتواصل الخدمة التطوعية فقط"))
            #expect(try await Contact.query(on: t.db).count() == 0)
            let stranger = try await officer.post("/contacts", fields.merging(["channel": "volunteerService", "volunteer": UUID().uuidString]) { $1 })
            #expect(stranger.status == .unprocessableEntity)
            #expect(try await officer.post("/contacts", fields.merging(["channel": "volunteerService"]) { $1 }).status == .seeOther)
            let contact = try #require(try await Contact.query(on: t.db).first())
            #expect(contact.volunteerID == volunteer.id && contact.channel == .volunteerService)
            let list = try await officer.get("/contacts")
            #expect(list.contains(volunteer.number), "\(list.body.suffix(3000))")
            #expect(try await VolunteerServiceContacts.count(for: volunteer.requireID(), on: t.db) == 1)
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let record = try await coordinator.get("/volunteers/\(volunteer.id!.uuidString)/certificate")
            #expect(record.contains("اطمئنان على الأسرة") == false)
        }
    }
}
