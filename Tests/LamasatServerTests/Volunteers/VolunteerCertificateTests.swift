import Fluent
import Foundation
import LamasatCore
import Testing
@testable import LamasatServer

/// Issue 17, part D: certificates of approved hours, checked at /verify/<code> by anyone, showing only her name,
/// hours and period; revocable; hers to open in the volunteer area, nobody else's.
@Suite("Volunteer certificates", .serialized)
struct VolunteerCertificateTests {
    /// A volunteer with 150 approved minutes of tutoring and 120 of a distribution day, and 600 pending.
    private func worked(_ t: TestContext) async throws -> Volunteer {
        let volunteer = try await t.makeVolunteer(nationalID: "1000000016", mobile: "+966501234567")
        _ = try await t.makeWorkedAssignment(volunteer, kind: .tutoring, title: "دروس", daysAgo: 10, minutes: 150, hours: .approved)
        _ = try await t.makeWorkedAssignment(volunteer, kind: .distributionDay, title: "توزيع", daysAgo: 5, minutes: 120, hours: .approved)
        _ = try await t.makeWorkedAssignment(volunteer, kind: .event, title: "حفل", daysAgo: 4, minutes: 600, hours: .pending)
        return volunteer
    }

    private func issue(_ t: TestContext, _ browser: Browser, _ volunteer: Volunteer, from: Double = 30) async throws -> (Browser.Page, VolunteerCertificate?) {
        let today = CalendarDay.today(t.clock.now()).description
        _ = try await browser.get("/volunteers/\(volunteer.id!.uuidString)/certificate")
        let page = try await browser.post("/volunteers/\(volunteer.id!.uuidString)/certificate",
                                          ["from": CalendarDay.today(t.clock.now().addingTimeInterval(-from * 86_400)).description, "to": today])
        // The new certificate is the one the answer leads to.
        let id = page.location.flatMap { UUID(uuidString: String($0.split(separator: "/").last ?? "")) }
        return (page, try await id.asyncMap { try await VolunteerCertificate.find($0, on: t.db) } ?? nil)
    }

    @Test("a certificate counts only approved hours of the period and the kinds she served; /verify shows only name, hours and period")
    func issueAndVerify() async throws {
        try await withLamasat { t in
            let volunteer = try await worked(t)
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let (page, made) = try await issue(t, coordinator, volunteer)
            let certificate = try #require(made)
            #expect(page.status == .seeOther && page.location == "/volunteers/certificates/\(certificate.id!.uuidString)")
            #expect(certificate.minutes == 270 && Set(certificate.roleList) == [.tutoring, .distributionDay])
            #expect(certificate.code.count == 10 && CertificateCode.canonical(certificate.code) == certificate.code)
            let printed = try await coordinator.get("/volunteers/certificates/\(certificate.id!.uuidString)")
            #expect(printed.status == .ok && printed.contains("4.5") && printed.contains("/verify/\(certificate.code)") && printed.contains("data:image/svg+xml"))

            let visitor = t.browser(address: "203.0.113.9")
            let verified = try await visitor.get("/verify/\(certificate.code.lowercased())")
            #expect(verified.status == .ok)
            #expect(verified.contains("شهادة صحيحة") && verified.contains("نورة سالم الحربي") && verified.contains("4.5"))
            for secret in ["1000000016", "501234567", volunteer.number, "النسيم", "دروس"] {
                #expect(!verified.contains(secret), "the verify page shows \(secret)")
            }
            #expect(try await t.auditEntries(action: "volunteer.certificate.verified").contains { $0.detail?.contains("outcome=valid") == true })
            // Only a narrower period counts less: 5 days back holds the distribution day alone.
            let (_, narrower) = try await issue(t, coordinator, volunteer, from: 6)
            #expect(narrower?.minutes == 120 && narrower?.roleList == [.distributionDay])
        }
    }

    @Test("unknown and malformed codes get the same page; a revoked certificate says so; a period without hours is refused")
    func unknownRevokedEmpty() async throws {
        try await withLamasat { t in
            let volunteer = try await worked(t)
            let visitor = t.browser(address: "203.0.113.10")
            let unknown = try await visitor.get("/verify/ABCDE12345")
            let malformed = try await visitor.get("/verify/%3Cscript%3E")
            #expect(unknown.status == .ok && malformed.status == .ok)
            #expect(unknown.contains("لا توجد شهادة بهذا الرمز") && malformed.contains("لا توجد شهادة بهذا الرمز"))
            #expect(!malformed.contains("<script>"))

            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let (empty, none) = try await issue(t, coordinator, volunteer, from: 1)
            #expect(empty.status == .unprocessableEntity && none == nil && empty.contains("لا ساعات معتمدة"))
            let (_, made) = try await issue(t, coordinator, volunteer)
            let certificate = try #require(made)
            let noReason = try await coordinator.post("/volunteers/certificates/\(certificate.id!.uuidString)/revoke", ["reason": ""])
            #expect(noReason.status == .unprocessableEntity)
            #expect(try await coordinator.post("/volunteers/certificates/\(certificate.id!.uuidString)/revoke", ["reason": "صدرت بالخطأ"]).status == .seeOther)
            let revoked = try await visitor.get("/verify/\(CertificateCode.grouped(certificate.code))")
            #expect(revoked.contains("شهادة ملغاة") && revoked.contains("نورة سالم الحربي"))
        }
    }

