import Fluent
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 16: her reply on a case goes back to the officer — once, however often the provider delivers it.
@Suite("A case's conversation with her", .serialized)
struct CaseThreadTests {
    func cases(_ t: TestContext) async throws -> (Inquiry, Complaint) {
        let hq = try await t.headOffice()
        let now = t.clock.now()
        let (_, officer) = try await t.signedIn(as: .relationsOfficer)
        let inquiryCategory = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .inquiry).first())
        let complaintCategory = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .complaint).first())
        let inquiry = Inquiry.opened(beneficiaryID: nil, contactName: "نورة", contactPhone: "+966551234567", branchID: hq.id!, channel: .website,
                                     categoryID: inquiryCategory.id!, question: "متى يصدر القرار؟", createdBy: officer.id!, at: now, due: now)
        try await inquiry.register(now: now, on: t.db)
        let complaint = Complaint.opened(kind: .complaint, beneficiaryID: nil, contactName: "نورة", contactPhone: "+966551234567", branchID: hq.id!,
                                         channel: .website, categoryID: complaintCategory.id!, severity: .medium, description: "تأخر الرد",
                                         isConfidential: false, aboutStaffID: nil, createdBy: officer.id!, at: now, due: now)
        try await complaint.register(now: now, on: t.db)
        return (inquiry, complaint)
    }

    @Test("a reply to a closed inquiry reopens it with a new target and waits for an officer; the same provider message twice is kept once")
    func replyReopensInquiryOnce() async throws {
        try await withLamasat { t in
            let (inquiry, _) = try await cases(t)
            inquiry.status = .closed
            inquiry.closedAt = t.clock.now()
            try await inquiry.save(on: t.db)
            t.clock.advance(by: 3 * 86400)
            let reply = CaseThread.Reply(kind: .inquiry, caseID: inquiry.id!, text: "  لم يصلني الرد بعد  ", via: "sms", sourceKey: "sms:abc", actorName: "sms-gateway")
            let key = t.app.lamasat.secrets.audit
            let first = try await t.db.transaction { try await CaseThread.receive(reply, now: t.clock.now(), auditKey: key, on: $0) }
            let again = try await t.db.transaction { try await CaseThread.receive(reply, now: t.clock.now(), auditKey: key, on: $0) }
            #expect(first?.body == "لم يصلني الرد بعد" && again == nil)
            let stored = try #require(try await Inquiry.find(inquiry.id!, on: t.db))
            #expect(stored.status == .new && stored.closedAt == nil && stored.replyWaitingAt == t.clock.now() && stored.dueAt > t.clock.now())
            #expect(try await CaseThread.messages(.inquiry, inquiry.id!, on: t.db).map(\.direction) == [.incoming])
            #expect(try await AuditEntry.query(on: t.db).filter(\.$action == "inquiry.replied").count() == 1)
            try await CaseThread.answered(.inquiry, inquiry.id!, on: t.db)
            #expect(try await Inquiry.find(inquiry.id!, on: t.db)?.replyWaitingAt == nil)
        }
    }

    @Test("a reply to an open complaint leaves it open and records an event; a closed one opens again, no longer escalated")
    func replyToComplaint() async throws {
        try await withLamasat { t in
            let (_, complaint) = try await cases(t)
            let key = t.app.lamasat.secrets.audit
            let open = CaseThread.Reply(kind: .complaint, caseID: complaint.id!, text: "أضيف أن الموظفة لم ترد", via: "status", sourceKey: nil, actorName: "public-status")
            try await t.db.transaction { _ = try await CaseThread.receive(open, now: t.clock.now(), auditKey: key, on: $0) }
            #expect(try await Complaint.find(complaint.id!, on: t.db)?.status == .open)
            complaint.status = .closed
            complaint.closedAt = t.clock.now()
            complaint.escalatedAt = t.clock.now()
            try await complaint.save(on: t.db)
            try await t.db.transaction { _ = try await CaseThread.receive(open, now: t.clock.now(), auditKey: key, on: $0) }
            let stored = try #require(try await Complaint.find(complaint.id!, on: t.db))
            #expect(stored.status == .open && stored.closedAt == nil && stored.escalatedAt == nil && stored.replyWaitingAt != nil)
            let events = try await ComplaintEvent.query(on: t.db).filter(\.$complaintID == complaint.id!).all().map(\.action)
            #expect(events.filter { $0 == "replied" }.count == 2 && events.contains("reopen"))
            // A case that is not there is not invented.
            let missing = CaseThread.Reply(kind: .complaint, caseID: UUID(), text: "x", via: "sms", sourceKey: nil, actorName: "sms-gateway")
            #expect(try await t.db.transaction { try await CaseThread.receive(missing, now: t.clock.now(), auditKey: key, on: $0) } == nil)
            #expect(try await CaseMessage.query(on: t.db).count() == 2)
        }
    }

    @Test("a reply on a case sent from the website, which no officer opened, tells the branch's staff who handle inquiries — not another branch's")
    func replyOnWebsiteCaseTellsBranch() async throws {
        try await withLamasat { t in
            let (inquiry, _) = try await cases(t)
            inquiry.createdBy = PublicCasesController.website
            try await inquiry.save(on: t.db)
            let jeddah = try await t.makeBranch("JED")
            let jeddahOfficer = try await t.makeUser("jed.officer", role: .relationsOfficer, branch: jeddah, scope: .ownBranch)
            let reply = CaseThread.Reply(kind: .inquiry, caseID: inquiry.id!, text: "شكرًا، وماذا بعد؟", via: "status", sourceKey: nil, actorName: "public-status")
            try await t.db.transaction { _ = try await CaseThread.receive(reply, now: t.clock.now(), auditKey: t.app.lamasat.secrets.audit, on: $0) }
            let told = try await StaffNotification.query(on: t.db).filter(\.$kind == .caseReply).all()
            let officers = try await StaffUser.query(on: t.db).filter(\.$role == .relationsOfficer).filter(\.$branch.$id == inquiry.branchID).all()
            #expect(!officers.isEmpty && Set(told.map(\.userID)).isSuperset(of: officers.compactMap(\.id)))
            #expect(!told.contains { $0.userID == jeddahOfficer.id } && told.allSatisfy { $0.reference == inquiry.number })
        }
    }
}
