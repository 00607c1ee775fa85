import Fluent
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// A delivered request's receipt, as the service officer prints it: the survey code on it.
func printedSurveyCode(_ t: TestContext) async throws -> String {
    let crew = try await Crew.make(t)
    let (_, id, _) = try await deliveredRequest(crew)
    let delivery = try #require(try await ServiceDelivery.query(on: t.db).filter(\.$requestID == id).first())
    let receipt = try await crew.service.get("/requests/\(id)/deliveries/\(delivery.id!)/receipt")
    return try #require(surveyToken(in: receipt.body))
}

/// Issue 13: an audit trail that proves itself (keyed chain, guarded head), views that leave a trace, and privacy
/// promises that hold (paper survey codes, reminders that do not point to anonymous answers, addresses that cannot
/// become SMTP commands).
@Suite("Keyed audit trail, audited views and privacy promises", .serialized)
struct AuditKeyAndPrivacyTests {
    /// What someone with database access does first: switch off the triggers that refuse row updates (and those
    /// that guard the chain head).
    static func switchOffGuards(_ t: TestContext, head: Bool) async throws {
        if runsOnPostgres {
            try await t.db.sql.raw("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only").run()
            if head { try await t.db.sql.raw("ALTER TABLE audit_chain_head DISABLE TRIGGER audit_head_guard").run() }
        } else {
            try await t.db.sql.raw("DROP TRIGGER audit_entries_no_update").run()
            if head { try await t.db.sql.raw("DROP TRIGGER audit_head_forward_only").run() }
        }
    }

    @Test("rows are HMAC-chained: a row rewritten and re-hashed without the key, or under another key, breaks the chain")
    func keyedChain() async throws {
        try await withLamasat { t in
            let key = t.app.lamasat.secrets.audit
            for index in 0..<4 {
                try await AuditChain.append(.init(actorName: "u\(index)", action: "test.event", outcome: .success), at: t.clock.now(), key: key, on: t.db)
            }
            let rows = try await t.auditEntries()
            #expect(rows.allSatisfy { $0.hash.hasPrefix("k") && $0.hash.count == 65 })
            #expect(try await AuditChain.verify(key: key, on: t.db).isIntact)
            #expect(try await AuditChain.verify(key: SymmetricKey(size: .bits256), on: t.db).firstBrokenSequence == 1)
            // Someone with database access only switches the guard off, changes row 3 and re-chains it with plain SHA-256.
            try await Self.switchOffGuards(t, head: false)
            let third = try #require(rows.first { $0.id == 3 })
            third.outcome = "failure"
            let forged = AuditChain.hash(previous: third.previousHash, record: third.record)
            try await t.db.sql.raw("UPDATE audit_entries SET outcome = 'failure', hash = \(bind: forged) WHERE sequence = 3").run()
            #expect(try await AuditChain.verify(key: key, on: t.db).firstBrokenSequence == 3)
        }
    }

    @Test("a whole trail rewritten with plain hashes, its head and its keyed-from mark changed to match, does not verify")
    func downgradedChain() async throws {
        try await withLamasat { t in
            let key = t.app.lamasat.secrets.audit
            for index in 0..<3 {
                try await AuditChain.append(.init(actorName: "u\(index)", action: "test.event", outcome: .success), at: t.clock.now(), key: key, on: t.db)
            }
            try await Self.switchOffGuards(t, head: true)
            // Re-chain every row with plain SHA-256, as someone without the key would.
            var previous = AuditChain.genesisHash
            for row in try await t.auditEntries() {
                row.previousHash = previous
                let plain = AuditChain.hash(previous: previous, record: row.record)
                try await t.db.sql.raw("UPDATE audit_entries SET previous_hash = \(bind: previous), hash = \(bind: plain) WHERE sequence = \(bind: row.id!)").run()
                previous = plain
            }
            try await t.db.sql.raw("UPDATE audit_chain_head SET last_hash = \(bind: previous)").run()
            #expect(try await AuditChain.verify(key: key, on: t.db).firstBrokenSequence == 1)
            // Moving the mark past the rows, or clearing it, does not help: the mark carries the key's tag.
            try await t.db.sql.raw("UPDATE audit_chain_head SET keyed_from = 99").run()
            #expect(try await AuditChain.verify(key: key, on: t.db).firstBrokenSequence == 1)
            try await t.db.sql.raw("UPDATE audit_chain_head SET keyed_from = NULL, keyed_tag = NULL").run()
            #expect(try await AuditChain.verify(key: key, on: t.db).firstBrokenSequence == 1)
        }
    }

