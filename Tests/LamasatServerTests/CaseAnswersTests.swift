import Fluent
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 16: answers reach her (previewed, sent on her channel in her language, or given by phone), and she follows
/// her case on /status with its number and mobile, and replies.
@Suite("Answers reach her; she follows her case on /status", .serialized)
struct CaseAnswersTests {
    func text(_ t: TestContext, _ key: String, _ language: Language = .ar) -> String { t.app.lamasat.localizer.text(key, language) }

    /// An inquiry sent from the public form by someone without a file.
    func publicInquiry(_ t: TestContext, phone: String = "0551234567", email: String = "") async throws -> Inquiry {
        let head = try await t.headOffice()
        let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .inquiry).first())
        let visitor = t.browser()
        try await visitor.get("/contact-us/inquiry")
        let sent = try await visitor.post("/contact-us/inquiry", ["contactName": "سارة", "contactPhone": phone, "branch": head.id!.uuidString,
                                                                  "category": category.id!.uuidString, "text": "ما شروط التسجيل في الجمعية؟", "contactEmail": email])
        #expect(sent.status == .ok)
        return try #require(try await Inquiry.query(on: t.db).sort(\.$createdAt, .descending).first())
    }

    func fileComplaint(_ t: TestContext, file: UUID, by officer: StaffUser, confidential: Bool = false) async throws -> Complaint {
        let hq = try await t.headOffice()
        let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .complaint).first())
        let now = t.clock.now()
        let complaint = Complaint.opened(kind: .complaint, beneficiaryID: file, contactName: "أميرة", contactPhone: "+966501234567", branchID: hq.id!,
                                         channel: .phone, categoryID: category.id!, severity: .medium, description: "تأخر الرد على طلبي",
                                         isConfidential: confidential, aboutStaffID: nil, createdBy: officer.id!, at: now, due: now.addingTimeInterval(86_400))
        try await complaint.register(now: now, on: t.db)
        return complaint
    }

    func setPreference(_ t: TestContext, _ file: UUID, channel: MessageChannel = .sms, language: String = "ar", optedOut: Bool = false) async throws {
        let preference = try await MessagePreference.of(file, on: t.db) ?? MessagePreference(beneficiaryID: file, at: t.clock.now())
        preference.channel = channel
        preference.language = language
        preference.optedOut = optedOut
        try await preference.save(on: t.db)
    }

    @Test("answering a public inquiry: the preview changes nothing; send queues one SMS to her number with the number and /status link")
    func answerPreviewThenSend() async throws {
        try await withLamasat { t in
            let (officer, officerUser) = try await t.signedIn(as: .relationsOfficer)
            let inquiry = try await publicInquiry(t)
            try await officer.get("/inquiries/\(inquiry.id!)")
            // given a typed answer, when the officer submits, then she sees the exact message and where it goes — nothing written
            let preview = try await officer.post("/inquiries/\(inquiry.id!)/answer", ["answer": "يلزم إحضار الهوية وصك الطلاق."])
            #expect(preview.status == .ok && preview.contains("يلزم إحضار الهوية وصك الطلاق.") && preview.contains(inquiry.number) && preview.contains("/status"))
            #expect(preview.contains("•••567") && !preview.contains("0551234567") && !preview.contains("+966551234567"))
            #expect(try await OutboxMessage.query(on: t.db).count() == 0)
            #expect(try await CaseMessage.query(on: t.db).count() == 0)
            #expect(try await Inquiry.find(inquiry.id!, on: t.db)?.status == .new)
            // "edit" goes back to the page with the text kept
            let edit = try await officer.post("/inquiries/\(inquiry.id!)/answer", ["answer": "يلزم إحضار الهوية وصك الطلاق.", "confirm": "edit"])
            #expect(edit.status == .ok && edit.contains("يلزم إحضار الهوية وصك الطلاق."))
            #expect(try await OutboxMessage.query(on: t.db).count() == 0)
            let id = try #require(preview.body.firstMatch(of: /name="messageID" value="([0-9A-F-]{36})"/)).1
            let form = ["answer": "يلزم إحضار الهوية وصك الطلاق.", "messageID": String(id), "confirm": "send"]
            #expect(try await officer.post("/inquiries/\(inquiry.id!)/answer", form).status == .seeOther)
            let messages = try await OutboxMessage.query(on: t.db).all()
            #expect(messages.count == 1)
            let sms = try #require(messages.first)
            #expect(sms.channel == .sms && sms.recipient == "+966551234567" && sms.status == .queued && sms.relatedID == inquiry.id!.uuidString)
            #expect(sms.body.contains(inquiry.number) && sms.body.contains(t.app.lamasat.config.publicURL + "/status") && sms.body.hasSuffix("يلزم إحضار الهوية وصك الطلاق."))
            let kept = try await CaseThread.messages(.inquiry, inquiry.id!, on: t.db)
            #expect(kept.count == 1 && kept[0].direction == .outgoing && kept[0].outboxMessageID == sms.id && kept[0].authorID == officerUser.id)
            #expect(try await Inquiry.find(inquiry.id!, on: t.db)?.status == .answered)
            // the case page shows the conversation with the message's status
            let page = try await officer.get("/inquiries/\(inquiry.id!)")
            #expect(page.contains(text(t, "caseMessage.conversation")) && page.contains(text(t, "outbox.status.queued")))
            // closing tells her too: one more message, the closing notice
            #expect(try await officer.post("/inquiries/\(inquiry.id!)/close", ["confirm": "send"]).status == .seeOther)
            let all = try await OutboxMessage.query(on: t.db).sort(\.$createdAt).all()
            #expect(all.count == 2 && all[1].body.contains(inquiry.number) && all[1].recipient == "+966551234567")
            #expect(try await Inquiry.find(inquiry.id!, on: t.db)?.status == .closed)
        }
    }

    @Test("a case on a file goes on her preferred channel and in her language; asking for more leaves the status and records an event")
    func filePreferenceAndAsk() async throws {
        try await withLamasat { t in
            let (officer, officerUser) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            try await setPreference(t, file, channel: .whatsapp, language: "en")
            let complaint = try await fileComplaint(t, file: file, by: officerUser)
            try await officer.get("/complaints/\(complaint.id!)")
            #expect(try await officer.post("/complaints/\(complaint.id!)/ask", ["ask": "What date was your visit?", "confirm": "send"]).status == .seeOther)
            let sent = try await OutboxMessage.query(on: t.db).filter(\.$relatedID == complaint.id!.uuidString).all()
            #expect(sent.count == 1 && sent[0].channel == .whatsapp && sent[0].beneficiaryID == file)
            #expect(sent[0].body.contains("we need more information") && sent[0].body.contains(complaint.number) && sent[0].body.contains("/status"))
            let stored = try #require(try await Complaint.find(complaint.id!, on: t.db))
            #expect(stored.status == .open)
            #expect(try await ComplaintEvent.query(on: t.db).filter(\.$complaintID == complaint.id!).filter(\.$action == "asked").count() == 1)
            // her file's interactions tab lists the message
            #expect(try await officer.get("/beneficiaries/\(file)?tab=interactions").contains(complaint.number))
        }
    }

    @Test("opted out: the preview says so before sending, the answer is still recorded and the message kept as skipped")
    func optedOutIsShownAndSkipped() async throws {
        try await withLamasat { t in
            let (officer, officerUser) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            try await setPreference(t, file, optedOut: true)
            let complaint = try await fileComplaint(t, file: file, by: officerUser)
            try await officer.get("/complaints/\(complaint.id!)")
            let preview = try await officer.post("/complaints/\(complaint.id!)/respond", ["response": "اعتذرنا عن التأخير"])
            #expect(preview.status == .ok && preview.contains(text(t, "caseMessage.refusal.optedOut")) && preview.contains(text(t, "caseMessage.recordOnly")))
            #expect(try await officer.post("/complaints/\(complaint.id!)/respond", ["response": "اعتذرنا عن التأخير", "confirm": "send"]).status == .seeOther)
            let skipped = try #require(try await OutboxMessage.query(on: t.db).filter(\.$relatedID == complaint.id!.uuidString).first())
            #expect(skipped.status == .skipped && skipped.lastError == "opted out")
            #expect(try await Job.query(on: t.db).all().filter { $0.payload.hasPrefix(skipped.id!.uuidString) }.isEmpty)
            #expect(try await Complaint.find(complaint.id!, on: t.db)?.status == .responded)
        }
    }

    @Test("answered by phone: a contact on her file linked by the case number, the waiting reply cleared, nothing sent")
    func answeredByPhone() async throws {
        try await withLamasat { t in
            let (officer, officerUser) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let complaint = try await fileComplaint(t, file: file, by: officerUser)
            try await t.db.transaction {
                _ = try await CaseThread.receive(.init(kind: .complaint, caseID: complaint.id!, text: "هل من جديد؟", via: "status", sourceKey: nil,
                                                       actorName: "public-status"), now: t.clock.now(), auditKey: t.app.lamasat.secrets.audit, on: $0)
            }
            try await officer.get("/complaints/\(complaint.id!)")
            #expect(try await officer.post("/complaints/\(complaint.id!)/respond", ["response": "اتصلت بها وشرحت", "confirm": "phone"]).status == .seeOther)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$relatedID == complaint.id!.uuidString).count() == 0)
            let contact = try #require(try await Contact.query(on: t.db).filter(\.$subject == complaint.number).first())
            #expect(contact.channel == .phone && contact.direction == .outgoing && contact.outcome == .answered && contact.beneficiaryID == file
                    && contact.subject == complaint.number && contact.staffID == officerUser.id)
            let stored = try #require(try await Complaint.find(complaint.id!, on: t.db))
            #expect(stored.status == .responded && stored.replyWaitingAt == nil)
            #expect(try await CaseThread.messages(.complaint, complaint.id!, on: t.db).map(\.via) == ["status", "phone"])
        }
    }

    @Test("/status finds a Q- case only with its mobile, shows the answers and not internal text; her reply reopens a closed case and waits")
    func statusFollowAndReply() async throws {
        try await withLamasat { t in
            let (officer, officerUser) = try await t.signedIn(as: .relationsOfficer)
            let inquiry = try await publicInquiry(t)
            try await officer.get("/inquiries/\(inquiry.id!)")
            #expect(try await officer.post("/inquiries/\(inquiry.id!)/answer", ["answer": "نعم، يمكنك التسجيل.", "confirm": "send"]).status == .seeOther)
            #expect(try await officer.post("/inquiries/\(inquiry.id!)/close", ["confirm": "send"]).status == .seeOther)
            let visitor = t.browser()
            try await visitor.get("/status")
            let unknown = try await visitor.post("/status", ["tracking": "Q-2026-999999", "mobile": "0551234567"])
            let wrongMobile = try await visitor.post("/status", ["tracking": inquiry.number, "mobile": "0559999999"])
            #expect(unknown.status == .notFound && wrongMobile.status == .notFound)
            #expect(unknown.contains(text(t, "public.status.notFound")) && wrongMobile.contains(text(t, "public.status.notFound")))
            #expect(!wrongMobile.contains("نعم، يمكنك التسجيل.") && !wrongMobile.contains("case-result"))
            let found = try await visitor.post("/status", ["tracking": inquiry.number, "mobile": "٠٥٥١٢٣٤٥٦٧"])
            #expect(found.status == .ok && found.contains("نعم، يمكنك التسجيل.") && found.contains(text(t, "inquiry.status.closed")))
            #expect(!found.contains(officerUser.fullName) && !found.contains("ما شروط التسجيل"))
            // a reply with the wrong mobile changes nothing and answers like an unknown number
            let forged = try await visitor.post("/status/reply", ["tracking": inquiry.number, "mobile": "0559999999", "reply": "رد مزور"])
            #expect(forged.status == .notFound)
            #expect(try await CaseMessage.query(on: t.db).filter(\.$direction == .incoming).count() == 0)
            #expect(try await visitor.post("/status/reply", ["tracking": inquiry.number, "mobile": "0551234567", "reply": ""]).status == .unprocessableEntity)
            let replied = try await visitor.post("/status/reply", ["tracking": inquiry.number, "mobile": "0551234567", "reply": "متى أراجع الفرع؟"])
            #expect(replied.status == .ok && replied.contains(text(t, "public.status.replied")) && replied.contains("متى أراجع الفرع؟"))
            let reopened = try #require(try await Inquiry.find(inquiry.id!, on: t.db))
            #expect(reopened.status == .new && reopened.replyWaitingAt != nil)
            // the officer sees it waiting, first, and with the filter
            let list = try await officer.get("/inquiries?waiting=1")
            #expect(list.contains(inquiry.number) && list.contains(text(t, "caseMessage.replyWaiting")))
            #expect(try await officer.get("/work").contains(inquiry.number))
        }
    }

    @Test("an S- case is found by her file's mobile; an internal escalation note never shows; a request number still works as before")
    func statusComplaintOnFile() async throws {
        try await withLamasat { t in
            let (manager, managerUser) = try await t.signedIn(as: .manager)
            let file = try await registerFile(manager, try await fileForm(t))
            let complaint = try await fileComplaint(t, file: file, by: managerUser)
            try await manager.get("/complaints/\(complaint.id!)")
            #expect(try await manager.post("/complaints/\(complaint.id!)/escalate", ["reason": "ملاحظة داخلية سرية"]).status == .seeOther)
            #expect(try await manager.post("/complaints/\(complaint.id!)/respond", ["response": "عالجنا الأمر", "confirm": "send"]).status == .seeOther)
            let visitor = t.browser()
            try await visitor.get("/status")
            let found = try await visitor.post("/status", ["tracking": complaint.number, "mobile": "0501234567"])
            #expect(found.status == .ok && found.contains("عالجنا الأمر") && !found.contains("ملاحظة داخلية سرية") && !found.contains(managerUser.fullName))
            #expect(try await visitor.post("/status", ["tracking": "R-2026-000001", "mobile": "0501234567"]).status == .notFound)
        }
    }

    @Test("the new actions refuse the wrong role and another branch")
    func newRoutesAreGuarded() async throws {
        try await withLamasat { t in
            let (officer, officerUser) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let complaint = try await fileComplaint(t, file: file, by: officerUser)
            let inquiry = try await publicInquiry(t)
            let (committee, _) = try await t.signedIn(as: .committeeMember)
            try await committee.get("/")
            #expect(try await committee.post("/inquiries/\(inquiry.id!)/ask", ["ask": "x", "confirm": "send"]).status == .forbidden)
            #expect(try await committee.post("/complaints/\(complaint.id!)/ask", ["ask": "x", "confirm": "send"]).status == .forbidden)
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            try await other.get("/")
            #expect(try await other.post("/inquiries/\(inquiry.id!)/ask", ["ask": "x", "confirm": "send"]).status == .notFound)
            #expect(try await other.post("/complaints/\(complaint.id!)/ask", ["ask": "x", "confirm": "send"]).status == .notFound)
            #expect(try await other.post("/inquiries/\(inquiry.id!)/answer", ["answer": "x", "confirm": "send"]).status == .notFound)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$relatedID ~~ [inquiry.id!.uuidString, complaint.id!.uuidString]).count() == 0)
        }
    }

    @Test("a confidential complaint's message carries only its number and link; she reads the answer on /status; an officer's file tab does not list it")
    func confidentialComplaint() async throws {
        try await withLamasat { t in
            let (manager, managerUser) = try await t.signedIn(as: .manager)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(manager, try await fileForm(t))
            let complaint = try await fileComplaint(t, file: file, by: managerUser, confidential: true)
            try await manager.get("/complaints/\(complaint.id!)")
            #expect(try await manager.post("/complaints/\(complaint.id!)/respond", ["response": "حاسبنا الموظفة المعنية", "confirm": "send"]).status == .seeOther)
            let sent = try #require(try await OutboxMessage.query(on: t.db).filter(\.$relatedID == complaint.id!.uuidString).first())
            #expect(sent.body.contains(complaint.number) && sent.body.contains("/status") && !sent.body.contains("حاسبنا"))
            #expect(!(try await officer.get("/beneficiaries/\(file)?tab=interactions").contains(complaint.number)))
            #expect(!(try await officer.get("/beneficiaries/\(file)?tab=timeline").contains(complaint.number)))
            let visitor = t.browser()
            try await visitor.get("/status")
            #expect(try await visitor.post("/status", ["tracking": complaint.number, "mobile": "0501234567"]).contains("حاسبنا الموظفة المعنية"))
        }
    }

    @Test("replies on /status are limited per address like look-ups: the eleventh in an hour is refused and changes nothing")
    func repliesAreRateLimited() async throws {
        try await withLamasat { t in
            let inquiry = try await publicInquiry(t)
            let visitor = t.browser()
            try await visitor.get("/status")
            for _ in 0..<PublicPagesController.repliesPerHour {
                #expect(try await visitor.post("/status/reply", ["tracking": inquiry.number, "mobile": "0551234567", "reply": "هل من جديد؟"]).status == .ok)
            }
            let refused = try await visitor.post("/status/reply", ["tracking": inquiry.number, "mobile": "0551234567", "reply": "هل من جديد؟"])
            #expect(refused.status == .tooManyRequests)
            #expect(try await CaseMessage.query(on: t.db).filter(\.$direction == .incoming).count() == PublicPagesController.repliesPerHour)
        }
    }

    @Test("a visitor who gave an e-mail on the public form is answered by e-mail, the number and /status link in it; a bad address is refused and nothing is filed")
    func answeredByEmail() async throws {
        try await withLamasat { t in
            let head = try await t.headOffice()
            let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .inquiry).first())
            let visitor = t.browser()
            try await visitor.get("/contact-us/inquiry")
            let refused = try await visitor.post("/contact-us/inquiry", ["contactName": "سارة", "contactPhone": "0551234567", "contactEmail": "sara@",
                                                                         "branch": head.id!.uuidString, "category": category.id!.uuidString, "text": "سؤال"])
            #expect(refused.status == .unprocessableEntity && refused.contains(text(t, "validation.email")))
            #expect(try await Inquiry.query(on: t.db).count() == 0)
            let inquiry = try await publicInquiry(t, email: "sara@example.org")
            #expect(inquiry.contactEmail == "sara@example.org")
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let preview = try await officer.post("/inquiries/\(inquiry.id!)/answer", ["answer": "نعم، يمكنك التسجيل عبر البوابة."])
            #expect(preview.contains("•••@example.org") && !preview.contains("sara@example.org"))
            let id = try #require(preview.body.firstMatch(of: /name="messageID" value="([0-9A-F-]{36})"/)).1
            #expect(try await officer.post("/inquiries/\(inquiry.id!)/answer", ["answer": "نعم، يمكنك التسجيل عبر البوابة.", "messageID": String(id),
                                                                                "confirm": "send"]).status == .seeOther)
            let mail = try #require(try await OutboxMessage.query(on: t.db).first())
            #expect(mail.channel == .email && mail.recipient == "sara@example.org" && mail.subject.contains(inquiry.number))
            #expect(mail.body.contains(inquiry.number) && mail.body.contains("/status") && mail.body.hasSuffix("نعم، يمكنك التسجيل عبر البوابة."))
            // She still follows it on /status with the number and her mobile.
            #expect(try await visitor.post("/status", ["tracking": inquiry.number, "mobile": "0551234567"]).contains("نعم، يمكنك التسجيل عبر البوابة."))
        }
    }
}