    @Test("the verify page is rate-limited per address")
    func rateLimited() async throws {
        try await withLamasat { t in
            let visitor = t.browser(address: "203.0.113.11")
            for _ in 0..<CertificateVerifyController.perHour { _ = try await visitor.get("/verify/ABCDE12345") }
            #expect(try await visitor.get("/verify/ABCDE12345").status == .tooManyRequests)
            #expect(try await t.browser(address: "203.0.113.12").get("/verify/ABCDE12345").status == .ok)
        }
    }

    @Test("in the volunteer area she lists and opens her own certificates only; signed out she is sent to sign in")
    func hers() async throws {
        try await withLamasat { t in
            let volunteer = try await worked(t)
            let other = try await t.makeVolunteer("سارة علي", nationalID: "1000000024", mobile: "+966501234568")
            _ = try await t.makeWorkedAssignment(other, daysAgo: 3, minutes: 60, hours: .approved)
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let (_, mine) = try await issue(t, coordinator, volunteer)
            let (_, theirs) = try await issue(t, coordinator, other)
            let her = try await t.volunteerBrowser(volunteer)
            let list = try await her.get("/v/certificate")
            #expect(list.status == .ok && list.contains(mine!.id!.uuidString) && !list.contains(theirs!.id!.uuidString))
            #expect(try await her.get("/v/certificate/\(mine!.id!.uuidString)").contains("/verify/\(mine!.code)"))
            #expect(try await her.get("/v/certificate/\(theirs!.id!.uuidString)").status == .notFound)
            let stranger = try await t.browser().get("/v/certificate")
            #expect(stranger.status == .seeOther && stranger.location == "/v/signin")
            // A staff session is not hers.
            #expect(try await coordinator.get("/v/certificate").location == "/v/signin")
        }
    }

    @Test("other roles get 403 and a coordinator of another branch 404 on her certificate pages, thanks and revocation")
    func reach() async throws {
        try await withLamasat { t in
            let volunteer = try await worked(t)
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let (_, made) = try await issue(t, coordinator, volunteer)
            let certificate = try #require(made).id!.uuidString
            let id = volunteer.id!.uuidString
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.get("/volunteers/\(id)/certificate").status == .forbidden)
            #expect(try await officer.get("/volunteers/certificates/\(certificate)").status == .forbidden)
            #expect(try await officer.post("/volunteers/\(id)/thanks", ["message": "شكرًا"]).status == .forbidden)
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .volunteerCoordinator, username: "jed.coordinator", branch: jeddah, scope: .ownBranch)
            #expect(try await other.get("/volunteers/\(id)/certificate").status == .notFound)
            #expect(try await other.post("/volunteers/\(id)/certificate", ["from": "2026-01-01", "to": "2026-01-02"]).status == .notFound)
            #expect(try await other.get("/volunteers/certificates/\(certificate)").status == .notFound)
            #expect(try await other.post("/volunteers/certificates/\(certificate)/revoke", ["reason": "x"]).status == .notFound)
            #expect(try await other.post("/volunteers/\(id)/thanks", ["message": "شكرًا"]).status == .notFound)
            #expect(try await VolunteerCertificate.query(on: t.db).filter(\.$revokedAt != nil).count() == 0)
        }
    }

    @Test("a thanks message goes to her mobile through the outbox, audited; an empty one is refused")
    func thanks() async throws {
        try await withLamasat { t in
            let volunteer = try await t.makeVolunteer()
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let id = volunteer.id!.uuidString
            _ = try await coordinator.get("/volunteers/\(id)/certificate")
            #expect(try await coordinator.post("/volunteers/\(id)/thanks", ["message": ""]).status == .unprocessableEntity)
            #expect(try await coordinator.post("/volunteers/\(id)/thanks", ["message": "شكرًا لك على يوم التوزيع"]).status == .seeOther)
            let sent = try await OutboxMessage.query(on: t.db).all()
            #expect(sent.count == 1 && sent[0].recipient == volunteer.mobile && sent[0].body == "شكرًا لك على يوم التوزيع")
            #expect(try await t.auditEntries(action: "volunteer.thanked").count == 1)
        }
    }
}
