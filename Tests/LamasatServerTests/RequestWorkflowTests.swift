import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Support requests: verification, declaration, research, committee, registration, delivery", .serialized)
struct RequestWorkflowTests {
    @Test("one request from a phone call to a delivered service, with every record, letter and message on the way")
    func fullJourney() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (file, id) = try await crew.submitted()
            #expect(try await crew.officer.post("/requests/\(id)/verification/start").status == .seeOther)
            // [P-19] The checklist must be complete before the request moves on.
            let early = try await crew.officer.post("/requests/\(id)/verification/complete", ["researcher": "auto", "reason": "تحقق"])
            #expect(early.status == .conflict)
            #expect(early.contains(t.app.lamasat.localizer.text("request.refusal.checklistIncomplete", .ar)))
            #expect(try await crew.request(id).status == .verification)
            try await crew.completeChecklist(file)
            #expect(try await crew.officer.post("/requests/\(id)/verification/complete", ["researcher": "auto", "reason": "زيارة منزلية"]).status == .seeOther)
            #expect(try await crew.request(id).status == .awaitingDeclaration)
            let assignment = try #require(try await ResearchAssignment.current(of: id, on: t.db))
            #expect(assignment.researcherID == crew.researcherUser.id)
            // [P-21] Signed on the pad: the image and the text version are kept, and research starts.
            let pad = try await crew.officer.get("/requests/\(id)/declaration")
            #expect(pad.contains("data-signature-pad"))
            #expect(pad.contains("مسؤولة مسؤولية مباشرة"))
            #expect(try await crew.officer.post("/requests/\(id)/declaration/drawn", ["signature": Crew.signature]).status == .seeOther)
            let declaration = try #require(try await RequestDeclaration.query(on: t.db).filter(\.$requestID == id).first())
            #expect(declaration.method == .drawn && declaration.textVersion == 1)
            let image = try #require(try await RequestAttachment.find(declaration.attachmentID, on: t.db))
            #expect([UInt8](image.data) == samplePNG)
            #expect(try await crew.request(id).status == .socialResearch)
            // [P-8] The researcher's visit and report.
            try await crew.researcher.get("/work")
            #expect(try await crew.researcher.post("/requests/\(id)/visits", ["kind": "homeVisit", "date": "2026-12-01", "time": "10:30"]).status == .seeOther)
            let visit = try #require(try await ResearchVisit.query(on: t.db).filter(\.$requestID == id).first())
            #expect(visit.address.contains("الرياض"))
            #expect(try await crew.researcher.get("/work").contains("زيارة منزلية"))
            #expect(try await crew.researcher.post("/requests/\(id)/visits/\(visit.id!)", ["status": "done", "outcome": "السكن مطابق"]).status == .seeOther)
            #expect(try await crew.researcher.post("/requests/\(id)/report", ["housing": "شقة", "incomeCheck": "لا دخل", "needs": "إيجار",
                                                                               "recommendation": "approve", "recommendedAmount": "4500"]).status == .seeOther)
            #expect(try await crew.request(id).status == .committeeReview)
            // [P-22] The committee: three members, one declares a conflict, two approve, the chair decides.
            let meeting = try await crew.meeting()
            #expect(try await AgendaItem.query(on: t.db).filter(\.$meetingID == meeting).count() == 1)
            try await crew.members[2].get("/committee/\(meeting)")
            #expect(try await crew.members[2].post("/committee/\(meeting)/requests/\(id)/vote", ["conflict": "on"]).status == .seeOther)
            #expect(try await crew.vote(0, meeting, id, .approve).status == .seeOther)
            #expect(try await crew.vote(1, meeting, id, .approve).status == .seeOther)
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": "4500", "fundID": try await crew.funded()]).status == .seeOther)
            #expect(try await crew.request(id).status == .approved)
            let decision = try #require(try await RequestDecision.query(on: t.db).filter(\.$requestID == id).first())
            #expect(decision.letterNumber == "L-2026-000001")
            #expect(decision.approvedAmount == 450_000)
            let messages = try await OutboxMessage.query(on: t.db).filter(\.$relatedID == id.uuidString).all()
            #expect(messages.count == 2)
            #expect(messages.contains { $0.body.contains("وافقت لجنة البحث") && $0.body.contains("L-2026-000001") })
            // [P-23] The first approval with verified documents completes her registration.
            #expect(try await Beneficiary.find(file, on: t.db)?.status == .registered)
            // Printed papers: both calendars, numbers, members present.
            let letter = try await crew.officer.get("/requests/\(id)/letter")
            #expect(letter.contains("L-2026-000001") && letter.contains("هـ") && letter.contains("وافقت اللجنة على طلبك"))
            let minutes = try await crew.manager.get("/committee/\(meeting)/minutes")
            #expect(minutes.contains("محضر الاجتماع") && minutes.contains("هـ") && minutes.contains("حاضرة"))
            #expect(minutes.contains("2 قبول، 0 رفض، 0 امتناع، 1 تعارض مصالح"))
            // [P-24] Two deliveries: a part, then the rest closes the request.
            try await crew.service.get("/requests/\(id)/deliveries/new")
            #expect(try await crew.service.post("/requests/\(id)/deliveries", ["description": "إيجار شهرين", "amount": "3000", "date": "2026-11-25",
                                                                               "place": "online", "deliveredBy": "موظفة", "signature": Crew.signature]).status == .seeOther)
            #expect(try await crew.request(id).status == .inService)
            #expect(try await crew.service.post("/requests/\(id)/deliveries", ["description": "إيجار شهر", "amount": "1500", "date": "2026-11-25",
                                                                               "place": "office", "deliveredBy": "موظفة", "signature": Crew.signature]).status == .seeOther)
            #expect(try await crew.request(id).status == .closed)
            #expect(try await ServiceDelivery.query(on: t.db).filter(\.$beneficiaryID == file).count() == 2)
            // The timeline tells it all, in order.
            let page = try await crew.officer.get("/requests/\(id)")
            for text in ["إنشاء الطلب", "توقيع الإقرار", "زيارة منزلية", "رُفع تقرير البحث", "أُعلن تعارض مصالح", "تسليم جزئي", "تسليم نهائي"] {
                #expect(page.contains(text), "timeline misses \(text)")
            }
            let actions = try await RequestTransition.query(on: t.db).filter(\.$requestID == id).sort(\.$at).all().map(\.action)
            #expect(actions == ["create", "submit", "startVerification", "completeVerification", "signDeclaration", "fileResearchReport",
                                "approve", "deliverPart", "deliverFinal", "close"])
            let history = try await crew.officer.get("/beneficiaries/\(file)?tab=requests")
            #expect(history.contains("ما حصلت عليه") && history.contains("إيجار شهرين"))
            let timeline = try await crew.officer.get("/beneficiaries/\(file)?tab=timeline")
            #expect(timeline.contains("اكتمل التسجيل") && timeline.contains("رسالة ("), "registration and the messages to her are on her timeline")
            // Rent is given once a year: a new intake warns, and goes ahead only when the officer confirms.
            let rent = try #require(try await SupportType.query(on: t.db).filter(\.$code == "rent").first())
            let form = ["supportType": rent.id!.uuidString, "channel": "phone", "description": "إيجار جديد", "requestedAmount": "1000"]
            let warned = try await crew.officer.post("/beneficiaries/\(file)/requests", form)
            #expect(warned.status == .unprocessableEntity)
            #expect(warned.contains("حصلت على «دعم الإيجار» مؤخرًا"))
            #expect(try await SupportRequest.query(on: t.db).count() == 1)
            var confirmed = form
            confirmed["overrideFrequency"] = "on"
            #expect(try await crew.officer.post("/beneficiaries/\(file)/requests", confirmed).status == .seeOther)
        }
    }

    @Test("returning to the applicant lists what is missing in a message; resubmitting keeps the number and sends no second acknowledgement")
    func returnAndResubmit() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id) = try await crew.submitted()
            try await crew.officer.post("/requests/\(id)/verification/start")
            #expect(try await crew.officer.post("/requests/\(id)/verification/return", ["reason": ""]).status == .conflict)
            #expect(try await crew.request(id).status == .verification)
            #expect(try await crew.officer.post("/requests/\(id)/verification/return", ["reason": "أحضري عقد الإيجار"]).status == .seeOther)
            #expect(try await crew.request(id).status == .returnedToApplicant)
            let message = try #require(try await OutboxMessage.query(on: t.db).filter(\.$subject ~~ "استكمال").first())
            #expect(message.body.contains("عقد الإيجار") && message.body.contains("أحضري عقد الإيجار"))
            #expect(try await crew.officer.post("/requests/\(id)/submit").status == .seeOther)
            #expect(try await crew.request(id).trackingNumber == "R-2026-000001")
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$subject ~~ "استلام").count() == 1)
        }
    }

    @Test("a change to her file after signing asks for a new declaration before research")
    func declarationFollowsFile() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (file, id) = try await crew.submitted()
            try await crew.officer.get("/requests/\(id)/declaration")
            #expect(try await crew.officer.upload("/requests/\(id)/declaration/scanned", [:], file: samplePDF, filename: "signed.pdf").status == .seeOther)
            #expect(try await RequestDeclaration.query(on: t.db).filter(\.$requestID == id).first()?.method == .scanned)
            #expect(try await crew.request(id).status == .submitted)
            // An edit of the file (its version moves on) voids the signature for what follows.
            try await Beneficiary.query(on: t.db).filter(\.$id == file).set(\.$version, to: 2).update()
            try await crew.completeChecklist(file)
            try await crew.officer.post("/requests/\(id)/verification/start")
            #expect(try await crew.officer.post("/requests/\(id)/verification/complete", ["researcher": "auto", "reason": "بحث"]).status == .seeOther)
            #expect(try await crew.request(id).status == .awaitingDeclaration)
            // Bad signatures change nothing.
            for bad in ["", "data:image/png;base64,@@", "data:image/png;base64," + Data(samplePDF).base64EncodedString()] {
                #expect(try await crew.officer.post("/requests/\(id)/declaration/drawn", ["signature": bad]).status == .unprocessableEntity)
            }
            #expect(try await crew.officer.upload("/requests/\(id)/declaration/scanned", [:], file: Array("hello".utf8), filename: "x.pdf").status == .unprocessableEntity)
            #expect(try await RequestDeclaration.query(on: t.db).filter(\.$requestID == id).count() == 1)
            #expect(try await crew.officer.post("/requests/\(id)/declaration/drawn", ["signature": Crew.signature]).status == .seeOther)
            #expect(try await crew.request(id).status == .socialResearch)
        }
    }

    @Test("only the assigned researcher schedules visits and files the report; the report needs its fields")
    func researcherOnly() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id) = try await crew.inResearch()
            let (other, _) = try await t.signedIn(as: .researcher, username: "researcher2")
            #expect(try await other.post("/requests/\(id)/report", ["housing": "x", "incomeCheck": "x", "needs": "x", "recommendation": "approve"]).status == .forbidden)
            #expect(try await other.post("/requests/\(id)/visits", ["kind": "phone", "date": "2026-12-01", "time": "09:00"]).status == .forbidden)
            #expect(try await other.get("/requests/\(id)/report").status == .forbidden)
            try await crew.researcher.get("/requests/\(id)/report")
            let empty = try await crew.researcher.post("/requests/\(id)/report", ["recommendation": "maybe", "recommendedAmount": "99999"])
            #expect(empty.status == .unprocessableEntity)
            #expect(try await crew.researcher.post("/requests/\(id)/visits", ["kind": "homeVisit", "date": "2026-02-30", "time": "10:00"]).status == .unprocessableEntity)
            #expect(try await crew.researcher.post("/requests/\(id)/visits", ["kind": "party", "date": "2026-12-01", "time": "10:00"]).status == .unprocessableEntity)
            #expect(try await ResearchReport.query(on: t.db).count() == 0)
            #expect(try await ResearchVisit.query(on: t.db).count() == 0)
            #expect(try await crew.request(id).status == .socialResearch)
            // A manager hands the research to the other researcher; now she may file it.
            try await crew.manager.get("/requests/\(id)")
            #expect(try await crew.manager.post("/requests/\(id)/research/assign", ["researcher": (try await StaffUser.query(on: t.db).filter(\.$username == "researcher2").first()?.id?.uuidString) ?? "", "reason": "إجازة"]).status == .seeOther)
            #expect(try await crew.researcher.post("/requests/\(id)/visits", ["kind": "phone", "date": "2026-12-01", "time": "09:00"]).status == .forbidden)
            #expect(try await other.post("/requests/\(id)/report", ["housing": "x", "incomeCheck": "x", "needs": "x", "recommendation": "reject"]).status == .seeOther)
            #expect(try await crew.request(id).status == .committeeReview)
        }
    }

    @Test("the least loaded researcher of the branch gets the next request")
    func leastLoaded() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, first) = try await crew.inResearch()
            let second = try await t.makeUser("researcher0", role: .researcher)
            let form = try await fileForm(t, id: "1000000008", mobile: "0551234567", first: "نورة", family: "الشهري")
            let (file, id) = try await crew.submitted(fileForm: form)
            try await crew.completeChecklist(file)
            try await crew.officer.post("/requests/\(id)/verification/start")
            try await crew.officer.post("/requests/\(id)/verification/complete", ["researcher": "auto", "reason": "بحث"])
            #expect(try await ResearchAssignment.current(of: first, on: t.db)?.researcherID == crew.researcherUser.id)
            #expect(try await ResearchAssignment.current(of: id, on: t.db)?.researcherID == second.id)
        }
    }

    @Test("quorum, majority and conflict of interest rule the decision")
    func committeeRules() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id) = try await crew.inCommittee()
            let meeting = try await crew.meeting(quorum: 3)
            try await crew.chair.get("/committee/\(meeting)")
            #expect(try await crew.vote(0, meeting, id, .approve).status == .seeOther)
            // Without quorum the chair cannot decide.
            let early = try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": "1000"])
            #expect(early.status == .conflict)
            #expect(early.contains(t.app.lamasat.localizer.text("request.refusal.noQuorum", .ar)))
            // A vote without the no-conflict declaration is refused; a declared conflict is final.
            try await crew.members[1].get("/committee/\(meeting)")
            #expect(try await crew.members[1].post("/committee/\(meeting)/requests/\(id)/vote", ["vote": "approve"]).status == .unprocessableEntity)
            #expect(try await crew.members[2].post("/committee/\(meeting)/requests/\(id)/vote", ["conflict": "on"]).status == .seeOther)
            #expect(try await crew.vote(2, meeting, id, .approve).status == .conflict)
            #expect(try await crew.vote(1, meeting, id, .reject).status == .seeOther)
            // Two votes and a conflict: the quorum of three is not reached, the conflicted member does not count.
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "reject", "reasonID": ""]).status == .conflict)
            // Only the chair decides; a committee member outside the meeting cannot vote.
            #expect(try await crew.members[1].post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve"]).status == .forbidden)
            let (outsider, _) = try await t.signedIn(as: .committeeMember, username: "member9")
            #expect(try await outsider.post("/committee/\(meeting)/requests/\(id)/vote", ["noConflict": "on", "vote": "approve"]).status == .forbidden)
            #expect(try await MemberVote.query(on: t.db).count() == 3)
            #expect(try await crew.request(id).status == .committeeReview)
            #expect(try await RequestDecision.query(on: t.db).count() == 0)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$subject ~~ "قرار").count() == 0)
        }
    }

    @Test("a rejection against the majority is refused; with the majority it states its reason in the letter and message")
    func rejection() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (file, id) = try await crew.inCommittee()
            let meeting = try await crew.meeting()
            #expect(try await crew.vote(0, meeting, id, .approve).status == .seeOther)
            #expect(try await crew.vote(1, meeting, id, .approve).status == .seeOther)
            let reason = try #require(try await RejectionReason.query(on: t.db).filter(\.$code == "income_sufficient").first())
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "reject", "reasonID": reason.id!.uuidString]).status == .conflict)
            #expect(try await crew.vote(1, meeting, id, .reject).status == .seeOther)
            #expect(try await crew.vote(2, meeting, id, .reject).status == .seeOther)
            // Rejection needs a reason from the catalog.
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "reject", "reasonID": ""]).status == .conflict)
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "reject", "reasonID": reason.id!.uuidString]).status == .seeOther)
            #expect(try await crew.request(id).status == .rejected)
            let message = try #require(try await OutboxMessage.query(on: t.db).filter(\.$subject ~~ "قرار").first())
            #expect(message.body.contains("الدخل يغطي الحاجة المطلوبة"))
            let letter = try await crew.officer.get("/requests/\(id)/letter")
            #expect(letter.contains("الدخل يغطي الحاجة المطلوبة") && letter.contains("نعتذر"))
            // A rejection does not register her.
            #expect(try await Beneficiary.find(file, on: t.db)?.status == .applicant)
        }
    }

    @Test("the rejection reasons are a catalog the administrator keeps; a retired reason is no longer offered")
    func rejectionReasonsCatalog() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (admin, _) = try await t.signedIn(as: .admin)
            let manager = crew.manager
            try await admin.get("/admin/catalogs")
            #expect(try await admin.post("/admin/catalogs/rejection-reasons", ["code": "Bad Code!", "nameArabic": "سبب"]).status == .unprocessableEntity)
            #expect(try await admin.post("/admin/catalogs/rejection-reasons", ["code": "other", "nameArabic": "مكرر"]).status == .unprocessableEntity)
            #expect(try await admin.post("/admin/catalogs/rejection-reasons", ["code": "duplicate_request", "nameArabic": "طلب مكرر قيد الدراسة",
                                                                                "nameEnglish": "A duplicate request under study"]).status == .seeOther)
            #expect(try await manager.post("/admin/catalogs/rejection-reasons", ["code": "x_y", "nameArabic": "س"]).status == .forbidden)
            let budget = try #require(try await RejectionReason.query(on: t.db).filter(\.$code == "budget").first())
            #expect(try await admin.post("/admin/catalogs/rejection-reasons", ["id": budget.id!.uuidString, "nameArabic": budget.nameArabic]).status == .seeOther)
            #expect(try await RejectionReason.find(budget.id, on: t.db)?.isActive == false)
            // The six seeded reasons and the one added; retiring one keeps it.
            #expect(try await RejectionReason.query(on: t.db).count() == 7)
            let (_, id) = try await crew.inCommittee()
            let meeting = try await crew.meeting()
            let page = try await crew.chair.get("/committee/\(meeting)")
            #expect(page.contains("طلب مكرر قيد الدراسة") && !page.contains(budget.nameArabic))
            #expect(page.contains(id.uuidString))
        }
    }

    @Test("an approval above the ceiling, or of an applicant with missing documents, is handled")
    func approvalEdges() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (file, id) = try await crew.inCommittee()
            let meeting = try await crew.meeting()
            try await crew.vote(0, meeting, id, .approve)
            try await crew.vote(1, meeting, id, .approve)
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": "20000"]).status == .conflict)
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": ""]).status == .conflict)
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": "abc"]).status == .unprocessableEntity)
            #expect(try await crew.request(id).status == .committeeReview)
            // Her ID card expired meanwhile: the approval stands, registration waits and says why.
            try await BeneficiaryDocument.query(on: t.db).filter(\.$beneficiary.$id == file).filter(\.$expiryDate == "2030-01-01")
                .set(\.$expiryDate, to: "2026-01-01").update()
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": "4500", "fundID": try await crew.funded()]).status == .seeOther)
            #expect(try await Beneficiary.find(file, on: t.db)?.status == .applicant)
            #expect(try await t.auditEntries(action: "beneficiary.registrationBlocked").count == 1)
            // The chair decides once.
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": "4500"]).status == .conflict)
            #expect(try await RequestDecision.query(on: t.db).count() == 1)
        }
    }

    @Test("deliveries: proof, amounts and dates are checked; nothing is stored on bad input")
    func deliveryValidation() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id, _) = try await crew.approved(amount: "4500")
            try await crew.service.get("/requests/\(id)/deliveries/new")
            let base = ["description": "إيجار", "amount": "1000", "date": "2026-11-25", "place": "office", "deliveredBy": "موظفة"]
            var noProof = base
            noProof["signature"] = ""
            #expect(try await crew.service.post("/requests/\(id)/deliveries", noProof).status == .unprocessableEntity)
            var tooMuch = base
            tooMuch["amount"] = "5000"
            tooMuch["signature"] = Crew.signature
            #expect(try await crew.service.post("/requests/\(id)/deliveries", tooMuch).status == .unprocessableEntity)
            var future = base
            future["date"] = "2027-01-01"
            future["signature"] = Crew.signature
            let later = try await crew.service.post("/requests/\(id)/deliveries", future)
            #expect(later.status == .unprocessableEntity)
            #expect(later.contains("<p class=\"error\" id=\"field-date-error\">\(t.app.lamasat.localizer.text("delivery.error.date", .ar))</p>"))
            #expect(later.contains("value=\"2027-01-01\"") && later.contains("value=\"موظفة\"") && later.contains("value=\"1000\""))
            #expect(try await ServiceDelivery.query(on: t.db).count() == 0)
            #expect(try await crew.request(id).status == .approved)
            // A receipt upload is proof too.
            let receipt = try await crew.service.upload("/requests/\(id)/deliveries", base, file: samplePDF, filename: "receipt.pdf", field: "proof")
            #expect(receipt.status == .seeOther)
            #expect(try await crew.request(id).status == .inService)
            let page = try await crew.service.get("/requests/\(id)")
            #expect(page.contains("3,500") || page.contains("٣٬٥٠٠"))
        }
    }

    @Test("dates must make sense: visits from the submission on, meetings from today, deliveries between the decision and today")
    func sensibleDates() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id) = try await crew.inResearch()
            try await crew.researcher.get("/requests/\(id)")
            #expect(try await crew.researcher.post("/requests/\(id)/visits", ["kind": "phone", "date": "2020-01-01", "time": "10:00"]).status == .unprocessableEntity)
            #expect(try await crew.researcher.post("/requests/\(id)/visits", ["kind": "phone", "date": "2030-01-01", "time": "10:00"]).status == .unprocessableEntity)
            // A rejection recommendation carries no amount.
            #expect(try await crew.researcher.post("/requests/\(id)/report", ["housing": "x", "incomeCheck": "x", "needs": "x", "recommendation": "reject",
                                                                                "recommendedAmount": "500"]).status == .unprocessableEntity)
            try await crew.manager.get("/committee/new")
            let past = try await crew.manager.postMany("/committee", [("branch", try await t.headOffice().id!.uuidString), ("date", "2019-03-01"), ("time", "11:00"),
                                                                       ("location", "القاعة"), ("chair", crew.memberUsers[0].id!.uuidString), ("quorum", "2")]
                                                        + crew.memberUsers.map { ("members[]", $0.id!.uuidString) })
            #expect(past.status == .unprocessableEntity)
            #expect(try await CommitteeMeeting.query(on: t.db).count() == 0)
        }
    }

    @Test("a refused decision keeps the chair on the meeting page, with the reason")
    func refusedDecisionStaysOnMeeting() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id) = try await crew.inCommittee()
            let meeting = try await crew.meeting()
            try await crew.vote(0, meeting, id, .approve)
            try await crew.vote(1, meeting, id, .approve)
            let refused = try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": "99999"])
            #expect(refused.status == .conflict)
            #expect(refused.contains("جدول الأعمال") && refused.contains("أعلى من الحد الأعلى"))
        }
    }

    @Test("closing with part of the approved amount unpaid needs a reason; the letter prints in Arabic for an English screen")
    func finalDeliveryAndLetterLanguage() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id, _) = try await crew.approved(amount: "4500")
            try await crew.service.get("/requests/\(id)/deliveries/new")
            let base = ["description": "إيجار", "amount": "1000", "date": "2026-11-25", "place": "office", "deliveredBy": "موظفة",
                        "signature": Crew.signature, "isFinal": "on"]
            #expect(try await crew.service.post("/requests/\(id)/deliveries", base).status == .unprocessableEntity)
            #expect(try await ServiceDelivery.query(on: t.db).count() == 0)
            var explained = base
            explained["closingNote"] = "انتقلت إلى سكن خيري"
            #expect(try await crew.service.post("/requests/\(id)/deliveries", explained).status == .seeOther)
            #expect(try await crew.request(id).status == .closed)
            #expect(try await RequestTransition.query(on: t.db).filter(\.$action == "close").first()?.note == "انتقلت إلى سكن خيري")
            // A closed request no longer shows a running clock.
            #expect(!(try await crew.officer.get("/requests/\(id)").contains("الأيام منذ التقديم")))
            try await crew.officer.post("/language", ["lang": "en"])
            let letter = try await crew.officer.get("/requests/\(id)/letter")
            #expect(letter.contains("وافقت اللجنة على طلبك") && letter.contains("lang=\"ar\""))
            #expect(try await crew.officer.get("/requests/\(id)/letter?lang=en").contains("The committee approved your request"))
        }
    }

    @Test("every step refuses the wrong role and staff of another branch, and changes nothing")
    func wrongRoleAndBranch() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id, meeting) = try await crew.approved()
            let jeddah = try await t.makeBranch("JED")
            let steps: [(String, Permission)] = [
                ("/requests/\(id)/verification/start", .verifyDocuments), ("/requests/\(id)/verification/complete", .verifyDocuments),
                ("/requests/\(id)/verification/return", .verifyDocuments), ("/requests/\(id)/research/assign", .verifyDocuments),
                ("/requests/\(id)/declaration/drawn", .takeRequests), ("/requests/\(id)/visits", .writeResearch),
                ("/requests/\(id)/report", .writeResearch), ("/requests/\(id)/deliveries", .deliverServices),
                ("/requests/\(id)/close", .takeRequests), ("/committee", .organizeCommittee),
                ("/committee/\(meeting)/requests/\(id)/vote", .voteInCommittee), ("/committee/\(meeting)/requests/\(id)/decide", .voteInCommittee),
                ("/committee/\(meeting)/close", .organizeCommittee), ("/committee/\(meeting)/agenda", .organizeCommittee),
            ]
            let before = try await RequestTransition.query(on: t.db).count()
            // Usernames are numbered by step: a hash of the path differs per run and two could collide.
            for (step, (path, permission)) in steps.enumerated() {
                for role in RolePermissions.roles(without: permission) {
                    let (browser, _) = try await t.signedIn(as: role, username: "\(role.rawValue.lowercased())x\(step)")
                    #expect(try await browser.post(path, ["reason": "x", "outcome": "approve"]).status == role.refusal(of: permission), "\(role) \(path)")
                }
                // Someone of the right role in another branch does not even learn the request exists.
                let role = Role.allCases.first { RolePermissions.allows($0, permission) && $0 != .admin }!
                let (other, _) = try await t.signedIn(as: role, username: "jed\(step)", branch: jeddah)
                #expect(try await other.post(path, ["reason": "x", "outcome": "approve"]).status == (path == "/committee" ? .unprocessableEntity : .notFound), "other branch \(path)")
            }
            let (outsider, _) = try await t.signedIn(as: .manager, username: "jedmanager", branch: jeddah)
            #expect(try await outsider.get("/requests/\(id)").status == .notFound)
            #expect(try await outsider.get("/requests/\(id)/letter").status == .notFound)
            #expect(try await outsider.get("/committee/\(meeting)").status == .notFound)
            #expect(try await outsider.get("/committee/\(meeting)/minutes").status == .notFound)
            #expect(!(try await outsider.get("/requests").contains("R-2026-000001")))
            #expect(!(try await outsider.get("/work").contains("R-2026-000001")))
            let attachment = try #require(try await RequestAttachment.query(on: t.db).first())
            #expect(try await outsider.get("/requests/\(id)/attachments/\(attachment.id!)").status == .notFound)
            #expect(try await RequestTransition.query(on: t.db).count() == before)
            #expect(try await crew.request(id).status == .approved)
        }
    }

    @Test("two clicks on submit at the same moment make one submission")
    func concurrentSubmit() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let file = try await registerFile(crew.officer, try await fileForm(t))
            let id = try await RequestIntakeTests().intake(t, crew.officer, file: file)
            try await crew.officer.get("/requests/\(id)")
            async let first = crew.officer.post("/requests/\(id)/submit")
            async let second = crew.officer.post("/requests/\(id)/submit")
            let statuses = try await [first.status, second.status]
            #expect(statuses.filter { $0 == .seeOther }.count == 1, "\(statuses)")
            #expect(try await RequestTransition.query(on: t.db).filter(\.$requestID == id).filter(\.$action == "submit").count() == 1)
            #expect(try await OutboxMessage.query(on: t.db).count() == 1)
        }
    }

    @Test("the declaration text is a versioned setting; a signature records the version it was given under")
    func declarationVersions() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (admin, _) = try await t.signedIn(as: .admin)
            try await admin.get("/admin/declaration")
            #expect(try await admin.post("/admin/declaration", ["arabic": "", "english": ""]).status == .unprocessableEntity)
            let first = try await DeclarationText.current(on: t.db)
            #expect(try await admin.post("/admin/declaration", ["arabic": first.arabic, "english": first.english]).status == .unprocessableEntity)
            #expect(try await admin.post("/admin/declaration", ["arabic": "أقرّ بصحة بياناتي — النسخة الثانية", "english": "v2"]).status == .seeOther)
            #expect(try await crew.officer.post("/admin/declaration", ["arabic": "x"]).status == .forbidden)
            let (_, id) = try await crew.submitted()
            #expect(try await crew.officer.get("/requests/\(id)/declaration").contains("النسخة الثانية"))
            #expect(try await crew.officer.get("/requests/\(id)/form").contains("النسخة الثانية"))
            try await crew.officer.post("/requests/\(id)/declaration/drawn", ["signature": Crew.signature])
            #expect(try await RequestDeclaration.query(on: t.db).first()?.textVersion == 2)
        }
    }

    @Test("queues: each role sees its work; managers see overdue requests and the list filters them")
    func queues() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id) = try await crew.submitted()
            #expect(try await crew.officer.get("/work").contains("R-2026-000001"))
            #expect(!(try await crew.researcher.get("/work").contains("R-2026-000001")))
            #expect(!(try await crew.manager.get("/requests?overdue=1").contains("R-2026-000001")))
            // Fifteen days later (moved in the data: a session would not live that long on the test clock).
            let now = t.clock.now()
            try await SupportRequest.query(on: t.db).filter(\.$id == id).set(\.$submittedAt, to: now.addingTimeInterval(-15 * 86_400))
                .set(\.$expectedDecisionAt, to: now.addingTimeInterval(-86_400)).update()
            let overdue = try await crew.manager.get("/work")
            #expect(overdue.contains("تجاوزت موعد القرار المتوقع") && overdue.contains("R-2026-000001"))
            #expect(try await crew.manager.get("/requests?overdue=1").contains("R-2026-000001"))
            #expect(try await crew.manager.get("/requests?q=R-2026-000001").contains("R-2026-000001"))
            #expect(!(try await crew.manager.get("/requests?q=R-2026-000002").contains("/requests/\(id)")))
            #expect(try await crew.manager.get("/requests?status=nonsense&page=abc").status == .ok)
            #expect(try await crew.officer.get("/requests/\(id)").contains("15 يومًا"))
        }
    }
}
