import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Answers stored as the answer page stores them, for results computed by hand.
struct SurveySeed {
    let t: TestContext
    let questions: [SurveyAspect: SurveyQuestion]

    init(_ t: TestContext) async throws {
        self.t = t
        questions = try await defaultQuestions(t)
    }

    func answer(branch: Branch, month: String, overall: Int, staff: StaffUser? = nil, service: String = "rent", comment: String = "") async throws {
        let response = SurveyResponse()
        response.id = UUID()
        response.templateID = questions[.overall]!.templateID
        response.month = month
        response.branchID = branch.id!
        response.serviceType = service
        response.isAnonymous = staff == nil
        response.channel = staff == nil ? nil : "phone"
        response.staffID = staff?.id
        response.contactConsent = false
        try await response.create(on: t.db)
        for (aspect, score) in [(SurveyAspect.courtesy, overall), (.overall, overall)] {
            let answer = SurveyAnswer()
            answer.responseID = response.id!
            answer.questionID = questions[aspect]!.id!
            answer.score = score
            answer.text = ""
            try await answer.create(on: t.db)
        }
        if !comment.isEmpty {
            let answer = SurveyAnswer()
            answer.responseID = response.id!
            answer.questionID = questions[.comment]!.id!
            answer.text = comment
            try await answer.create(on: t.db)
        }
    }

    /// Invitations sent this month in a branch, some of them answered (for the response rate).
    func invitations(branch: Branch, file: UUID, sent: Int, answered: Int) async throws {
        for index in 0..<sent {
            let invitation = SurveyInvitation()
            invitation.templateID = questions[.overall]!.templateID
            invitation.source = .inquiry
            invitation.sourceID = UUID()
            invitation.reference = "Q-2026-\(index)"
            invitation.beneficiaryID = file
            invitation.branchID = branch.id!
            invitation.serviceType = "rent"
            invitation.serviceChannel = "phone"
            invitation.createdAt = t.clock.now()
            invitation.expiresAt = t.clock.now().addingTimeInterval(86_400)
            invitation.isAnswered = index < answered
            try await invitation.create(on: t.db)
        }
    }
}

