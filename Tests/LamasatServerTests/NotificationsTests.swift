import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// [issue 16] Staff are told: each hook tells the right person and nobody else, once; the bell counts, marking read
/// touches only her own; e-mails carry only the number and the link.
@Suite("Staff notifications") struct NotificationsTests {
    func notices(_ t: TestContext, of user: StaffUser, _ kind: NotificationKind? = nil) async throws -> [StaffNotification] {
        let query = StaffNotification.query(on: t.db).filter(\.$userID == user.id!)
        if let kind { query.filter(\.$kind == kind) }
        return try await query.all()
    }

    func withEmail(_ t: TestContext, _ user: StaffUser, _ address: String) async throws {
        user.email = address
        try await user.save(on: t.db)
    }

    func lodgeComplaint(_ t: TestContext, _ officer: Browser) async throws -> Complaint {
        let delay = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "delay").first())
        try await officer.get("/complaints/new")
        #expect(try await officer.post("/complaints", ["kind": "complaint", "contactName": "منى الشمري", "contactPhone": "0551112223", "channel": "website",
                                                       "category": delay.id!.uuidString, "severity": "high", "description": "الانتظار طويل"]).status == .seeOther)
        return try #require(try await Complaint.query(on: t.db).sort(\.$createdAt, .descending).sort(\.$number, .descending).first())
    }

    @Test("an inquiry referred to a researcher tells her alone; her bell counts it and the list links to the inquiry")
    func referral() async throws {
        try await withLamasat { t in
            let (officer, officerUser) = try await t.signedIn(as: .relationsOfficer)
            let (researcher, researcherUser) = try await t.signedIn(as: .researcher)
            let other = try await t.makeUser("researcher2", role: .researcher)
            let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "general").first())
            try await officer.get("/inquiries/new")
            try await officer.post("/inquiries", ["contactName": "هند", "contactPhone": "0501112223", "channel": "phone",
                                                  "category": category.id!.uuidString, "question": "وضعي معقد"])
            let inquiry = try #require(try await Inquiry.query(on: t.db).first())
            try await officer.get("/inquiries/\(inquiry.id!)")
            #expect(try await officer.post("/inquiries/\(inquiry.id!)/refer", ["researcher": researcherUser.id!.uuidString, "reason": "تحتاج دراسة"]).status == .seeOther)

            let told = try await notices(t, of: researcherUser)
            #expect(told.count == 1 && told[0].kind == .inquiryReferred && told[0].reference == inquiry.number && told[0].link == "/inquiries/\(inquiry.id!)")
            #expect(try await notices(t, of: other).isEmpty)
            #expect(try await notices(t, of: officerUser).isEmpty)
            let home = try await researcher.get("/")
            #expect(home.contains("class=\"bell-count\">1</span>"))
            let list = try await researcher.get("/notifications")
            #expect(list.status == .ok && list.contains(inquiry.number) && list.contains("href=\"/inquiries/\(inquiry.id!)\""))
            #expect(!(try await officer.get("/").contains("bell-count")), "no unread notice, no number")
        }
    }

    @Test("a complaint assigned tells its owner; escalated, the managers who reach its branch — not another branch's, not officers")
    func complaints() async throws {
        try await withLamasat { t in
            let (officer, officerUser) = try await t.signedIn(as: .relationsOfficer)
            let (manager, managerUser) = try await t.signedIn(as: .manager)
            let owner = try await t.makeUser("officer2", role: .relationsOfficer)
            let jeddah = try await t.makeBranch("JED")
            let jeddahManager = try await t.makeUser("jed.manager", role: .manager, branch: jeddah, scope: .ownBranch)
            let complaint = try await lodgeComplaint(t, officer)
            try await manager.get("/complaints/\(complaint.id!)")
            #expect(try await manager.post("/complaints/\(complaint.id!)/assign", ["owner": owner.id!.uuidString]).status == .seeOther)
            #expect(try await notices(t, of: owner, .complaintAssigned).map(\.reference) == [complaint.number])
            #expect(try await notices(t, of: managerUser).isEmpty, "she assigned it herself")

            try await officer.get("/complaints/\(complaint.id!)")
            #expect(try await officer.post("/complaints/\(complaint.id!)/escalate", ["reason": ""]).status == .seeOther)
            #expect(try await notices(t, of: managerUser, .complaintEscalated).count == 1)
            #expect(try await notices(t, of: jeddahManager).isEmpty)
            #expect(try await notices(t, of: officerUser).isEmpty)
            #expect(try await notices(t, of: owner, .complaintEscalated).isEmpty)
        }
    }

    @Test("the worker escalating a late complaint tells the managers once, however often it runs")
    func escalationByWorker() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let manager = try await t.makeUser("manager1", role: .manager)
            let complaint = try await lodgeComplaint(t, officer)
            t.clock.advance(by: 30 * 86_400)
            #expect(try await ComplaintEscalation.run(now: t.clock.now(), auditKey: t.app.lamasat.secrets.audit, on: t.db) == 1)
            #expect(try await ComplaintEscalation.run(now: t.clock.now(), auditKey: t.app.lamasat.secrets.audit, on: t.db) == 0)
            #expect(try await notices(t, of: manager, .complaintEscalated).map(\.reference) == [complaint.number])
        }
    }

    @Test("a submitted request tells the branch's staff who verify, except who submitted it; approved, those who deliver")
    func requestSteps() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let verifier = try await t.makeUser("officer2", role: .relationsOfficer)
            let jeddah = try await t.makeBranch("JED")
            let jeddahOfficer = try await t.makeUser("jed.officer", role: .relationsOfficer, branch: jeddah, scope: .ownBranch)
            let (_, request, _) = try await crew.approved()
            let number = try #require(try await crew.request(request).trackingNumber)
            #expect(try await notices(t, of: verifier, .requestToVerify).map(\.reference) == [number])
            #expect(try await notices(t, of: jeddahOfficer).isEmpty)
            #expect(try await notices(t, of: crew.researcherUser, .requestToVerify).isEmpty, "a researcher does not verify")
            let submitter = try #require(try await StaffUser.query(on: t.db).filter(\.$username == "relationsofficer1").first())
            #expect(try await notices(t, of: submitter).isEmpty)

            let service = try #require(try await StaffUser.query(on: t.db).filter(\.$role == .serviceOfficer).first())
            #expect(try await notices(t, of: service, .requestToDeliver).map(\.reference) == [number])
            // The meeting of that approval called its members, not the manager who called it.
            #expect(try await notices(t, of: crew.memberUsers[1], .meetingCalled).count == 1)
            let manager = try #require(try await StaffUser.query(on: t.db).filter(\.$role == .manager).first())
            #expect(try await notices(t, of: manager, .meetingCalled).isEmpty)
        }
    }

    @Test("a decision past its date tells the managers who reach the branch, once per request")
    func overdueDecision() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let jeddah = try await t.makeBranch("JED")
            let jeddahManager = try await t.makeUser("jed.manager", role: .manager, branch: jeddah, scope: .ownBranch)
            let (_, request) = try await crew.submitted()
            let manager = try #require(try await StaffUser.query(on: t.db).filter(\.$role == .manager).filter(\.$branch.$id != jeddah.id!).first())
            #expect(try await OverdueDecisions.run(now: t.clock.now(), on: t.db) == 0)
            t.clock.advance(by: 20 * 86_400)
            #expect(try await OverdueDecisions.run(now: t.clock.now(), on: t.db) == 1)
            t.clock.advance(by: 3600)
            try await OverdueDecisions.run(now: t.clock.now(), on: t.db)
            let told = try await notices(t, of: manager, .decisionOverdue)
            #expect(told.count == 1 && told[0].link == "/requests/\(request)")
            #expect(try await notices(t, of: jeddahManager).isEmpty)
        }
    }

    @Test("a contact change or a document from the portal tells the branch's staff who review it")
    func portal() async throws {
        try await withLamasat { t in
            let (officer, officerUser) = try await t.signedIn(as: .relationsOfficer)
            let researcher = try await t.makeUser("researcher1", role: .researcher)
            let jeddah = try await t.makeBranch("JED")
            let jeddahOfficer = try await t.makeUser("jed.officer", role: .relationsOfficer, branch: jeddah, scope: .ownBranch)
            let fileID = try await registerFile(officer, try await fileForm(t))
            let file = try #require(try await Beneficiary.find(fileID, on: t.db))
            let change = ContactChange()
            (change.beneficiaryID, change.branchID, change.kind, change.value, change.status, change.reason, change.createdAt) =
                (fileID, file.$branch.id, .mobile, "+966501112223", .pending, "", t.clock.now())
            try await t.db.transaction { db in
                try await change.create(on: db)
                try await PortalNotices.contactChange(change, file: file, now: t.clock.now(), on: db)
                try await PortalNotices.document(UUID(), file: file, now: t.clock.now(), on: db)
            }
            #expect(try await notices(t, of: officerUser, .contactChange).map(\.link) == ["/contact-changes/\(change.id!)"])
            #expect(try await notices(t, of: officerUser, .portalDocument).map(\.reference) == [file.fileNumber])
            #expect(try await notices(t, of: researcher).isEmpty)
            #expect(try await notices(t, of: jeddahOfficer).isEmpty)
        }
    }

    @Test("a reply from her on a case tells the case's officer alone, once per reply")
    func caseReply() async throws {
        try await withLamasat { t in
            let (officer, officerUser) = try await t.signedIn(as: .relationsOfficer)
            let owner = try await t.makeUser("officer2", role: .relationsOfficer)
            let bystander = try await t.makeUser("officer3", role: .relationsOfficer)
            let complaint = try await lodgeComplaint(t, officer)
            for occurrence in ["wamid.1", "wamid.1"] {
                try await CaseNotices.replied(to: complaint, occurrence: occurrence, now: t.clock.now(), on: t.db)
            }
            #expect(try await notices(t, of: officerUser, .caseReply).count == 1, "unassigned: who lodged it")
            complaint.assignedTo = owner.id
            try await CaseNotices.replied(to: complaint, occurrence: "wamid.2", now: t.clock.now(), on: t.db)
            #expect(try await notices(t, of: owner, .caseReply).map(\.reference) == [complaint.number])
            #expect(try await notices(t, of: bystander).isEmpty)
        }
    }

    @Test("her reply received on an inquiry (CaseThread) tells who answered it, once however often the provider delivers it")
    func replyThroughThread() async throws {
        try await withLamasat { t in
            let (_, creator) = try await t.signedIn(as: .relationsOfficer)
            let answerer = try await t.makeUser("officer2", role: .relationsOfficer)
            let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .inquiry).first())
            let now = t.clock.now()
            let inquiry = Inquiry.opened(beneficiaryID: nil, contactName: "نورة", contactPhone: "+966551234567", branchID: try await t.headOffice().id!,
                                         channel: .website, categoryID: category.id!, question: "متى؟", createdBy: creator.id!, at: now, due: now)
            try await inquiry.register(now: now, on: t.db)
            inquiry.answeredBy = answerer.id
            try await inquiry.save(on: t.db)
            let reply = CaseThread.Reply(kind: .inquiry, caseID: inquiry.id!, text: "شكرًا", via: "sms", sourceKey: "sms:1", actorName: "sms-gateway")
            for _ in 0..<2 {
                try await t.db.transaction { try await CaseThread.receive(reply, now: now, auditKey: t.app.lamasat.secrets.audit, on: $0) }
            }
            #expect(try await notices(t, of: answerer, .caseReply).map(\.link) == ["/inquiries/\(inquiry.id!)"])
            #expect(try await notices(t, of: creator).isEmpty)
        }
    }

    @Test("the same event twice notifies once")
    func dedupe() async throws {
        try await withLamasat { t in
            let user = try await t.makeUser("officer1", role: .relationsOfficer)
            let event = StaffNotifications.Event(kind: .caseReply, reference: "Q-2026-000001", link: "/inquiries/x", branchID: nil, key: "reply:1")
            for _ in 0..<2 { try await StaffNotifications.notify(event, users: [user.id!, user.id!], now: t.clock.now(), on: t.db) }
            #expect(try await notices(t, of: user).count == 1)
        }
    }

    @Test("she marks her own notices read — one or all; another's id is not found and stays unread")
    func markRead() async throws {
        try await withLamasat { t in
            let (browser, user) = try await t.signedIn(as: .relationsOfficer)
            let (stranger, strangerUser) = try await t.signedIn(as: .relationsOfficer, username: "officer2")
            for index in 1...3 {
                try await StaffNotifications.notify(.init(kind: .caseReply, reference: "Q-2026-00000\(index)", link: "/inquiries", branchID: nil, key: "r\(index)"),
                                                    users: [user.id!, strangerUser.id!], now: t.clock.now(), on: t.db)
            }
            #expect(try await browser.get("/").contains("class=\"bell-count\">3</span>"))
            let mine = try await notices(t, of: user)
            try await stranger.get("/notifications")
            #expect(try await stranger.post("/notifications/\(mine[0].id!)/read").status == .notFound)
            #expect(try await stranger.post("/notifications/not-an-id/read").status == .notFound)
            #expect(try await StaffNotification.find(mine[0].id, on: t.db)?.readAt == nil)
            try await browser.get("/notifications")
            #expect(try await browser.post("/notifications/\(mine[0].id!)/read").status == .seeOther)
            #expect(try await browser.get("/").contains("class=\"bell-count\">2</span>"))
            #expect(try await browser.post("/notifications/read-all").status == .seeOther)
            #expect(!(try await browser.get("/").contains("bell-count")))
            #expect(try await notices(t, of: strangerUser).allSatisfy { $0.readAt == nil })
            #expect(try await browser.post("/notifications/read-all", csrf: false).status == .forbidden)
        }
    }

    @Test("the daily digest: one e-mail a day with only numbers and links, to those with an address; a second run sends nothing")
    func digest() async throws {
        try await withLamasat { t in
            let (officer, officerUser) = try await t.signedIn(as: .relationsOfficer)
            let owner = try await t.makeUser("officer2", role: .relationsOfficer)
            let silent = try await t.makeUser("officer3", role: .relationsOfficer)
            try await withEmail(t, owner, "officer2@example.org")
            let complaint = try await lodgeComplaint(t, officer)
            try await t.db.transaction { db in
                complaint.assignedTo = owner.id
                try await CaseNotices.assigned(complaint, actor: officerUser.id!, now: t.clock.now(), on: db)
                complaint.assignedTo = silent.id
                try await CaseNotices.assigned(complaint, actor: officerUser.id!, now: t.clock.now(), on: db)
            }
            let run = { try await NotificationDigest.run(now: t.clock.now(), localizer: t.app.lamasat.localizer, baseURL: "https://lamasat.example", on: t.db) }
            #expect(try await run() == 0, "today's notices wait for tomorrow's digest")
            t.clock.advance(by: 86_400)
            #expect(try await run() == 1)
            #expect(try await run() == 0)
            let mails = try await OutboxMessage.query(on: t.db).filter(\.$channel == .email).all()
            #expect(mails.count == 1 && mails[0].recipient == "officer2@example.org")
            #expect(mails[0].body.contains(complaint.number) && mails[0].body.contains("https://lamasat.example/complaints/\(complaint.id!)"))
            #expect(!mails[0].body.contains("منى") && !mails[0].body.contains("0551112223") && !mails[0].body.contains("الانتظار"))
            #expect(try await notices(t, of: owner).allSatisfy { $0.emailedAt != nil })
        }
    }

    @Test("an urgent kind is e-mailed at once through the outbox, unless she turned it off; preferences refuse a made-up mode")
    func immediateAndPreferences() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (manager, managerUser) = try await t.signedIn(as: .manager)
            try await withEmail(t, managerUser, "manager@example.org")
            let page = try await manager.get("/account/notifications")
            #expect(page.status == .ok && page.contains("value=\"immediate\" selected"))
            let bad = try await manager.post("/account/notifications", ["complaintEscalated": "hourly"])
            #expect(bad.status == .unprocessableEntity && bad.contains(t.app.lamasat.localizer.text("notifications.error.mode", .ar)))
            #expect(try await NotificationPreference.query(on: t.db).count() == 0)

            let complaint = try await lodgeComplaint(t, officer)
            try await officer.get("/complaints/\(complaint.id!)")
            #expect(try await officer.post("/complaints/\(complaint.id!)/escalate", ["reason": ""]).status == .seeOther)
            try await JobWorker(application: t.app).runDueJobs()
            let mail = try #require(try await OutboxMessage.query(on: t.db).filter(\.$channel == .email).first())
            #expect(mail.recipient == "manager@example.org" && mail.body.contains(complaint.number) && !mail.body.contains("منى"))

            // Off for escalations: the next one reaches the bell only.
            var choices = Dictionary(uniqueKeysWithValues: NotificationKind.allCases.map { ($0.rawValue, $0.defaultEmail.rawValue) })
            choices["complaintEscalated"] = "off"
            try await manager.get("/account/notifications")
            #expect(try await manager.post("/account/notifications", choices).status == .seeOther)
            #expect(try await NotificationPreference.modes(of: managerUser.id!, on: t.db)[.complaintEscalated] == .off)
            let second = try await lodgeComplaint(t, officer)
            try await officer.get("/complaints/\(second.id!)")
            #expect(try await officer.post("/complaints/\(second.id!)/escalate", ["reason": ""]).status == .seeOther)
            try await JobWorker(application: t.app).runDueJobs()
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$channel == .email).count() == 1)
            #expect(try await notices(t, of: managerUser, .complaintEscalated).count == 2)
        }
    }
}
