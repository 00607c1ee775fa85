import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("A request's later life: cancelled before full delivery, reopened within the period; the periods set by the administrator", .serialized)
struct RequestLifecycleTests {
    func text(_ t: TestContext, _ key: String) -> String { t.app.lamasat.localizer.text(key, .ar) }

    @Test("a manager cancels an approved request after a part was delivered: the delivery stays, the rest of the hold is released, she is told")
    func cancel() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (file, id, _) = try await crew.approved(amount: "4500")
            #expect(try await crew.service.post("/requests/\(id)/deliveries", ["description": "إيجار شهرين", "amount": "3000", "date": "2026-11-25",
                                                                               "place": "online", "deliveredBy": "موظفة", "signature": Crew.signature]).status == .seeOther)
            #expect(try await crew.request(id).status == .inService)
            // An officer may not cancel; the manager must give a reason.
            #expect(try await crew.officer.post("/requests/\(id)/cancel", ["reason": "انتهى البرنامج"]).status == .forbidden)
            let page = try await crew.manager.get("/requests/\(id)")
            let officerPage = try await crew.officer.get("/requests/\(id)")
            #expect(page.contains("/requests/\(id)/cancel") && !officerPage.contains("/requests/\(id)/cancel"))
            let empty = try await crew.manager.post("/requests/\(id)/cancel", ["reason": ""])
            #expect(empty.status == .unprocessableEntity && empty.contains(text(t, "request.error.cancelReason")))
            #expect(try await crew.request(id).status == .inService)
            #expect(try await crew.manager.post("/requests/\(id)/cancel", ["reason": "انتقلت إلى مدينة أخرى وتخدمها جمعية هناك"]).status == .seeOther)
            #expect(try await crew.request(id).status == .cancelled)
            #expect(try await ServiceDelivery.query(on: t.db).filter(\.$requestID == id).count() == 1)
            let holds = try await FundCommitment.query(on: t.db).filter(\.$requestID == id).all()
            #expect(holds.filter { $0.status == .paid }.map(\.amount) == [300_000] && holds.filter { $0.status == .released }.map(\.amount) == [150_000])
            #expect(!holds.contains { $0.status == .committed })
            let told = try await OutboxMessage.query(on: t.db).filter(\.$beneficiaryID == file).all()
            #expect(told.contains { $0.body.contains("أُلغي طلبك") && $0.body.contains("انتقلت إلى مدينة أخرى") })
            // Nothing more is delivered on it, and it cannot be cancelled twice.
            #expect(try await crew.service.post("/requests/\(id)/deliveries", ["description": "إيجار شهر", "amount": "1500", "date": "2026-11-25",
                                                                               "place": "online", "deliveredBy": "موظفة", "signature": Crew.signature]).status == .conflict)
            #expect(try await crew.manager.post("/requests/\(id)/cancel", ["reason": "مرة أخرى"]).status == .conflict)
            #expect(try await t.auditEntries(action: "request.cancel").count == 1)
            #expect(try await crew.manager.get("/requests/\(id)").contains(text(t, "request.status.cancelled")))
            // The requests report counts it among this month's submissions that were cancelled.
            let report = ReportPageReader(body: try await crew.manager.get("/reports/requests?period=2026-11").body)
            #expect(report.row("returned-withdrawn", text(t, "request.status.cancelled")).first == "1")
        }
    }

    @Test("cancelling waits while a transfer of the request is with the bank")
    func cancelWaitsForTheBank() async throws {
        try await withLamasat { t in
            let pay = try await PaymentCrew.make(t)
            _ = try await pay.draft()
            let refused = try await pay.crew.manager.post("/requests/\(pay.request)/cancel", ["reason": "توقف الدعم"])
            #expect(refused.status == .conflict && refused.contains(text(t, "request.refusal.paymentPending")))
            #expect(try await pay.crew.request(pay.request).status == .approved)
            #expect(try await FundCommitment.find(pay.commitment.id, on: t.db)?.status == .committed)
        }
    }

    @Test("a withdrawn request reopens where it stood, within the period; after it, the refusal says why; the period is the administrator's")
    func reopen() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (file, id) = try await crew.inResearch()
            #expect(try await crew.officer.post("/requests/\(id)/withdraw", ["reason": "سافرت مؤقتًا"]).status == .seeOther)
            #expect(try await crew.officer.get("/requests/\(id)").contains("/requests/\(id)/reopen"))
            let empty = try await crew.officer.post("/requests/\(id)/reopen", ["reason": ""])
            #expect(empty.status == .unprocessableEntity && empty.contains(text(t, "request.error.reopenReason")))
            #expect(try await crew.officer.post("/requests/\(id)/reopen", ["reason": "عادت وتريد إكمال الطلب"]).status == .seeOther)
            #expect(try await crew.request(id).status == .socialResearch)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$beneficiaryID == file).all().contains { $0.body.contains("أُعيد فتح طلبك") })
            // Withdrawn again; the administrator shortens the period to 5 days, and 6 days later it is over.
            #expect(try await crew.officer.post("/requests/\(id)/withdraw", ["reason": "لم تعد بحاجة"]).status == .seeOther)
            let (admin, _) = try await t.signedIn(as: .admin)
            let bad = try await admin.post("/admin/case-periods", ["reopenDays": "0", "appealDays": "30"])
            #expect(bad.status == .unprocessableEntity && bad.contains(text(t, "casePeriods.error.days")))
            #expect(try await admin.post("/admin/case-periods", ["reopenDays": "٥", "appealDays": "30"]).status == .seeOther)
            #expect(try await CasePeriods.current(on: t.db) == CasePeriods(reopenDays: 5, appealDays: 30))
            #expect(try await t.auditEntries(action: "settings.casePeriods").count == 1)
            try await RequestTransition.query(on: t.db).filter(\.$requestID == id).filter(\.$action == "withdraw")
                .set(\.$at, to: t.clock.now().addingTimeInterval(-6 * 86_400)).update()
            #expect(!(try await crew.officer.get("/requests/\(id)")).contains("/requests/\(id)/reopen"))
            let late = try await crew.officer.post("/requests/\(id)/reopen", ["reason": "عادت"])
            #expect(late.status == .conflict && late.contains(text(t, "request.refusal.reopenPeriodOver")))
            #expect(try await crew.request(id).status == .withdrawn)
            // Wrong role: a researcher reopens nothing; a manager does not set the periods.
            #expect(try await crew.researcher.post("/requests/\(id)/reopen", ["reason": "x"]).status == .forbidden)
            #expect(try await crew.manager.post("/admin/case-periods", ["reopenDays": "90", "appealDays": "30"]).status == .forbidden)
        }
    }

    @Test("other branch: cancelling or reopening another branch's request is 404 and changes nothing")
    func otherBranch() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id, _) = try await crew.approved()
            let north = try await t.makeBranch("NTH")
            let (manager, _) = try await t.signedIn(as: .manager, username: "north.manager", branch: north, scope: .ownBranch)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer, username: "north.officer", branch: north, scope: .ownBranch)
            #expect(try await manager.post("/requests/\(id)/cancel", ["reason": "x"]).status == .notFound)
            #expect(try await officer.post("/requests/\(id)/reopen", ["reason": "x"]).status == .notFound)
            #expect(try await crew.request(id).status == .approved)
        }
    }
}