@Suite("Satisfaction results, export, survey templates and improvement actions", .serialized)
struct SatisfactionResultsTests {
    @Test("the results equal hand-computed values; a colleague shows only from five answers; each manager sees her branch")
    func results() async throws {
        try await withLamasat { t in
            let seed = try await SurveySeed(t)
            let head = try await t.headOffice(), jeddah = try await t.makeBranch("JED")
            let (manager, _) = try await t.signedIn(as: .manager)
            let (_, noura) = try await t.signedIn(as: .relationsOfficer, username: "noura")
            let (_, huda) = try await t.signedIn(as: .relationsOfficer, username: "huda")
            for overall in [5, 5, 4, 2, 1] {
                try await seed.answer(branch: head, month: "2026-11", overall: overall, staff: noura, comment: overall == 4 ? "استقبال لطيف وسريع" : "")
            }
            for _ in 0..<4 { try await seed.answer(branch: head, month: "2026-11", overall: 5, staff: huda) }
            for (overall, comment) in [(3, "الانتظار طويل"), (4, ""), (5, "=HYPERLINK(\"http://x\")")] {
                try await seed.answer(branch: head, month: "2026-10", overall: overall, comment: comment)
            }
            for _ in 0..<2 { try await seed.answer(branch: jeddah, month: "2026-11", overall: 1, service: "food_basket") }
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            try await seed.invitations(branch: head, file: try await registerFile(officer, try await fileForm(t)), sent: 20, answered: 9)

            let page = try await manager.get("/satisfaction")
            #expect(page.status == .ok)
            // Head office: overall [5,5,4,2,1, 5,5,5,5, 3,4,5] → 9 of 12 satisfied.
            #expect(page.contains("id=\"score\">75%<") && page.contains("id=\"count\">12<"))
            #expect(page.contains("id=\"rate\">45%<") && page.contains("9 من 20 دعوة"))
            // Courtesy averages 49 / 12 = 4.08.
            #expect(page.contains("4.1 من 5"))
            // The trend: November 7 of 9; October has only three answers, so its score is not shown.
            #expect(page.contains("أكتوبر 2026م") && page.contains("78%") && !page.contains("67%"))
            // Noura has five answers (3 satisfied: 60%); Huda only four, so she is not shown at all.
            #expect(page.contains("موظفة noura") && page.contains("60%"))
            #expect(!page.contains("موظفة huda") && page.contains("1 من الموظفين لهم أقل من 5 إجابات"))
            // Comments without names, each only from a month × branch × service of five answers or more: November's
            // nine rent answers show theirs, October's three keep theirs back.
            #expect(page.contains("استقبال لطيف وسريع"))
            #expect(!page.contains("الانتظار طويل"))
            // A manager in Jeddah sees Jeddah only, whatever the address asks for.
            let (jedManager, _) = try await t.signedIn(as: .manager, username: "jed.manager", branch: jeddah)
            let jed = try await jedManager.get("/satisfaction?branch=\(head.id!)")
            #expect(jed.contains("id=\"count\">2<") && !jed.contains("استقبال لطيف وسريع"))
            // Two answers: their number only, no score, no comments, no breakdowns.
            #expect(jed.contains("id=\"score\">—<") && jed.contains("id=\"too-few\"") && !jed.contains("من 5<"))
            #expect(try await jedManager.get("/satisfaction/export.csv").status == .unprocessableEntity)
            #expect(try await jedManager.get("/satisfaction/export.xlsx").status == .unprocessableEntity)
            // A manager over every branch sees all fourteen: 9 of 14.
            let (regional, _) = try await t.signedIn(as: .manager, username: "regional", scope: .allBranches)
            #expect(try await regional.get("/satisfaction").contains("id=\"score\">64%<"))
            #expect(try await regional.get("/satisfaction?service=food_basket").contains("id=\"count\">2<"))
            // Bad filters: a clear message, the default range, nothing else.
            let bad = try await manager.get("/satisfaction?from=2026-13&to=abc")
            #expect(bad.status == .unprocessableEntity && bad.contains("اكتبي الشهر بالصيغة 2026-11") && bad.contains("id=\"count\">12<"))
            let reversed = try await manager.get("/satisfaction?from=2026-11&to=2026-01")
            #expect(reversed.status == .unprocessableEntity && reversed.contains("يجب أن يسبق شهر البداية"))
            #expect(try await manager.get("/satisfaction?from=2026-11&to=2026-11").contains("id=\"count\">9<"))
            // Wrong roles.
            for role in RolePermissions.roles(without: .viewSatisfaction) {
                let (browser, _) = try await t.signedIn(as: role, username: "wrong.\(role.rawValue.lowercased())")
                #expect(try await browser.get("/satisfaction").status == role.refusal(of: .viewSatisfaction), "\(role)")
                #expect(try await browser.get("/satisfaction/export.csv").status == role.refusal(of: .viewSatisfaction), "\(role)")
                #expect(try await browser.get("/satisfaction/export.xlsx").status == role.refusal(of: .viewSatisfaction), "\(role)")
            }
            #expect(try await t.auditEntries(action: "satisfaction.viewed").count >= 1)
        }
    }

