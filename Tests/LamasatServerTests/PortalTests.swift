import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Asks for a sign-in code as she would and reads it from the message the worker queued: the code page and the code.
func askForCode(_ t: TestContext, _ her: Browser, nationalID: String = "1045789326") async throws -> (page: String, code: String) {
    try await her.get("/portal/signin")
    let asked = try await her.post("/portal/signin", ["nationalID": nationalID])
    #expect(asked.status == .seeOther)
    while try await JobWorker(application: t.app).runDueJobs() > 0 {}
    let message = try #require(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "portal_code").sort(\.$createdAt, .descending).first())
    let code = try #require(message.body.range(of: #"\d{6}"#, options: .regularExpression).map { String(message.body[$0]) })
    let location = try #require(asked.location)
    try await her.get(location)
    return (location, code)
}

/// Signs a beneficiary in with the code the worker queued for her; returns her browser.
func portalSignIn(_ t: TestContext, nationalID: String = "1045789326") async throws -> Browser {
    let her = t.browser()
    let (location, code) = try await askForCode(t, her, nationalID: nationalID)
    let signedIn = try await her.post(location, ["code": code])
    #expect(signedIn.status == .seeOther && signedIn.location == "/portal")
    return her
}

@Suite("Beneficiary portal and public pages", .serialized)
struct PortalTests {
    @Test("sign-in: a code by SMS to the mobile on her file, once, for ten minutes, five tries; unknown IDs get the same answer")
    func signIn() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            // Known and unknown IDs: the same status, the same page, a challenge row and a job each; only the known one gets a message.
            let known = t.browser(), unknown = t.browser()
            try await known.get("/portal/signin")
            try await unknown.get("/portal/signin")
            let a = try await known.post("/portal/signin", ["nationalID": "1045789326"])
            let b = try await unknown.post("/portal/signin", ["nationalID": "1000000008"])
            #expect(a.status == .seeOther && b.status == .seeOther)
            let pageA = try await known.get(try #require(a.location)), pageB = try await unknown.get(try #require(b.location))
            #expect(pageA.body.replacingOccurrences(of: a.location!, with: "") == pageB.body.replacingOccurrences(of: b.location!, with: "")
                .replacingOccurrences(of: unknown.csrf ?? "", with: known.csrf ?? ""))
            #expect(try await PortalChallenge.query(on: t.db).count() == 2)
            #expect(try await Job.query(on: t.db).filter(\.$kind == PortalSignInController.codeJob).count() == 2)
            while try await JobWorker(application: t.app).runDueJobs() > 0 {}
            let messages = try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "portal_code").all()
            #expect(messages.count == 1 && messages[0].recipient == "+966501234567" && messages[0].body.contains("لا تشاركيه"))
            let code = try #require(messages[0].body.range(of: #"\d{6}"#, options: .regularExpression).map { String(messages[0].body[$0]) })
            // Staff screens never show the code.
            let (manager, _) = try await t.signedIn(as: .manager)
            #expect(!(try await manager.get("/admin/outbox").contains(code)))
            // Any code for the unknown ID fails exactly like a wrong one.
            let wrongUnknown = try await unknown.post(b.location!, ["code": code])
            let wrongKnown = try await known.post(a.location!, ["code": code == "000000" ? "111111" : "000000"])
            #expect(wrongUnknown.status == .unprocessableEntity && wrongKnown.status == .unprocessableEntity)
            #expect(wrongUnknown.contains("بقي لك 4 من المحاولات") && wrongKnown.contains("بقي لك 4 من المحاولات"))
            // The right code signs her in once.
            let signedIn = try await known.post(a.location!, ["code": code])
            #expect(signedIn.status == .seeOther && signedIn.location == "/portal" && known.cookies[PortalSessionMiddleware.cookieName] != nil)
            let home = try await known.get("/portal")
            #expect(home.status == .ok && home.contains("أميرة") && home.contains("•••• 4567"))
            let reuse = t.browser()
            try await reuse.get(a.location!)
            #expect(try await reuse.post(a.location!, ["code": code]).status == .unprocessableEntity, "used")
            #expect(try await t.auditEntries(action: "portal.signedIn").first?.recordID == file.uuidString)
            // Malformed IDs are told so; that says nothing about who is registered.
            #expect(try await unknown.post("/portal/signin", ["nationalID": "12345"]).status == .unprocessableEntity)
        }
    }

    @Test("brute force: five wrong tries end a code, even the right one after them; tries sent together share no count")
    func bruteForce() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            _ = try await registerFile(officer, try await fileForm(t))
            let her = t.browser()
            let (page, code) = try await askForCode(t, her)
            let wrong = code == "999999" ? "888888" : "999999"
            // Eight wrong tries at once: only five are counted as tries; none signs in.
            try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<8 { group.addTask { try await her.post(page, ["code": wrong]).status } }
                for try await status in group { #expect(status == .unprocessableEntity) }
            }
            #expect(try await PortalChallenge.query(on: t.db).first()?.tries == 5)
            let late = try await her.post(page, ["code": code])
            #expect(late.status == .unprocessableEntity && late.contains("لم يعد صالحًا"))
            #expect(try await PortalSession.query(on: t.db).count() == 0)
        }
    }

    @Test("a code expires after ten minutes; codes per ID and per address are limited")
    func expiryAndLimits() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            _ = try await registerFile(officer, try await fileForm(t))
            let her = t.browser()
            let (page, code) = try await askForCode(t, her)
            t.clock.advance(by: 601)
            #expect(try await her.post(page, ["code": code]).status == .unprocessableEntity)
            // Two more for this ID within the hour; past them she is slowed, not shut out: one more code a quarter of an
            // hour — for an unknown ID just the same.
            for _ in 0..<2 { #expect(try await her.post("/portal/signin", ["nationalID": "1045789326"]).status == .seeOther) }
            #expect(try await her.post("/portal/signin", ["nationalID": "1045789326"]).status == .seeOther)
            let refused = try await her.post("/portal/signin", ["nationalID": "1045789326"])
            #expect(refused.status == .tooManyRequests && refused.contains(t.app.lamasat.localizer.text("portal.error.tooMany", .ar)))
            for _ in 0..<4 { #expect(try await her.post("/portal/signin", ["nationalID": "1000000008"]).status == .seeOther) }
            #expect(try await her.post("/portal/signin", ["nationalID": "1000000008"]).status == .tooManyRequests)
            // One address asking for many IDs is stopped at ten.
            let ids = ["2000000006", "1000000016", "1000000024", "1000000032", "1000000040"]
            var statuses: [HTTPStatus] = []
            for id in ids { statuses.append(try await her.post("/portal/signin", ["nationalID": id]).status) }
            #expect(statuses.last == .tooManyRequests)
            #expect(try await PortalChallenge.query(on: t.db).count() == 10)
        }
    }

    @Test("IDOR and separation: her portal reaches only her records; staff and portal cookies never cross")
    func isolation() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (first, request) = try await crew.submitted()
            let second = try await registerFile(crew.officer, try await fileForm(t, id: "1000000008", mobile: "0551234567", first: "نورة"))
            let otherRequest = try await RequestIntakeTests().intake(t, crew.officer, file: second)
            try await crew.officer.get("/requests/\(otherRequest)")
            #expect(try await crew.officer.post("/requests/\(otherRequest)/submit").status == .seeOther)
            let her = try await portalSignIn(t)
            let mine = try await her.get("/portal/requests/\(request)")
            #expect(mine.status == .ok && mine.contains("استلمنا طلبك") && mine.contains("تدرس اللجنة") == false)
            #expect(!mine.contains("relationsofficer1"), "no staff names on her timeline")
            #expect(try await her.get("/portal/requests/\(otherRequest)").status == .notFound)
            #expect(try await her.get("/portal/requests/not-an-id").status == .notFound)
            // Another woman's survey invitation, by its id: nothing.
            let template = try #require(try await SurveyTemplate.query(on: t.db).filter(\.$isDefault == true).first())
            let theirs = SurveyInvitation()
            theirs.templateID = template.id!; theirs.source = .inquiry; theirs.sourceID = UUID(); theirs.reference = "Q-2026-000099"
            theirs.beneficiaryID = second; theirs.branchID = try await t.headOffice().id!; theirs.serviceType = "inquiry"; theirs.serviceChannel = "phone"
            theirs.createdAt = t.clock.now(); theirs.expiresAt = t.clock.now().addingTimeInterval(86_400); theirs.isAnswered = false
            try await theirs.create(on: t.db)
            #expect(try await her.post("/portal/surveys/\(theirs.id!)").status == .notFound)
            #expect(!(try await her.get("/portal").contains("Q-2026-000099")))
            #expect(try await SurveyLink.query(on: t.db).count() == 0)
            #expect(!(try await her.get("/portal").contains("نورة")))
            // A message to another woman on the same number (a shared household phone) is not hers to read.
            try await Outbox.enqueue(Outbox.Draft(channel: .sms, recipient: "+966501234567", subject: "x", body: "رسالة لغيرها عن طلبها",
                                                  idempotencyKey: "shared-phone", beneficiaryID: second), now: t.clock.now(), on: t.db)
            #expect(!(try await her.get("/portal").contains("رسالة لغيرها")))
            // Her data: hers only, without staff names.
            let data = try await her.get("/portal/data.json")
            #expect(data.status == .ok && data.contains("1045789326") && !data.contains("1000000008") && !data.contains("relationsofficer1"))
            // A portal session reaches no staff page, and a staff session no portal page.
            for path in ["/", "/work", "/beneficiaries/\(first)", "/requests/\(request)", "/satisfaction"] {
                let page = try await her.get(path)
                #expect(page.status == .seeOther && page.location?.hasPrefix("/signin") == true, "\(path)")
            }
            #expect(try await her.post("/beneficiaries/\(first)/messages/preferences", ["channel": "sms"]).status == .unauthorized)
            let staffOnly = try await crew.officer.get("/portal")
            #expect(staffOnly.status == .seeOther && staffOnly.location == "/portal/signin")
            #expect(try await crew.officer.get("/portal/data.json").status == .seeOther)
            // The cookies' values do not work under each other's name.
            let swapped = t.browser()
            swapped.cookies[StaffSessionMiddleware.cookieName] = her.cookies[PortalSessionMiddleware.cookieName]
            swapped.cookies[PortalSessionMiddleware.cookieName] = crew.officer.cookies[StaffSessionMiddleware.cookieName]
            #expect(try await swapped.get("/portal").status == .seeOther)
            #expect(try await swapped.get("/work").status == .seeOther)
            // Signing out ends the session on the server.
            try await her.get("/portal")
            #expect(try await her.post("/portal/signout").status == .seeOther)
            #expect(try await PortalSession.query(on: t.db).count() == 0)
            #expect(try await her.get("/portal").location == "/portal/signin")
        }
    }

    @Test("a survey waiting for her opens from the portal; the public status shows status and date only, when number and mobile match")
    func surveysAndStatus() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, request, _) = try await deliveredRequest(crew)
            let her = try await portalSignIn(t)
            let home = try await her.get("/portal")
            let invitation = try #require(try await SurveyInvitation.query(on: t.db).first())
            #expect(home.contains("تقييمات بانتظارك") && home.contains("/portal/surveys/\(invitation.id!)"))
            let opened = try await her.post("/portal/surveys/\(invitation.id!)")
            #expect(opened.status == .seeOther && opened.location?.hasPrefix("/s/") == true)
            #expect(try await her.post("/portal/surveys/\(UUID())").status == .notFound)
            // Public status: both must match; the result shows no content.
            let tracking = try #require(try await crew.request(request).trackingNumber)
            let visitor = t.browser()
            try await visitor.get("/status")
            let found = try await visitor.post("/status", ["tracking": tracking.lowercased(), "mobile": "0501234567"])
            #expect(found.status == .ok && found.contains("اكتمل الطلب") && !found.contains("أميرة") && !found.contains("إيجار"))
            #expect(try await visitor.post("/status", ["tracking": tracking, "mobile": "0559999999"]).status == .notFound)
            #expect(try await visitor.post("/status", ["tracking": "x", "mobile": "1"]).status == .unprocessableEntity)
            // Ten look-ups an hour from one address (the malformed one was refused before counting).
            for _ in 0..<8 { _ = try await visitor.post("/status", ["tracking": tracking, "mobile": "0559999999"]) }
            #expect(try await visitor.post("/status", ["tracking": tracking, "mobile": "0501234567"]).status == .tooManyRequests)
            // The other public pages answer without signing in.
            for path in ["/about", "/services", "/help", "/privacy", "/you-said-we-did", "/portal/signin"] {
                let page = try await t.browser().get(path)
                #expect(page.status == .ok && page.contains("dir=\"rtl\""), "\(path)")
            }
            #expect(try await t.browser().get("/services").contains("دعم الإيجار"))
        }
    }

    @Test("she applies online: the declaration signed by typing her name, the expected date shown; the request reaches the officer's queue")
    func applyOnline() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let file = try await registerFile(crew.officer, try await fileForm(t))
            let her = try await portalSignIn(t)
            let form = try await her.get("/portal/requests/new")
            #expect(form.status == .ok && form.contains("أقرّ أنا مقدّمة الطلب") && form.contains("الموعد المتوقع لقرار اللجنة") && form.contains("2026م"))
            let rent = try #require(try await SupportType.query(on: t.db).filter(\.$code == "rent").first())
            let version = try await DeclarationText.current(on: t.db).version
            let base = ["supportType": rent.id!.uuidString, "description": "أحتاج مساعدة في إيجار ثلاثة أشهر", "requestedAmount": "4500",
                        "declarationVersion": String(version)]
            // A wrong name, an amount above the ceiling, a type that does not exist: refused, nothing stored.
            let wrongName = try await her.post("/portal/requests", base.merging(["typedName": "نورة"]) { $1 })
            #expect(wrongName.status == .unprocessableEntity && wrongName.contains("اكتبي اسمك الكامل كما هو في ملفك"))
            // The message sits under her name, and what she wrote stays: the service chosen, her words, the amount.
            #expect(wrongName.contains(#"<p class="error" id="field-typedName-error">اكتبي اسمك الكامل"#))
            #expect(wrongName.contains("أحتاج مساعدة في إيجار ثلاثة أشهر</textarea>") && wrongName.contains(#"value="4500""#))
            #expect(wrongName.contains(#"value="\#(rent.id!.uuidString)" selected"#) && wrongName.contains(#"value="نورة""#))
            #expect(try await her.post("/portal/requests", base.merging(["typedName": "أميرة", "requestedAmount": "999999"]) { $1 }).status == .unprocessableEntity)
            #expect(try await her.post("/portal/requests", base.merging(["supportType": UUID().uuidString]) { $1 }).status == .unprocessableEntity)
            #expect(try await SupportRequest.query(on: t.db).count() == 0)
            let fullName = try #require(try await Beneficiary.find(file, on: t.db)).name.full
            // Spelling differences the search forgives (hamza, taa marbuta) are accepted.
            let typed = fullName.replacingOccurrences(of: "أ", with: "ا")
            let sent = try await her.post("/portal/requests", base.merging(["typedName": typed]) { $1 })
            #expect(sent.status == .seeOther)
            let request = try #require(try await SupportRequest.query(on: t.db).first())
            #expect(request.status == .submitted && request.channel == .website && request.trackingNumber == "R-2026-000001" && request.expectedDecisionAt != nil)
            let declaration = try #require(try await RequestDeclaration.query(on: t.db).filter(\.$requestID == request.id!).first())
            #expect(declaration.method == .typed && declaration.textVersion == version && declaration.recordedBy == file)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$idempotencyKey == "request-ack:\(request.id!)").count() == 1)
            let page = try await her.get(try #require(sent.location))
            #expect(page.contains("استلمنا طلبك") && page.contains("الموعد المتوقع للقرار") && page.contains("قُدّم طلبك"))
            // A second open request for the same service is refused with the first one's number.
            let again = try await her.post("/portal/requests", base.merging(["typedName": fullName]) { $1 })
            #expect(again.status == .unprocessableEntity && again.contains("R-2026-000001"))
            // The officer sees it, submitted by her through the portal; the signed declaration takes it straight to research after verification.
            let staffPage = try await crew.officer.get("/requests/\(request.id!)")
            #expect(staffPage.contains("المستفيدة عبر البوابة"))
            #expect(try await crew.officer.get("/work").contains("R-2026-000001"))
            try await crew.completeChecklist(file)
            #expect(try await crew.officer.post("/requests/\(request.id!)/verification/start").status == .seeOther)
            #expect(try await crew.officer.post("/requests/\(request.id!)/verification/complete", ["researcher": "auto", "reason": "زيارة منزلية"]).status == .seeOther)
            #expect(try await crew.request(request.id!).status == .socialResearch)
            #expect(try await her.get("/portal/requests/\(request.id!)").contains("الباحثة الاجتماعية"))
        }
    }

    @Test("she sends a document: checked by content, pending verification, in the officer's queue; a bad file changes nothing")
    func uploadDocument() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let her = try await portalSignIn(t)
            try await her.get("/portal/documents/new")
            let lease = try #require(try await DocumentType.query(on: t.db).filter(\.$code == "lease_contract").first())
            let before = try await BeneficiaryDocument.query(on: t.db).count()
            let fake = try await her.upload("/portal/documents", ["type": lease.id!.uuidString, "issueDate": "2026-01-01", "expiryDate": "2027-01-01"],
                                            file: Array("not a pdf".utf8), filename: "lease.pdf")
            #expect(fake.status == .unprocessableEntity && fake.contains("PDF"))
            #expect(try await her.upload("/portal/documents", ["type": lease.id!.uuidString], file: samplePDF, filename: "lease.pdf").status == .unprocessableEntity,
                    "a lease has an expiry date")
            #expect(try await BeneficiaryDocument.query(on: t.db).count() == before)
            let sent = try await her.upload("/portal/documents", ["type": lease.id!.uuidString, "issueDate": "2026-01-01", "expiryDate": "2027-01-01"],
                                            file: samplePDF, filename: "عقد الإيجار.pdf")
            #expect(sent.status == .seeOther)
            let document = try #require(try await BeneficiaryDocument.query(on: t.db).filter(\.$uploadedBy == file).first())
            #expect(document.verification == .pending && document.$beneficiary.id == file)
            #expect(try await her.get("/portal").contains("عقد الإيجار"))
            let work = try await officer.get("/work")
            #expect(work.status == .ok, "\(work.body.suffix(600))")
            #expect(work.contains("مستندات أرسلتها المستفيدات من البوابة") && work.contains("عقد الإيجار"))
            // The upload is refused without the form's token, and to anyone not signed in to the portal.
            #expect(try await her.upload("/portal/documents", ["type": lease.id!.uuidString], file: samplePDF, filename: "x.pdf", csrf: false).status == .forbidden)
            // A stranger with a valid form token but no portal session: 401, nothing stored.
            let stranger = t.browser()
            try await stranger.get("/portal/signin")
            let documents = try await BeneficiaryDocument.query(on: t.db).count()
            #expect(try await stranger.upload("/portal/documents", ["type": lease.id!.uuidString], file: samplePDF, filename: "x.pdf").status == .unauthorized)
            #expect(try await BeneficiaryDocument.query(on: t.db).count() == documents)
        }
    }

    @Test("an inquiry, a complaint or a suggestion from the website or her portal gets its number and reaches the staff queues")
    func casesFromTheWebsite() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (manager, _) = try await t.signedIn(as: .manager)
            let file = try await registerFile(officer, try await fileForm(t))
            let head = try await t.headOffice()
            let question = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "request_status").first())
            let delay = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "delay").first())
            let visitor = t.browser()
            try await visitor.get("/contact-us/inquiry")
            let bad = try await visitor.post("/contact-us/inquiry", ["contactName": "", "contactPhone": "12", "branch": UUID().uuidString, "category": delay.id!.uuidString, "text": ""])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await Inquiry.query(on: t.db).count() == 0)
            let asked = try await visitor.post("/contact-us/inquiry", ["contactName": "سارة", "contactPhone": "0551234567", "branch": head.id!.uuidString,
                                                                       "category": question.id!.uuidString, "text": "ما شروط التسجيل في الجمعية؟"])
            #expect(asked.status == .ok && asked.contains("Q-2026-000001") && asked.contains("نرد عليك خلال") && asked.contains(" عمل"))
            let inquiry = try #require(try await Inquiry.query(on: t.db).first())
            #expect(inquiry.channel == .website && inquiry.beneficiaryID == nil && inquiry.contactPhone == "+966551234567" && inquiry.branchID == head.id)
            #expect(try await officer.get("/work").contains("Q-2026-000001"))
            // Signed in to her portal, the complaint is filed on her file, and she sees it there.
            let her = try await portalSignIn(t)
            try await her.get("/contact-us/complaint")
            let complained = try await her.post("/contact-us/complaint", ["category": delay.id!.uuidString, "text": "تأخر الرد على طلبي", "confidential": "on"])
            #expect(complained.status == .ok && complained.contains("S-2026-000001"))
            let complaint = try #require(try await Complaint.query(on: t.db).first())
            #expect(complaint.beneficiaryID == file && complaint.isConfidential && complaint.kind == .complaint && complaint.createdBy == file)
            #expect(try await her.get("/portal").contains("S-2026-000001"))
            // Confidential: management only.
            #expect(!(try await officer.get("/complaints").contains("S-2026-000001")))
            #expect(try await manager.get("/complaints").contains("S-2026-000001"))
            try await her.get("/contact-us/suggestion")
            #expect(try await her.post("/contact-us/suggestion", ["category": delay.id!.uuidString, "text": "ركن للأطفال"]).status == .ok)
            #expect(try await Complaint.query(on: t.db).filter(\.$kind == .suggestion).count() == 1)
            // Five an hour from one address.
            for index in 0..<3 {
                _ = try await visitor.post("/contact-us/inquiry", ["contactName": "سارة", "contactPhone": "0551234567", "branch": head.id!.uuidString,
                                                                   "category": question.id!.uuidString, "text": "سؤال \(index)"])
            }
            let limited = try await visitor.post("/contact-us/inquiry", ["contactName": "سارة", "contactPhone": "0551234567", "branch": head.id!.uuidString,
                                                                         "category": question.id!.uuidString, "text": "سؤال أخير"])
            #expect(limited.status == .tooManyRequests)
            #expect(try await visitor.get("/contact-us/other").status == .notFound)
        }
    }

    @Test("her e-mail changes at once; a new mobile or address waits for an officer, who applies or refuses it; other branches do not reach it")
    func contactChanges() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let her = try await portalSignIn(t)
            let form = try await her.get("/portal/contact")
            #expect(form.status == .ok && form.contains("+966501234567"))
            var fields = ["email": "amira@example.org", "alternatePhone": "0112345678", "mobile": "0501234567", "addressBuilding": "3131",
                          "addressCity": "الرياض", "addressPostalCode": "12345", "addressStreet": "", "addressDistrict": "", "addressAdditional": "", "addressShort": ""]
            let current = try #require(try await Beneficiary.find(file, on: t.db))
            fields["addressBuilding"] = current.addressBuilding
            fields["addressCity"] = current.addressCity
            fields["addressPostalCode"] = current.addressPostalCode
            fields["addressStreet"] = current.addressStreet
            fields["addressDistrict"] = current.addressDistrict
            // Bad values: refused, nothing changed.
            #expect(try await her.post("/portal/contact", fields.merging(["mobile": "12", "email": "x"]) { $1 }).status == .unprocessableEntity)
            #expect(try await Beneficiary.find(file, on: t.db)?.email == current.email)
            #expect(try await her.post("/portal/contact", fields).status == .seeOther)
            var stored = try #require(try await Beneficiary.find(file, on: t.db))
            #expect(stored.email == "amira@example.org" && stored.version == current.version)
            #expect(try await ContactChange.query(on: t.db).count() == 0)
            // A new mobile and a new city wait.
            #expect(try await her.post("/portal/contact", fields.merging(["mobile": "0559876543", "addressCity": "جدة", "addressPostalCode": "23456"]) { $1 }).status == .seeOther)
            stored = try #require(try await Beneficiary.find(file, on: t.db))
            #expect(stored.mobile == "+966501234567" && stored.addressCity == current.addressCity)
            let changes = try await ContactChange.query(on: t.db).all()
            #expect(Set(changes.map(\.kind)) == [.mobile, .address] && changes.allSatisfy { $0.status == .pending })
            #expect(try await her.get("/portal/contact").contains("بانتظار تحقق الموظفة"))
            let work = try await officer.get("/work")
            #expect(work.contains("تغييرات بيانات بانتظار التحقق"))
            let mobile = try #require(changes.first { $0.kind == .mobile }), address = try #require(changes.first { $0.kind == .address })
            // Other branch and wrong role.
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            #expect(try await other.get("/contact-changes/\(mobile.id!)").status == .notFound)
            #expect(try await other.post("/contact-changes/\(mobile.id!)/apply").status == .notFound)
            let (researcher, _) = try await t.signedIn(as: .researcher)
            #expect(try await researcher.post("/contact-changes/\(mobile.id!)/apply").status == .forbidden)
            // The officer applies the mobile (a new version of the file) and refuses the address with a reason.
            let review = try await officer.get("/contact-changes/\(mobile.id!)")
            #expect(review.contains("+966559876543") && review.contains("+966501234567"))
            #expect(try await officer.post("/contact-changes/\(mobile.id!)/apply").status == .seeOther)
            #expect(try await officer.post("/contact-changes/\(mobile.id!)/apply").status == .conflict)
            #expect(try await officer.post("/contact-changes/\(address.id!)/reject", ["reason": ""]).status == .unprocessableEntity)
            #expect(try await officer.post("/contact-changes/\(address.id!)/reject", ["reason": "لا يطابق سجل العنوان الوطني"]).status == .seeOther)
            stored = try #require(try await Beneficiary.find(file, on: t.db))
            #expect(stored.mobile == "+966559876543" && stored.version == current.version + 1 && stored.addressCity == current.addressCity)
            // Her next code goes to the new mobile (a minute later, so the newest message is told apart by its time).
            try await her.post("/portal/signout")
            t.clock.advance(by: 60)
            _ = try await portalSignIn(t)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "portal_code").sort(\.$createdAt, .descending).first()?.recipient == "+966559876543")
        }
    }

    @Test("a volunteer offers her time from the website, with her consent; the coordinator of the branch follows it up")
    func volunteers() async throws {
        try await withLamasat { t in
            let head = try await t.headOffice()
            let visitor = t.browser()
            try await visitor.get("/volunteer")
            let base = ["name": "هند", "phone": "0561234567", "email": "", "branch": head.id!.uuidString, "skills": "تدريس الرياضيات", "available-evenings": "on"]
            let noConsent = try await visitor.post("/volunteer", base)
            #expect(noConsent.status == .unprocessableEntity && noConsent.contains("إلا بموافقتك"))
            // What she typed comes back with the message: her skills and the evenings she ticked.
            #expect(noConsent.contains("تدريس الرياضيات"))
            #expect(noConsent.contains(#"name="available-evenings" checked"#) && !noConsent.contains(#"name="available-mornings" checked"#))
            #expect(try await VolunteerApplication.query(on: t.db).count() == 0)
            #expect(try await visitor.post("/volunteer", base.merging(["consent": "on"]) { $1 }).contains("شكرًا لك"))
            let application = try #require(try await VolunteerApplication.query(on: t.db).first())
            #expect(application.phone == "+966561234567" && application.availability == "evenings" && application.status == .new)
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            #expect(try await coordinator.get("/volunteers").contains("تدريس الرياضيات"))
            let refused = try await coordinator.post("/volunteers/applications/\(application.id!)", ["status": "maybe", "note": "اتصلت مرتين"])
            #expect(refused.status == .unprocessableEntity)
            // Her row comes back with the note as typed and the message under the status.
            let row = try application.requireID().uuidString
            #expect(refused.contains(#"id="field-status-\#(row)-error""#))
            #expect(refused.contains(#"value="اتصلت مرتين""#))
            #expect(try await VolunteerApplication.find(application.id, on: t.db)?.note == "")
            #expect(try await coordinator.post("/volunteers/applications/\(application.id!)", ["status": "contacted", "note": "موعد مقابلة الأحد"]).status == .seeOther)
            #expect(try await VolunteerApplication.find(application.id, on: t.db)?.status == .contacted)
            // Other branch and wrong role.
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .volunteerCoordinator, username: "jed.volunteers", branch: jeddah)
            #expect(!(try await other.get("/volunteers").contains("تدريس الرياضيات")))
            #expect(try await other.post("/volunteers/applications/\(application.id!)", ["status": "accepted"]).status == .notFound)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.get("/volunteers").status == .forbidden)
        }
    }
}
