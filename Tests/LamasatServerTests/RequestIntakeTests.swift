import Fluent
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Support requests: intake, submission, withdrawal", .serialized)
struct RequestIntakeTests {
    func intake(_ t: TestContext, _ browser: Browser, file: UUID, amount: String = "2,000") async throws -> UUID {
        let rent = try #require(try await SupportType.query(on: t.db).filter(\.$code == "rent").first())
        let page = try await browser.post("/beneficiaries/\(file)/requests", ["supportType": rent.id!.uuidString, "channel": "phone",
                                                                              "description": "متأخرة في سداد الإيجار ثلاثة أشهر", "requestedAmount": amount])
        #expect(page.status == .seeOther)
        let location = try #require(page.location)
        return try #require(UUID(uuidString: String(location.dropFirst("/requests/".count).prefix(36))))
    }

    @Test("a request taken by phone is a draft; submitting gives a tracking number, a decision date 14 days on and one acknowledgement")
    func submit() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let id = try await intake(t, officer, file: file)
            var request = try #require(try await SupportRequest.find(id, on: t.db))
            #expect(request.status == .draft)
            #expect(request.channel == .phone)
            #expect(request.requestedAmount == 200_000)
            #expect(request.trackingNumber == nil)
            try await officer.get("/requests/\(id)")
            #expect(try await officer.post("/requests/\(id)/submit").status == .seeOther)
            request = try #require(try await SupportRequest.find(id, on: t.db))
            #expect(request.status == .submitted)
            #expect(request.trackingNumber == "R-2026-000001")
            #expect(request.expectedDecisionAt == t.clock.now().addingTimeInterval(14 * 86_400))
            let messages = try await OutboxMessage.query(on: t.db).all()
            #expect(messages.count == 1)
            #expect(messages.first?.recipient == "+966501234567")
            #expect(messages.first?.body.contains("R-2026-000001") == true)
            // A second click changes nothing and sends nothing.
            let again = try await officer.post("/requests/\(id)/submit")
            #expect(again.status == .conflict)
            #expect(try await OutboxMessage.query(on: t.db).count() == 1)
            #expect(try await RequestTransition.query(on: t.db).filter(\.$requestID == id).count() == 2)
            let page = try await officer.get("/requests/\(id)")
            #expect(page.contains("R-2026-000001"))
            #expect(page.contains("لا تقل عن أسبوعين"))
            let acknowledgement = try await officer.get("/requests/\(id)/acknowledgement")
            #expect(acknowledgement.contains("إشعار استلام الطلب"))
            #expect(acknowledgement.contains("1000586000"))
            #expect(acknowledgement.contains("هـ"))
        }
    }

    @Test("the announced decision period follows the settings, never below 14 days")
    func longerPeriod() async throws {
        try await withLamasat { t in
            let settings = try #require(try await OrganizationSettings.find(OrganizationSettings.singletonID, on: t.db))
            settings.decisionPeriodDays = 21
            try await settings.save(on: t.db)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let id = try await intake(t, officer, file: try await registerFile(officer, try await fileForm(t)))
            try await officer.get("/requests/\(id)")
            try await officer.post("/requests/\(id)/submit")
            #expect(try await SupportRequest.find(id, on: t.db)?.expectedDecisionAt == t.clock.now().addingTimeInterval(21 * 86_400))
        }
    }

    @Test("intake refuses an amount above the type's ceiling and missing fields; nothing is stored")
    func intakeValidation() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let rent = try #require(try await SupportType.query(on: t.db).filter(\.$code == "rent").first())
            let above = try await officer.post("/beneficiaries/\(file)/requests", ["supportType": rent.id!.uuidString, "channel": "phone",
                                                                                   "description": "x", "requestedAmount": "٢٠٠٠٠"])
            #expect(above.status == .unprocessableEntity)
            #expect(above.contains("أعلى من الحد الأعلى"))
            #expect(above.contains("id=\"field-requestedAmount-error\"") && above.contains("value=\"٢٠٠٠٠\""))
            #expect(above.contains("<option value=\"\(rent.id!.uuidString)\" selected>") && above.contains("<option value=\"phone\" selected>"))
            let empty = try await officer.post("/beneficiaries/\(file)/requests", ["channel": "fax", "description": "وصف الحاجة"])
            #expect(empty.status == .unprocessableEntity)
            let choose = t.app.lamasat.localizer.text("validation.choose", .ar)
            #expect(empty.contains("<p class=\"error\" id=\"field-supportType-error\">\(choose)</p>"))
            #expect(empty.contains("<p class=\"error\" id=\"field-channel-error\">\(choose)</p>"))
            #expect(empty.contains(">وصف الحاجة</textarea>"))
            #expect(try await SupportRequest.query(on: t.db).count() == 0)
            // A role that does not take requests is refused.
            let (researcher, _) = try await t.signedIn(as: .researcher)
            #expect(try await researcher.post("/beneficiaries/\(file)/requests", ["supportType": rent.id!.uuidString, "channel": "phone",
                                                                                 "description": "x"]).status == .forbidden)
            #expect(try await SupportRequest.query(on: t.db).count() == 0)
        }
    }

    @Test("withdrawal needs a reason and is recorded")
    func withdraw() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let id = try await intake(t, officer, file: try await registerFile(officer, try await fileForm(t)))
            try await officer.get("/requests/\(id)")
            let empty = try await officer.post("/requests/\(id)/withdraw", ["reason": ""])
            #expect(empty.status == .conflict)
            #expect(empty.contains("<p class=\"error\" id=\"field-reason-withdraw-error\">\(t.app.lamasat.localizer.text("request.refusal.reasonRequired", .ar))</p>"))
            let long = String(repeating: "س", count: 501)
            let tooLong = try await officer.post("/requests/\(id)/withdraw", ["reason": long])
            #expect(tooLong.status == .unprocessableEntity)
            #expect(tooLong.contains(t.app.lamasat.localizer.text("validation.tooLong", .ar)) && tooLong.contains("value=\"\(long)\""))
            #expect(try await SupportRequest.find(id, on: t.db)?.status == .draft)
            #expect(try await officer.post("/requests/\(id)/withdraw", ["reason": "تراجعت المستفيدة"]).status == .seeOther)
            #expect(try await SupportRequest.find(id, on: t.db)?.status == .withdrawn)
            let step = try #require(try await RequestTransition.query(on: t.db).filter(\.$toStatus == .withdrawn).first())
            #expect(step.note == "تراجعت المستفيدة")
        }
    }

    @Test("a committee member may read but not take or submit; another branch reaches nothing")
    func access() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let id = try await intake(t, officer, file: file)
            let (committee, _) = try await t.signedIn(as: .committeeMember)
            #expect(try await committee.get("/requests/\(id)").status == .ok)
            #expect(try await committee.post("/requests/\(id)/submit").status == .forbidden)
            #expect(try await committee.post("/beneficiaries/\(file)/requests", ["channel": "phone"]).status == .forbidden)
            let jeddah = try await t.makeBranch("JED")
            let (jed, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            #expect(try await jed.get("/requests/\(id)").status == .notFound)
            #expect(try await jed.post("/requests/\(id)/submit").status == .notFound)
            #expect(try await jed.get("/beneficiaries/\(file)/requests/new").status == .notFound)
            #expect(try await SupportRequest.find(id, on: t.db)?.status == .draft)
            #expect(try await officer.get("/requests/\(id)/acknowledgement").status == .notFound, "a draft has no acknowledgement")
            #expect(try await jed.get("/requests/\(id)/form").status == .notFound)
            // [P-17]: the pre-filled form, ready to sign on paper.
            let form = try await officer.get("/requests/\(id)/form")
            #expect(form.status == .ok)
            #expect(form.contains("نموذج طلب دعم مستفيد"))
            #expect(form.contains("أميرة عبد الله سعد القحطاني"))
            #expect(form.contains("1045789326"))
            #expect(form.contains("توقيع المستفيدة"))
            #expect(form.contains("دعم الإيجار"))
        }
    }
}
