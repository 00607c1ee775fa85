import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// The single-use code in a survey message or page.
func surveyToken(in text: String) -> String? {
    guard let range = text.range(of: #"/s/[0-9A-Z]{16}"#, options: .regularExpression) else { return nil }
    return String(text[range].dropFirst(3))
}

/// A delivered and closed request, and the survey message it produced.
func deliveredRequest(_ crew: Crew) async throws -> (file: UUID, request: UUID, token: String) {
    let (file, id, _) = try await crew.approved(amount: "1500")
    try await crew.service.get("/requests/\(id)/deliveries/new")
    #expect(try await crew.service.post("/requests/\(id)/deliveries", ["description": "إيجار ثلاثة أشهر", "amount": "1500", "date": "2026-11-25",
                                                                       "place": "office", "deliveredBy": "موظفة", "signature": Crew.signature]).status == .seeOther)
    #expect(try await crew.request(id).status == .closed)
    let message = try #require(try await OutboxMessage.query(on: crew.t.db).filter(\.$relatedType == "survey_invitation").first())
    return (file, id, try #require(surveyToken(in: message.body)))
}

/// The default survey's questions by what they measure, and a complete set of answers.
func defaultQuestions(_ t: TestContext) async throws -> [SurveyAspect: SurveyQuestion] {
    let template = try #require(try await SurveyTemplate.query(on: t.db).filter(\.$isDefault == true).first())
    let questions = try await SurveyQuestion.query(on: t.db).filter(\.$templateID == template.id!).all()
    return Dictionary(uniqueKeysWithValues: questions.map { ($0.aspect, $0) })
}

func surveyForm(_ q: [SurveyAspect: SurveyQuestion], overall: Int, others: Int = 4, comment: String = "") -> [String: String] {
    var form = [String: String]()
    for aspect in [SurveyAspect.courtesy, .ease, .speed, .clarity] { form["q-\(q[aspect]!.id!)"] = String(others) }
    form["q-\(q[.overall]!.id!)"] = String(overall)
    form["q-\(q[.comment]!.id!)"] = comment
    return form
}