    @Test("the chain head moves only forward to a hash a row really has: no reset, no forged hash, no delete, no truncate")
    func guardedHead() async throws {
        try await withLamasat { t in
            try await AuditChain.append(.init(actorName: "noura", action: "test.event", outcome: .success), at: t.clock.now(),
                                        key: t.app.lamasat.secrets.audit, on: t.db)
            await #expect(throws: (any Error).self) { try await t.db.sql.raw("UPDATE audit_chain_head SET last_sequence = 0").run() }
            await #expect(throws: (any Error).self) {
                try await t.db.sql.raw("UPDATE audit_chain_head SET last_hash = \(bind: String(repeating: "a", count: 64))").run()
            }
            await #expect(throws: (any Error).self) { try await t.db.sql.raw("DELETE FROM audit_chain_head").run() }
            await #expect(throws: (any Error).self) {
                try await t.db.sql.raw("INSERT INTO audit_chain_head (id, last_sequence, last_hash) VALUES (2, 0, 'x')").run()
            }
            if runsOnPostgres {
                await #expect(throws: (any Error).self) { try await t.db.sql.raw("TRUNCATE audit_entries").run() }
                await #expect(throws: (any Error).self) { try await t.db.sql.raw("TRUNCATE audit_chain_head").run() }
            } else {
                await #expect(throws: (any Error).self) { try await t.db.sql.raw("DELETE FROM audit_entries").run() }
            }
            // The chain still appends and verifies.
            try await AuditChain.append(.init(actorName: "noura", action: "test.event", outcome: .success), at: t.clock.now(),
                                        key: t.app.lamasat.secrets.audit, on: t.db)
            #expect(try await AuditChain.verify(key: t.app.lamasat.secrets.audit, on: t.db) == .init(checked: 2, firstBrokenSequence: nil))
        }
    }

    @Test("lists of files, the family form, the meeting page, call lists and letters are audited; a search never records the ID typed")
    func viewsAudited() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (file, request) = try await crew.inCommittee()
            let meeting = try await crew.meeting()
            #expect(try await crew.officer.post("/beneficiaries/search", ["q": "1045789326"]).status == .ok)
            #expect(try await crew.officer.get("/beneficiaries?q=").status == .ok)
            let searches = try await t.auditEntries().filter { $0.action.hasPrefix("beneficiary.") && ($0.action.hasSuffix("listed") || $0.action.hasSuffix("searchByID")) }
            #expect(searches.contains { $0.action == "beneficiary.searchByID" && $0.detail?.contains("kind=nationalID") == true })
            #expect(searches.contains { $0.action == "beneficiary.listed" && $0.detail?.contains("kind=list") == true })
            #expect(!(try await t.auditEntries()).contains { ($0.detail ?? "").contains("1045789326") })
            #expect(try await crew.officer.get("/beneficiaries/\(file)/family/new").status == .ok)
            #expect(try await t.auditEntries(action: "view").contains { $0.recordType == "family_form" && $0.recordID == file.uuidString })
            #expect(try await crew.manager.get("/committee/\(meeting)").status == .ok)
            #expect(try await t.auditEntries(action: "view").contains { $0.recordType == "committee_meeting" && $0.recordID == meeting.uuidString })
            let list = CallList()
            list.name = "متابعة"
            list.source = "test"
            list.branchID = try await t.headOffice().id!
            list.createdAt = t.clock.now()
            try await list.create(on: t.db)
            #expect(try await crew.manager.get("/calls/\(list.id!)").status == .ok)
            #expect(try await t.auditEntries(action: "view").contains { $0.recordType == "call_list" && $0.recordID == list.id!.uuidString })
            let letter = try await Outbox.enqueue(.init(channel: .letter, recipient: "نورة", subject: "خطاب", body: "نص الخطاب", idempotencyKey: "letter-view",
                                                        branchID: try await t.headOffice().id!), now: t.clock.now(), on: t.db)
            #expect(try await crew.officer.get("/letters/\(letter.id!)").status == .ok)
            #expect(try await crew.officer.get("/letters").status == .ok)
            #expect(try await t.auditEntries(action: "view").contains { $0.recordType == "letter" && $0.recordID == letter.id!.uuidString })
            #expect(try await t.auditEntries(action: "letter.listed").count == 1)
            _ = request
        }
    }

    /// The confirmation code the worker queued for her mobile, the newest one.
    func sentConfirmation(_ t: TestContext) async throws -> String {
        // Sends of one printed code are numbered in their idempotency key (…:1, …:2, …:3).
        let message = try #require(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == SurveyPaperCode.messageKind)
            .sort(\.$idempotencyKey, .descending).first())
        #expect(message.recipient == "+966501234567")
        return try #require(message.body.range(of: #"\d{6}"#, options: .regularExpression).map { String(message.body[$0]) })
    }

    @Test("the code printed on her receipt opens the survey only with a code sent to her mobile; the officer who hands it over cannot answer")
    func paperCode() async throws {
        try await withLamasat { t in
            let code = try await printedSurveyCode(t)
            let q = try await defaultQuestions(t)
            // The officer who handed over the receipt: a page that sends a code to her phone, not the questions.
            let officer = t.browser()
            let page = try await officer.get("/s/\(code)")
            #expect(page.status == .ok && page.contains("••67") && !page.contains("q-"))
            var answers = surveyForm(q, overall: 5)
            #expect(try await officer.post("/s/\(code)", answers).status == .unprocessableEntity)
            #expect(try await officer.post("/s/\(code)/confirm").location == "/s/\(code)")
            #expect(try await officer.get("/s/\(code)").contains("id=\"field-confirmation\""))
            // Guessing: four wrong codes are refused, the fifth closes the printed code — even for her.
            answers["confirmation"] = "000000"
            for _ in 0..<4 {
                let refused = try await officer.post("/s/\(code)", answers)
                #expect(refused.status == .unprocessableEntity && refused.contains(t.app.lamasat.localizer.text("survey.error.confirmation", .ar)))
            }
            let closed = try await officer.post("/s/\(code)", answers)
            #expect(closed.status == .gone && closed.contains(t.app.lamasat.localizer.text("survey.locked.text", .ar)))
            answers["confirmation"] = try await sentConfirmation(t)
            #expect(try await t.browser().post("/s/\(code)", answers).status == .gone)
            #expect(try await SurveyResponse.query(on: t.db).count() == 0)
            // The code in the outbox is masked for staff.
            let (manager, _) = try await t.signedIn(as: .manager, username: "outbox.reader")
            #expect(!(try await manager.get("/admin/outbox").contains(answers["confirmation"]!)))
        }
    }

    @Test("with the code sent to her mobile (typed in Arabic-Indic digits too) the printed code takes her answer; three sends at most")
    func paperCodeAnswered() async throws {
        try await withLamasat { t in
            let code = try await printedSurveyCode(t)
            let her = t.browser()
            try await her.get("/s/\(code)")
            // Three sends per printed code; the newest code is the one that counts.
            for _ in 0..<SurveyPaperCode.maximumSends { #expect(try await her.post("/s/\(code)/confirm").status == .seeOther) }
            #expect(try await her.post("/s/\(code)/confirm").status == .tooManyRequests)
            let sent = try await sentConfirmation(t)
            let q = try await defaultQuestions(t)
            var answers = surveyForm(q, overall: 4)
            // A wrong answer elsewhere on the page does not spend her confirmation.
            answers["confirmation"] = sent
            answers["q-\(q[.overall]!.id!)"] = "9"
            #expect(try await her.post("/s/\(code)", answers).status == .unprocessableEntity)
            answers = surveyForm(q, overall: 4)
            answers["confirmation"] = String(sent.map { Character(UnicodeScalar(0x0660 + Int(String($0))!)!) })
            #expect(try await her.post("/s/\(code)", answers).location == "/s/thanks")
            #expect(try await SurveyResponse.query(on: t.db).count() == 1)
            #expect(try await SurveyLink.query(on: t.db).all().allSatisfy { $0.tries == 0 })
        }
    }

    @Test("an anonymous answer does not spare her the reminder, so the outbox cannot tell anonymous answerers from the silent")
    func anonymousReminder() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, _, token) = try await deliveredRequest(crew)
            var answers = surveyForm(try await defaultQuestions(t), overall: 5)
            answers["anonymous"] = "on"
            #expect(try await t.browser().post("/s/\(token)", answers).location == "/s/thanks")
            let rule = try #require(try await OutreachRule.query(on: t.db).filter(\.$code == "surveyReminder").first())
            let later = t.clock.now().addingTimeInterval(4 * 86_400)
            #expect(try await OutreachEngine.run(rule, now: later, by: "test", baseURL: "https://lamasat.example", ownBranch: nil, on: t.db).queued == 1)
            // Her reminder's link says the survey was answered: it takes no second answer.
            let reminder = try #require(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "outreach_rule").first())
            let fresh = try #require(surveyToken(in: reminder.body))
            #expect(try await t.browser().get("/s/\(fresh)").status == .gone)
        }
    }

    @Test("an answer given with her name spares her the reminder")
    func namedAnswerNoReminder() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, _, token) = try await deliveredRequest(crew)
            #expect(try await t.browser().post("/s/\(token)", surveyForm(try await defaultQuestions(t), overall: 5)).location == "/s/thanks")
            let rule = try #require(try await OutreachRule.query(on: t.db).filter(\.$code == "surveyReminder").first())
            #expect(try await OutreachEngine.run(rule, now: t.clock.now().addingTimeInterval(4 * 86_400), by: "test", baseURL: "x", ownBranch: nil, on: t.db).queued == 0)
        }
    }

    @Test("an e-mail address carrying CR/LF is refused on the staff, file and portal forms")
    func strictAddresses() async throws {
        try await withLamasat { t in
            let payload = "v@t.sa>\r\nDATA\r\nSubject: x\r\n.\r\nRCPT TO:<a@b.sa"
            let (admin, _) = try await t.signedIn(as: .admin)
            try await admin.get("/admin/users/new")
            let user = try await admin.post("/admin/users", ["fullName": "ريم", "username": "reem", "email": payload, "role": "researcher", "scope": "ownBranch",
                                                              "branch": try await t.headOffice().id!.uuidString, "password": "جملة مرور طويلة جدا",
                                                              "confirmation": "جملة مرور طويلة جدا"])
            #expect(user.status == .unprocessableEntity && user.contains("id=\"field-email-error\""))
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            var form = try await fileForm(t)
            form["email"] = payload
            try await officer.get("/beneficiaries/new")
            #expect(try await officer.post("/beneficiaries", form).status == .unprocessableEntity)
            form["email"] = ""
            _ = try await registerFile(officer, form)
            let her = try await portalSignIn(t)
            try await her.get("/portal/contact")
            #expect(try await her.post("/portal/contact", ["email": payload, "alternatePhone": ""]).status == .unprocessableEntity)
            #expect(try await Beneficiary.query(on: t.db).filter(\.$email == payload).count() == 0)
        }
    }

    @Test("a branch manager's outreach preview, counts and runs reach only her branch")
    func outreachWithinReach() async throws {
        try await withLamasat { t in
            let jeddah = try await t.makeBranch("JED")
            let (officer, _) = try await t.signedIn(as: .relationsOfficer, scope: .allBranches)
            let hqFile = try await registerFile(officer, try await fileForm(t, first: "هيا"))
            let jedFile = try await registerFile(officer, try await fileForm(t, id: "1000000008", mobile: "0509876543", first: "سلمى", branch: jeddah))
            for id in [hqFile, jedFile] {
                try await Beneficiary.query(on: t.db).filter(\.$id == id).set(\.$status, to: .registered).update()
            }
            let rule = try #require(try await OutreachRule.query(on: t.db).filter(\.$code == "noContact").first())
            let (manager, _) = try await t.signedIn(as: .manager, username: "jed.manager", branch: jeddah)
            let page = try await manager.get("/outreach")
            #expect(page.contains("سلمى") && !page.contains("هيا"))
            #expect(try await manager.post("/outreach/\(rule.id!)/run").status == .seeOther)
            let listed = try await CallEntry.query(on: t.db).all().map(\.beneficiaryID)
            #expect(listed == [jedFile])
            #expect(try await CallList.query(on: t.db).all().allSatisfy { $0.branchID == jeddah.id })
        }
    }
}
