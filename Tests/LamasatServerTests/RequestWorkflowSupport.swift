import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// One person per role of the request's way, signed in, in head office; and helpers that walk a request forward.
struct Crew {
    let t: TestContext
    let officer: Browser
    let researcher: Browser
    let researcherUser: StaffUser
    let manager: Browser
    let chair: Browser
    let members: [Browser]
    let memberUsers: [StaffUser]
    let service: Browser

    static func make(_ t: TestContext) async throws -> Crew {
        let (officer, _) = try await t.signedIn(as: .relationsOfficer)
        let (researcher, researcherUser) = try await t.signedIn(as: .researcher)
        let (manager, _) = try await t.signedIn(as: .manager)
        var browsers: [Browser] = []
        var users: [StaffUser] = []
        for index in 1...3 {
            let (browser, user) = try await t.signedIn(as: .committeeMember, username: "member\(index)")
            browsers.append(browser)
            users.append(user)
        }
        let (service, _) = try await t.signedIn(as: .serviceOfficer)
        return Crew(t: t, officer: officer, researcher: researcher, researcherUser: researcherUser, manager: manager, chair: browsers[0],
                    members: browsers, memberUsers: users, service: service)
    }

    func request(_ id: UUID) async throws -> SupportRequest { try #require(try await SupportRequest.find(id, on: t.db)) }

    /// A widow's file with rent support asked by phone, submitted.
    func submitted(fileForm form: [String: String]? = nil) async throws -> (file: UUID, request: UUID) {
        let fields: [String: String]
        if let form { fields = form } else { fields = try await fileForm(t) }
        let file = try await registerFile(officer, fields)
        let id = try await RequestIntakeTests().intake(t, officer, file: file)
        try await officer.get("/requests/\(id)")
        #expect(try await officer.post("/requests/\(id)/submit").status == .seeOther)
        return (file, id)
    }

    /// Uploads and verifies everything rent support needs for a widow.
    func completeChecklist(_ file: UUID) async throws {
        try await completeDocuments(t, officer, file)
        for code in ["lease_contract", "iban_certificate"] {
            let type = try #require(try await DocumentType.query(on: t.db).filter(\.$code == code).first())
            let page = try await officer.upload("/beneficiaries/\(file)/documents", ["type": type.id!.uuidString, "issueDate": "2025-01-01",
                                                                                     "expiryDate": type.hasExpiry ? "2030-01-01" : ""],
                                                file: samplePDF, filename: "\(code).pdf")
            #expect(page.status == .seeOther, "upload \(code)")
        }
        for document in try await BeneficiaryDocument.query(on: t.db).filter(\.$beneficiary.$id == file).filter(\.$verification == .pending).all() {
            #expect(try await officer.post("/beneficiaries/\(file)/documents/\(document.id!)/verify", ["outcome": "matched"]).status == .seeOther)
        }
    }

    static let signature = "data:image/png;base64," + Data(samplePNG).base64EncodedString()

    /// Verified, referred to the researcher, declaration signed on the pad: in social research.
    func inResearch(fileForm form: [String: String]? = nil) async throws -> (file: UUID, request: UUID) {
        let (file, id) = try await submitted(fileForm: form)
        try await completeChecklist(file)
        #expect(try await officer.post("/requests/\(id)/verification/start").status == .seeOther)
        #expect(try await officer.post("/requests/\(id)/verification/complete", ["researcher": "auto", "reason": "زيارة منزلية للتأكد من السكن"]).status == .seeOther)
        #expect(try await request(id).status == .awaitingDeclaration)
        #expect(try await officer.post("/requests/\(id)/declaration/drawn", ["signature": Self.signature]).status == .seeOther)
        #expect(try await request(id).status == .socialResearch)
        return (file, id)
    }

    /// The researcher visits and files her report: in committee review.
    func inCommittee(fileForm form: [String: String]? = nil) async throws -> (file: UUID, request: UUID) {
        let (file, id) = try await inResearch(fileForm: form)
        try await researcher.get("/requests/\(id)")
        #expect(try await researcher.post("/requests/\(id)/visits", ["kind": "homeVisit", "date": "2026-12-01", "time": "10:30"]).status == .seeOther)
        #expect(try await researcher.post("/requests/\(id)/report", ["housing": "شقة مستأجرة من غرفتين", "incomeCheck": "لا دخل ثابت",
                                                                      "needs": "سداد ثلاثة أشهر إيجار", "recommendation": "approve",
                                                                      "recommendedAmount": "4500"]).status == .seeOther)
        #expect(try await request(id).status == .committeeReview)
        return (file, id)
    }

    /// A meeting of the three members, the first one chairing, quorum `quorum`.
    func meeting(quorum: Int = 2) async throws -> UUID {
        try await manager.get("/committee/new")
        let page = try await manager.postMany("/committee", [
            ("branch", try await t.headOffice().id!.uuidString), ("date", "2026-12-10"), ("time", "11:00"), ("location", "قاعة الاجتماعات"),
            ("chair", memberUsers[0].id!.uuidString), ("quorum", String(quorum)),
        ] + memberUsers.map { ("members[]", $0.id!.uuidString) })
        #expect(page.status == .seeOther, "meeting: \(page.status)")
        let location = try #require(page.location)
        return try #require(UUID(uuidString: String(location.dropFirst("/committee/".count).prefix(36))))
    }

    func vote(_ member: Int, _ meeting: UUID, _ request: UUID, _ vote: CommitteeVote) async throws -> Browser.Page {
        try await members[member].get("/committee/\(meeting)")
        return try await members[member].post("/committee/\(meeting)/requests/\(request)/vote", ["noConflict": "on", "vote": vote.rawValue, "note": ""])
    }

    /// The general fund's id, given enough money first for the approvals of a test (issue 18: an approved amount is
    /// paid from a fund the chair names).
    func funded(_ riyals: Int64 = 100_000) async throws -> String {
        try await t.giveCash(riyals, to: "general")
        return try await t.fund("general").requireID().uuidString
    }

    /// Approved by the committee with `amount`, paid from the general fund.
    func approved(amount: String = "4500") async throws -> (file: UUID, request: UUID, meeting: UUID) {
        let (file, id) = try await inCommittee()
        let meeting = try await meeting()
        #expect(try await vote(0, meeting, id, .approve).status == .seeOther)
        #expect(try await vote(1, meeting, id, .approve).status == .seeOther)
        let fund = try await funded()
        #expect(try await chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": amount, "fundID": fund]).status == .seeOther)
        #expect(try await request(id).status == .approved)
        return (file, id, meeting)
    }
}