@Suite("Satisfaction surveys, results, service recovery and improvements", .serialized)
struct SatisfactionTests {
    @Test("a delivered service invites her once; she answers in one go without signing in; the link then refuses a second answer")
    func deliveryToAnswer() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (file, id, token) = try await deliveredRequest(crew)
            let invitation = try #require(try await SurveyInvitation.query(on: t.db).first())
            #expect(invitation.beneficiaryID == file && invitation.source == .delivery && invitation.reference.hasPrefix("R-2026-"))
            #expect(invitation.expiresAt.timeIntervalSince(t.clock.now()) == Double(SurveyToken.lifetimeDays) * 86_400)
            // Only the hash of the code is kept.
            let links = try await SurveyLink.query(on: t.db).all()
            #expect(links.count == 1 && links[0].tokenHash == SessionTokens.hash(token) && links[0].tokenHash != token)
            let message = try #require(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "survey_invitation").first())
            #expect(message.recipient == "+966501234567" && message.body.contains("حق لك") && message.body.contains(invitation.reference))
            // Staff screens hide the code, so nobody can answer in her name.
            let outbox = try await crew.manager.get("/admin/outbox")
            #expect(outbox.contains("/s/••••") && !outbox.contains(token))
            #expect(!(try await crew.officer.get("/beneficiaries/\(file)?tab=interactions").contains(token)))
            // The page: no sign-in, Arabic, right-to-left, the promise that it is her right and never used to punish.
            let her = t.browser()
            let page = try await her.get("/s/\(token)")
            #expect(page.status == .ok && page.contains("dir=\"rtl\"") && page.contains("حق لك") && page.contains("لمعاقبة"))
            #expect(page.contains("أجيب دون ذكر اسمي") && !page.contains("أميرة"))
            // Missing required answers: a clear error and nothing stored.
            let q = try await defaultQuestions(t)
            var partial = surveyForm(q, overall: 5)
            partial.removeValue(forKey: "q-\(q[.speed]!.id!)")
            partial["q-\(q[.courtesy]!.id!)"] = "9"
            let refused = try await her.post("/s/\(token)", partial)
            #expect(refused.status == .unprocessableEntity && refused.contains("اختاري إجابة لهذا السؤال") && refused.contains("(2)"))
            // Each error on its question's group, and what she chose kept.
            #expect(refused.contains("id=\"field-q-\(q[.speed]!.id!)-error\"") && refused.contains("id=\"field-q-\(q[.courtesy]!.id!)-error\""))
            #expect(refused.contains("name=\"q-\(q[.overall]!.id!)\" value=\"5\" checked"))
            #expect(try await SurveyResponse.query(on: t.db).count() == 0)
            #expect(try await SurveyInvitation.find(invitation.id, on: t.db)?.isAnswered == false)
            // A low score with consent to be contacted: stored with her invitation, and a follow-up for a manager.
            var form = surveyForm(q, overall: 2, others: 3, comment: "انتظرت طويلًا في الفرع")
            form["contact"] = "on"
            let sent = try await her.post("/s/\(token)", form)
            #expect(sent.status == .seeOther && sent.location == "/s/thanks")
            #expect(try await her.get("/s/thanks").contains("شكرًا لك"))
            let response = try #require(try await SurveyResponse.query(on: t.db).first())
            #expect(!response.isAnonymous && response.invitationID == invitation.id && response.contactConsent && response.channel == "phone")
            #expect(response.month == "2026-11" && response.serviceType == "rent")
            #expect(try await SurveyAnswer.query(on: t.db).filter(\.$responseID == response.id!).count() == 6)
            let followUp = try #require(try await SurveyFollowUp.query(on: t.db).first())
            #expect(followUp.beneficiaryID == file && !followUp.isDone)
            // Single use: a second answer is refused and changes nothing.
            let again = try await her.post("/s/\(token)", surveyForm(q, overall: 5))
            #expect(again.status == .gone && again.contains("أُرسل هذا التقييم من قبل"))
            #expect(try await her.get("/s/\(token)").status == .gone)
            #expect(try await SurveyResponse.query(on: t.db).count() == 1)
            // The manager follows up; the researcher and the committee never see her answers.
            let work = try await crew.manager.get("/work")
            #expect(work.contains("متابعات الرضا المنخفض") && work.contains(invitation.reference))
            let detail = try await crew.manager.get("/satisfaction/followups/\(followUp.id!)")
            #expect(detail.status == .ok && detail.contains("انتظرت طويلًا في الفرع") && detail.contains("أميرة"))
            let noNote = try await crew.manager.post("/satisfaction/followups/\(followUp.id!)/done", ["note": ""])
            #expect(noNote.status == .unprocessableEntity && noNote.contains(t.app.lamasat.localizer.text("satisfaction.error.note", .ar)))
            let long = String(repeating: "ن", count: 2001)
            let tooLong = try await crew.manager.post("/satisfaction/followups/\(followUp.id!)/done", ["note": long])
            #expect(tooLong.status == .unprocessableEntity && tooLong.contains(t.app.lamasat.localizer.text("validation.tooLong", .ar)) && tooLong.contains(">\(long)</textarea>"))
            #expect(try await SurveyFollowUp.find(followUp.id, on: t.db)?.isDone == false)
            #expect(try await crew.manager.post("/satisfaction/followups/\(followUp.id!)/done", ["note": "اتصلت بها واعتذرنا"]).status == .seeOther)
            #expect(try await SurveyFollowUp.find(followUp.id, on: t.db)?.isDone == true)
            #expect(try await crew.manager.post("/satisfaction/followups/\(followUp.id!)/done", ["note": "مرة أخرى"]).status == .conflict)
            for browser in [crew.researcher, crew.chair, crew.officer, crew.service] {
                #expect(try await browser.get("/satisfaction/followups/\(followUp.id!)").status == .forbidden)
                #expect(try await browser.get("/satisfaction").status == .forbidden)
                #expect(try await browser.get("/satisfaction/export.csv").status == .forbidden)
                #expect(!(try await browser.get("/requests/\(id)").contains("انتظرت طويلًا")))
                #expect(!(try await browser.get("/beneficiaries/\(file)?tab=timeline").contains("انتظرت طويلًا")))
            }
            // A manager of another branch does not reach it.
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .manager, username: "jed.manager", branch: jeddah)
            #expect(try await other.get("/satisfaction/followups/\(followUp.id!)").status == .notFound)
            #expect(!(try await other.get("/satisfaction/followups?done=1").contains("أميرة")))
        }
    }

    @Test("an anonymous answer keeps only the service type, branch and month: nothing stored leads back to her")
    func anonymity() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (file, request, token) = try await deliveredRequest(crew)
            let q = try await defaultQuestions(t)
            var form = surveyForm(q, overall: 1, others: 1, comment: "تعليق سري")
            form["anonymous"] = "on"
            form["contact"] = "on"
            #expect(try await t.browser().post("/s/\(token)", form).status == .seeOther)
            let response = try #require(try await SurveyResponse.query(on: t.db).first())
            #expect(response.isAnonymous && response.invitationID == nil && response.channel == nil && response.staffID == nil && response.answeredAt == nil)
            #expect(!response.contactConsent, "consent means nothing without a name")
            #expect(try await SurveyFollowUp.query(on: t.db).count() == 0)
            // Look at the stored rows themselves: no column of the response or its answers holds her, her request or the invitation.
            let identifiers = [file.uuidString, request.uuidString, try #require(try await SurveyInvitation.query(on: t.db).first()).id!.uuidString]
                .map { $0.lowercased() }
            for table in ["survey_responses", "survey_answers"] {
                let rows = try await t.db.sql.raw("SELECT * FROM \(unsafeRaw: table)").all()
                #expect(!rows.isEmpty)
                for row in rows {
                    for column in row.allColumns {
                        let text = ((try? row.decode(column: column, as: String.self)) ?? (try? row.decode(column: column, as: UUID.self))?.uuidString ?? "").lowercased()
                        #expect(!identifiers.contains(text), "\(table).\(column) links back")
                    }
                }
            }
            // The invitation says only that it was answered, not when; the audit says a survey was answered, not whose.
            let invitationColumns = try await t.db.sql.raw("SELECT * FROM survey_invitations").all().first?.allColumns ?? []
            #expect(!invitationColumns.contains { $0.contains("answered_at") || $0.contains("response") })
            #expect(try await t.auditEntries(action: "survey.answered").isEmpty, "no address and time in the trail to pair with her")
        }
    }

    @Test("an expired, unknown or malformed link is refused plainly; a printed code opens the page however it is typed")
    func links() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, request, token) = try await deliveredRequest(crew)
            let her = t.browser()
            #expect(try await her.get("/s/\(String(token.reversed()))").status == .notFound)
            #expect(try await her.get("/s/not-a-token").contains("لم نجد هذا الرابط"))
            #expect(try await her.post("/s/0000000000000000", ["x": "y"]).status == .notFound)
            // The receipt of the final delivery prints a fresh code for the same invitation.
            let delivery = try #require(try await ServiceDelivery.query(on: t.db).filter(\.$requestID == request).first())
            let receipt = try await crew.service.get("/requests/\(request)/deliveries/\(delivery.id!)/receipt")
            #expect(receipt.status == .ok && receipt.contains("إيصال استلام") && receipt.contains("survey-code"))
            let printed = try #require(surveyToken(in: receipt.body))
            #expect(printed != token)
            #expect(try await SurveyLink.query(on: t.db).count() == 2)
            // A reprint carries no code: nobody keeps one to answer in her name.
            let reprint = try await crew.service.get("/requests/\(request)/deliveries/\(delivery.id!)/receipt")
            #expect(!reprint.contains("survey-code") && reprint.contains("طُبع رمز التقييم في الإيصال الأول"))
            #expect(try await SurveyLink.query(on: t.db).count() == 2)
            let typed = SurveyToken.grouped(printed).lowercased()
            let opened = try await her.get("/s?code=\(typed)")
            #expect(opened.status == .seeOther && opened.location == "/s/\(printed)")
            #expect(try await her.get("/s?code=12345").status == .unprocessableEntity)
            // Receipts: wrong role and other branch.
            #expect(try await crew.researcher.get("/requests/\(request)/deliveries/\(delivery.id!)/receipt").status == .forbidden)
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .serviceOfficer, username: "jed.service", branch: jeddah)
            #expect(try await other.get("/requests/\(request)/deliveries/\(delivery.id!)/receipt").status == .notFound)
            // Thirty days later neither code works.
            let invitation = try #require(try await SurveyInvitation.query(on: t.db).first())
            invitation.expiresAt = t.clock.now().addingTimeInterval(-1)
            try await invitation.save(on: t.db)
            #expect(try await her.get("/s/\(token)").status == .gone)
            let late = try await her.post("/s/\(printed)", ["q": "5"])
            #expect(late.status == .gone && late.contains("انتهت مدة هذا الرابط"))
            #expect(try await SurveyResponse.query(on: t.db).count() == 0)
            #expect(!(try await crew.service.get("/requests/\(request)/deliveries/\(delivery.id!)/receipt").contains("survey-code")))
        }
    }

    @Test("two answers sent at the same moment: exactly one is kept")
    func concurrentAnswers() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, _, token) = try await deliveredRequest(crew)
            let q = try await defaultQuestions(t)
            let first = t.browser(), second = t.browser()
            try await first.get("/s/\(token)")
            try await second.get("/s/\(token)")
            async let a = first.post("/s/\(token)", surveyForm(q, overall: 5))
            async let b = second.post("/s/\(token)", surveyForm(q, overall: 4))
            let statuses = [try await a.status, try await b.status]
            #expect(statuses.filter { $0 == .seeOther }.count == 1 && statuses.contains(.gone))
            #expect(try await SurveyResponse.query(on: t.db).count() == 1)
        }
    }

    @Test("closing an inquiry or a complaint of hers invites her once; one without a file or a suggestion does not")
    func otherTriggers() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "request_status").first())
            try await officer.get("/inquiries/new?beneficiary=\(file)")
            #expect(try await officer.post("/inquiries?beneficiary=\(file)", ["channel": "phone", "category": category.id!.uuidString, "question": "متى القرار؟"]).status == .seeOther)
            #expect(try await officer.post("/inquiries", ["contactName": "سارة", "contactPhone": "0551234567", "channel": "phone",
                                                          "category": category.id!.uuidString, "question": "ما شروط التسجيل؟"]).status == .seeOther)
            for inquiry in try await Inquiry.query(on: t.db).all() {
                #expect(try await officer.post("/inquiries/\(inquiry.id!)/answer", ["answer": "خلال أسبوعين", "confirm": "send"]).status == .seeOther)
                #expect(try await officer.post("/inquiries/\(inquiry.id!)/close", ["confirm": "send"]).status == .seeOther)
            }
            var invitations = try await SurveyInvitation.query(on: t.db).all()
            #expect(invitations.count == 1 && invitations[0].source == .inquiry && invitations[0].serviceType == "inquiry" && invitations[0].beneficiaryID == file)
            // Reopened and closed again: still one invitation.
            let mine = try #require(try await Inquiry.query(on: t.db).filter(\.$beneficiaryID == file).first())
            #expect(try await officer.post("/inquiries/\(mine.id!)/reopen", ["reason": "سؤال إضافي"]).status == .seeOther)
            #expect(try await officer.post("/inquiries/\(mine.id!)/answer", ["answer": "نعم، خلال أسبوعين", "confirm": "send"]).status == .seeOther)
            #expect(try await officer.post("/inquiries/\(mine.id!)/close", ["confirm": "send"]).status == .seeOther)
            #expect(try await SurveyInvitation.query(on: t.db).count() == 1)
            let delay = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "delay").first())
            for kind in ["complaint", "suggestion"] {
                #expect(try await officer.post("/complaints?beneficiary=\(file)", ["kind": kind, "channel": "interview", "category": delay.id!.uuidString,
                                                                                  "severity": "medium", "description": "تأخر الرد"]).status == .seeOther)
            }
            // A confidential one is closed without an invitation: its number would show on her file to staff who may not see it.
            #expect(try await officer.post("/complaints?beneficiary=\(file)", ["kind": "complaint", "channel": "interview", "category": delay.id!.uuidString,
                                                                              "severity": "medium", "description": "أمر خاص", "confidential": "on"]).status == .seeOther)
            let (manager, _) = try await t.signedIn(as: .manager)
            let confidential = try #require(try await Complaint.query(on: t.db).filter(\.$isConfidential == true).first())
            #expect(try await manager.post("/complaints/\(confidential.id!)/respond", ["response": "تابعنا", "confirm": "send"]).status == .seeOther)
            #expect(try await manager.post("/complaints/\(confidential.id!)/close", ["acknowledgement": "راضية", "confirm": "send"]).status == .seeOther)
            for complaint in try await Complaint.query(on: t.db).filter(\.$isConfidential == false).all() {
                #expect(try await officer.post("/complaints/\(complaint.id!)/respond", ["response": "اعتذرنا", "confirm": "send"]).status == .seeOther)
                #expect(try await officer.post("/complaints/\(complaint.id!)/close", ["acknowledgement": "راضية", "confirm": "send"]).status == .seeOther)
            }
            invitations = try await SurveyInvitation.query(on: t.db).filter(\.$source == .complaint).all()
            #expect(invitations.count == 1 && invitations[0].serviceType == "complaint")
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "survey_invitation").count() == 2)
        }
    }

    @Test("the unanswered-survey rule reminds once, with a link that works, and never someone who answered")
    func reminder() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, _, token) = try await deliveredRequest(crew)
            let rule = try #require(try await OutreachRule.query(on: t.db).filter(\.$code == "surveyReminder").first())
            #expect(rule.days == 3 && !rule.enabled)
            #expect(try await OutreachEngine.matches(rule, now: t.clock.now(), ownBranch: nil, on: t.db).isEmpty, "not before the days set")
            let later = t.clock.now().addingTimeInterval(4 * 86_400)
            #expect(try await OutreachEngine.matches(rule, now: later, ownBranch: nil, on: t.db).count == 1)
            let result = try await OutreachEngine.run(rule, now: later, by: "test", baseURL: "https://lamasat.example", ownBranch: nil, on: t.db)
            #expect(result.queued == 1)
            let reminder = try #require(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "outreach_rule").first())
            #expect(reminder.body.contains("https://lamasat.example/s/") && reminder.body.contains("تذكير واحد"))
            let fresh = try #require(surveyToken(in: reminder.body))
            #expect(fresh != token)
            #expect(try await OutreachEngine.run(rule, now: later.addingTimeInterval(86_400), by: "test", baseURL: "x", ownBranch: nil, on: t.db).queued == 0)
            #expect(try await OutreachEngine.matches(rule, now: later, ownBranch: nil, on: t.db).isEmpty)
            // The reminder's link opens the same survey; answering through it closes the first link too.
            let q = try await defaultQuestions(t)
            #expect(try await t.browser().post("/s/\(fresh)", surveyForm(q, overall: 5)).status == .seeOther)
            #expect(try await t.browser().get("/s/\(token)").status == .gone)
            // A reminder message without its link is refused.
            let (regional, _) = try await t.signedIn(as: .manager, username: "regional", scope: .allBranches)
            try await regional.get("/outreach")
            let refused = try await regional.post("/outreach/\(rule.id!)", ["days": "3", "message": "تذكير بلا رابط", "enabled": "on"])
            #expect(refused.status == .unprocessableEntity && refused.contains("{link}"))
        }
    }
}