    @Test("the CSV export opens in Excel with Arabic: a byte-order mark, one row per answer, no names, formulas made inert; no row from a cell of fewer than five")
    func export() async throws {
        try await withLamasat { t in
            let seed = try await SurveySeed(t)
            let head = try await t.headOffice()
            let (manager, _) = try await t.signedIn(as: .manager)
            let (_, noura) = try await t.signedIn(as: .relationsOfficer, username: "noura")
            // Four named answers and one anonymous: each cell (month × branch × service × channel) is under five.
            for overall in [5, 4, 4, 3] { try await seed.answer(branch: head, month: "2026-11", overall: overall, staff: noura) }
            try await seed.answer(branch: head, month: "2026-11", overall: 2, comment: "=HYPERLINK(\"http://x\")")
            #expect(try await manager.get("/satisfaction/export.csv").status == .unprocessableEntity)
            // A fifth named answer opens its cell; the lone anonymous one and October's single answer stay out.
            try await seed.answer(branch: head, month: "2026-11", overall: 5, staff: noura)
            try await seed.answer(branch: head, month: "2026-10", overall: 1, staff: noura)
            let kept = try await manager.get("/satisfaction/export.csv?from=2026-10&to=2026-11")
            let keptLines = kept.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(kept.status == .ok && keptLines.count == 6 && !kept.body.contains("HYPERLINK") && !kept.body.contains("2026-10-01,"))
            #expect(try await t.auditEntries(action: "satisfaction.exported").last?.detail?.contains("withheld=2") == true)
            for overall in [4, 4, 5, 3] { try await seed.answer(branch: head, month: "2026-11", overall: overall) }
            let csv = try await manager.get("/satisfaction/export.csv")
            #expect(csv.status == .ok && csv.headers.first(name: .contentType)?.contains("text/csv") == true)
            #expect(csv.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            #expect(csv.body.hasPrefix("\u{FEFF}الشهر,الفرع,نوع الخدمة"))
            let lines = csv.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 11)
            #expect(lines.contains { $0.hasPrefix("2026-11-01,") && $0.contains(",الاتصالات الهاتفية,لا,") })
            #expect(lines.contains { $0.contains(",,نعم,") && $0.contains("\"'=HYPERLINK(\"\"http://x\"\")\"") })
            #expect(!csv.body.contains("noura"))
            #expect(try await manager.get("/satisfaction/export.csv?from=bad").status == .unprocessableEntity)
            #expect(try await t.auditEntries(action: "satisfaction.exported").count == 2)
        }
    }

    @Test("the XLSX export is a right-to-left workbook of the answers the filter allows: the month a date, scores numbers, no other branch's row")
    func xlsxExport() async throws {
        try await withLamasat { t in
            let seed = try await SurveySeed(t)
            let head = try await t.headOffice(), jeddah = try await t.makeBranch("JED")
            for overall in [5, 4, 4, 3, 2] { try await seed.answer(branch: head, month: "2026-11", overall: overall) }
            for _ in 0..<5 { try await seed.answer(branch: head, month: "2026-10", overall: 1) }
            for _ in 0..<5 { try await seed.answer(branch: jeddah, month: "2026-11", overall: 5, service: "food_basket") }
            let (manager, _) = try await t.signedIn(as: .manager)
            // The page offers both files, each with the page's filter (her branch included).
            let page = try await manager.get("/satisfaction?from=2026-11&to=2026-11")
            #expect(page.contains("href=\"/satisfaction/export.xlsx?branch=\(head.id!.uuidString)&amp;from=2026-11&amp;to=2026-11\""))
            #expect(page.contains("href=\"/satisfaction/export.csv?branch=\(head.id!.uuidString)&amp;from=2026-11&amp;to=2026-11\""))

            let xlsx = try await manager.get("/satisfaction/export.xlsx?from=2026-11&to=2026-11")
            #expect(xlsx.status == .ok && xlsx.headers.first(name: .contentType) == XLSXWriter.contentType)
            #expect(xlsx.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"satisfaction-2026-11-2026-11.xlsx\"") == true)
            let sheet = try #require(try TableExportTests.parts(Data(xlsx.bytes))["xl/worksheets/sheet1.xml"])
            #expect(sheet.contains("rightToLeft=\"1\""))
            // The header and head office's five November answers: not October's, not Jeddah's.
            let november = CellFormat.excelSerial(CalendarDay(gregorianYear: 2026, month: 11, day: 1))
            #expect(sheet.contains("<c r=\"A2\" s=\"2\"><v>\(november)</v></c>") && sheet.contains("<c r=\"A6\" s=\"2\"><v>\(november)</v></c>"))
            #expect(!sheet.contains("<row r=\"7\""))
            #expect(sheet.contains(">\(head.nameArabic)</t>") && !sheet.contains(jeddah.nameArabic))
            // A score is a number a spreadsheet sums, not text.
            #expect(sheet.contains("<v>2</v>") && !sheet.contains("preserve\">2</t>"))
            let audit = try #require(try await t.auditEntries(action: "satisfaction.exported").last?.detail)
            #expect(audit.contains("rows=5") && audit.contains("format=xlsx"))
            // The CSV of the same filter holds the same rows, behind a byte-order mark.
            let csv = try await manager.get("/satisfaction/export.csv?from=2026-11&to=2026-11")
            #expect(Array(csv.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF] && csv.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 6)

            // Jeddah's manager gets Jeddah's rows only, whatever branch the address asks for.
            let (jedManager, _) = try await t.signedIn(as: .manager, username: "jed.manager", branch: jeddah)
            let jed = try TableExportTests.parts(Data(try await jedManager.get("/satisfaction/export.xlsx?from=2026-11&to=2026-11&branch=\(head.id!)").bytes))
            let jedSheet = try #require(jed["xl/worksheets/sheet1.xml"])
            #expect(jedSheet.contains(jeddah.nameArabic) && !jedSheet.contains(head.nameArabic) && !jedSheet.contains("<row r=\"7\""))
        }
    }

    @Test("survey templates: questions of four kinds in two languages, validated, ordered, previewed; answered questions keep their kind")
    func templates() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let list = try await admin.get("/admin/surveys")
            #expect(list.status == .ok && list.contains("الاستبانة الأساسية"))
            let unnamed = try await admin.post("/admin/surveys", ["name": ""])
            #expect(unnamed.status == .unprocessableEntity && unnamed.contains(t.app.lamasat.localizer.text("survey.error.name", .ar)))
            let longName = String(repeating: "س", count: 121)
            let tooLong = try await admin.post("/admin/surveys", ["name": longName])
            #expect(tooLong.status == .unprocessableEntity && tooLong.contains("value=\"\(longName)\"") && tooLong.contains("id=\"field-name-error\""))
            #expect(try await SurveyTemplate.query(on: t.db).filter(\.$name == longName).count() == 0)
            let created = try await admin.post("/admin/surveys", ["name": "استبانة الزيارات المنزلية"])
            #expect(created.status == .seeOther)
            let template = try #require(try await SurveyTemplate.query(on: t.db).filter(\.$name == "استبانة الزيارات المنزلية").first())
            let path = "/admin/surveys/\(template.id!)"
            try await admin.get(path)
            // A choice question needs 2–8 choices, the same number in English; an overall question must be a scale.
            let bad = try await admin.post("\(path)/questions", ["textArabic": "كيف علمتِ بالزيارة؟", "kind": "choice", "aspect": "other",
                                                                  "choicesArabic": "اتصال", "choicesEnglish": "Call\nSMS"])
            #expect(bad.status == .unprocessableEntity && bad.contains("من خيارين إلى ثمانية"))
            #expect(bad.contains("value=\"كيف علمتِ بالزيارة؟\"") && bad.contains("<option value=\"choice\" selected>") && bad.contains(">Call\nSMS</textarea>"))
            #expect(bad.contains("id=\"field-choicesArabic-error\"") && bad.contains("id=\"field-choicesEnglish-error\""))
            #expect(try await admin.post("\(path)/questions", ["textArabic": "راضية؟", "kind": "yesNo", "aspect": "overall"]).status == .unprocessableEntity)
            #expect(try await SurveyQuestion.query(on: t.db).filter(\.$templateID == template.id!).count() == 0)
            #expect(try await admin.post("\(path)/questions", ["textArabic": "كيف علمتِ بالزيارة؟", "textEnglish": "How did you hear of the visit?", "kind": "choice",
                                                               "aspect": "other", "choicesArabic": "اتصال\nرسالة\nزيارة سابقة", "choicesEnglish": "Call\nSMS\nEarlier visit",
                                                               "isRequired": "on"]).status == .seeOther)
            #expect(try await admin.post("\(path)/questions", ["textArabic": "هل حضرت الباحثة في الموعد؟", "kind": "yesNo", "aspect": "speed", "isRequired": "on"]).status == .seeOther)
            // Making it the default needs an overall scale question.
            #expect(try await admin.post("\(path)/default").status == .unprocessableEntity)
            #expect(try await admin.post("\(path)/questions", ["textArabic": "ما مدى رضاك عن الزيارة؟", "kind": "scale", "aspect": "overall", "isRequired": "on"]).status == .seeOther)
            var questions = try await SurveyQuestion.query(on: t.db).filter(\.$templateID == template.id!).sort(\.$position).all()
            #expect(questions.map(\.kind) == [.choice, .yesNo, .scale])
            // Order: the last one up one place.
            #expect(try await admin.post("\(path)/questions/\(questions[2].id!)/move", ["direction": "up"]).status == .seeOther)
            questions = try await SurveyQuestion.query(on: t.db).filter(\.$templateID == template.id!).sort(\.$position).all()
            #expect(questions.map(\.kind) == [.choice, .scale, .yesNo])
            // The preview shows her page, in English too, with nothing to send.
            let preview = try await admin.get("\(path)/preview")
            #expect(preview.contains("كيف علمتِ بالزيارة؟") && preview.contains("زيارة سابقة") && preview.contains("disabled"))
            #expect(try await admin.post("\(path)/default").status == .seeOther)
            #expect(try await SurveyTemplate.query(on: t.db).filter(\.$isDefault == true).all().map(\.id) == [template.id])
            // Once answered, a question keeps its kind and its number of choices, and is retired rather than deleted.
            let choice = questions[0]
            let response = SurveyResponse()
            response.templateID = template.id!; response.month = "2026-11"; response.branchID = try await t.headOffice().id!
            response.serviceType = "rent"; response.isAnonymous = true; response.contactConsent = false
            try await response.create(on: t.db)
            let answer = SurveyAnswer()
            answer.responseID = response.id!; answer.questionID = choice.id!; answer.score = 1; answer.text = ""
            try await answer.create(on: t.db)
            let locked = try await admin.post("\(path)/questions/\(choice.id!)", ["textArabic": "كيف عرفتِ؟", "kind": "text", "aspect": "other",
                                                                                   "choicesArabic": "اتصال\nرسالة"])
            #expect(locked.status == .unprocessableEntity && locked.contains("لهذا السؤال إجابات"))
            #expect(locked.contains("value=\"كيف عرفتِ؟\"") && locked.contains("id=\"field-choicesArabic-\(choice.id!)-error\""))
            #expect(try await admin.post("\(path)/questions/\(choice.id!)", ["textArabic": "كيف عرفتِ بالزيارة؟", "kind": "text", "aspect": "other",
                                                                              "choicesArabic": "اتصال\nرسالة\nزيارة سابقة"]).status == .seeOther)
            let edited = try #require(try await SurveyQuestion.find(choice.id, on: t.db))
            #expect(edited.kind == .choice && edited.textArabic == "كيف عرفتِ بالزيارة؟")
            #expect(try await admin.post("\(path)/questions/\(choice.id!)/retire").status == .seeOther)
            #expect(try await SurveyQuestion.find(choice.id, on: t.db)?.isActive == false)
            #expect(try await admin.post("\(path)/questions/\(questions[2].id!)/retire").status == .seeOther)
            #expect(try await SurveyQuestion.find(questions[2].id, on: t.db) == nil, "never answered: deleted")
            // Wrong roles.
            for role in RolePermissions.roles(without: .manageSurveys) {
                let (browser, _) = try await t.signedIn(as: role, username: "wrong.\(role.rawValue.lowercased())")
                #expect(try await browser.get("/admin/surveys").status == .forbidden, "\(role)")
                #expect(try await browser.post("\(path)/questions", ["textArabic": "x", "kind": "text", "aspect": "other"]).status == .forbidden, "\(role)")
            }
        }
    }

    @Test("an improvement action links the feedback behind it; only done actions are published, without names or numbers")
    func improvements() async throws {
        try await withLamasat { t in
            let seed = try await SurveySeed(t)
            let head = try await t.headOffice(), jeddah = try await t.makeBranch("JED")
            let (manager, managerUser) = try await t.signedIn(as: .manager)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            try await seed.answer(branch: head, month: "2026-11", overall: 2, comment: "لا يوجد مكان انتظار مريح للأطفال")
            // Her comment can be linked only because its month, branch and service hold five answers; a lone one cannot.
            for _ in 0..<4 { try await seed.answer(branch: head, month: "2026-11", overall: 4) }
            try await seed.answer(branch: head, month: "2026-11", overall: 1, service: "food_basket", comment: "السلة ناقصة")
            let comment = try #require(try await SurveyAnswer.query(on: t.db).filter(\.$text == "لا يوجد مكان انتظار مريح للأطفال").first())
            let delay = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "delay").first())
            #expect(try await officer.post("/complaints", ["kind": "suggestion", "contactName": "منى", "contactPhone": "0551112223", "channel": "website",
                                                           "category": delay.id!.uuidString, "severity": "low", "description": "ركن للأطفال"]).status == .seeOther)
            let suggestion = try #require(try await Complaint.query(on: t.db).first())
            let form = try await manager.get("/improvements/new")
            #expect(form.contains("لا يوجد مكان انتظار مريح للأطفال") && !form.contains("السلة ناقصة"))
            let base = ["title": "ركن أطفال في صالة الانتظار", "youSaid": "الانتظار مع الأطفال متعب", "weDid": "", "owner": managerUser.id!.uuidString,
                        "status": "done", "dueOn": "2026-12-15", "doneOn": "", "references": "S-2099-000001"]
            // Done needs what was done and when; a number she cannot see is refused; publishing needs done.
            let refused = try await manager.post("/improvements", base)
            #expect(refused.status == .unprocessableEntity && refused.contains("S-2099-000001") && refused.contains("اكتبي ما تم فعله"))
            #expect(refused.contains("value=\"ركن أطفال في صالة الانتظار\"") && refused.contains("value=\"2026-12-15\"") && refused.contains("<option value=\"done\" selected>"))
            #expect(refused.contains("id=\"field-weDid-error\"") && refused.contains("id=\"field-doneOn-error\"") && refused.contains("id=\"field-references-error\""))
            let unpublishable = try await manager.post("/improvements", base.merging(["status": "planned", "references": "", "isPublished": "on"]) { $1 })
            #expect(unpublishable.status == .unprocessableEntity && unpublishable.contains(t.app.lamasat.localizer.text("improvement.error.publish", .ar)))
            #expect(try await ImprovementAction.query(on: t.db).count() == 0)
            let saved = try await manager.postMany("/improvements", base.merging(["references": suggestion.number, "weDid": "جهزنا ركنًا للأطفال بألعاب وكتب",
                                                                                 "doneOn": "2026-11-20", "isPublished": "on"]) { $1 }.map { ($0.key, $0.value) }
                                                   + [("comments[]", comment.id!.uuidString)])
            #expect(saved.status == .seeOther)
            let action = try #require(try await ImprovementAction.query(on: t.db).first())
            let links = try await ImprovementLink.query(on: t.db).filter(\.$actionID == action.id!).all()
            #expect(Set(links.map(\.kind)) == [.suggestion, .surveyComment] && links.contains { $0.label == suggestion.number })
            #expect(try await manager.get("/improvements").contains("ركن أطفال في صالة الانتظار"))
            // The public list: what she said and what was done, no names or numbers; no sign-in.
            let open = try await t.browser().get("/you-said-we-did")
            #expect(open.status == .ok && open.contains("جهزنا ركنًا للأطفال بألعاب وكتب") && open.contains("نوفمبر 2026م"))
            #expect(!open.contains(suggestion.number) && !open.contains("منى") && !open.contains("ركن أطفال في صالة الانتظار"))
            // Other branch and wrong roles.
            let (other, _) = try await t.signedIn(as: .manager, username: "jed.manager", branch: jeddah)
            #expect(try await other.get("/improvements/\(action.id!)").status == .notFound)
            #expect(!(try await other.get("/improvements").contains("ركن أطفال")))
            for role in RolePermissions.roles(without: .recordImprovements) {
                let (browser, _) = try await t.signedIn(as: role, username: "wrong.\(role.rawValue.lowercased())")
                #expect(try await browser.get("/improvements").status == role.refusal(of: .recordImprovements), "\(role)")
                #expect(try await browser.post("/improvements", base).status == role.refusal(of: .recordImprovements), "\(role)")
            }
        }
    }
}
