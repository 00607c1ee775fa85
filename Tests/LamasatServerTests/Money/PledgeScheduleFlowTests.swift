import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 18, part A: pledges and sponsorships — made from a donor's page, advanced by the gifts that pay them,
/// completed after the last instalment, cancelled with a reason, and reminded of once per instalment with consent.
@Suite("Pledge flow", .serialized)
struct PledgeScheduleFlowTests {
    func today(_ t: TestContext) -> CalendarDay { CalendarDay.today(t.clock.now()) }

    /// A monthly pledge of 300 SAR for `instalments` instalments starting `start`, made through the form.
    func makePledge(_ t: TestContext, _ officer: Browser, donor: Donor, start: CalendarDay, instalments: String = "2", frequency: String = "1") async throws -> Pledge {
        let general = try await t.fund("general")
        let path = "/donors/\(donor.id!.uuidString)/pledges/new"
        try await officer.get(path)
        let saved = try await officer.post(path, ["amount": "300", "frequency": frequency, "instalments": instalments, "startsOn": start.description,
                                                  "designation": "general", "fund": general.id!.uuidString, "note": ""])
        #expect(saved.status == .seeOther)
        return try #require(try await Pledge.query(on: t.db).filter(\.$donorID == donor.id!).sort(\.$createdAt, .descending).first())
    }

    @Test("gifts naming a pledge move its next due day a month on and complete it after the last instalment; cancelling a gift reopens it")
    func advanceAndComplete() async throws {
        try await withLamasat { t in
            let donor = try await t.makeDonor()
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            let start = PledgeSchedule.adding(months: -1, to: today(t))
            let pledge = try await makePledge(t, officer, donor: donor, start: start)
            #expect(pledge.nextDueOn == start.description && pledge.status == .active && pledge.amount == 30_000)
            let general = try await t.fund("general")
            let path = "/donors/\(donor.id!.uuidString)/donations/new"
            #expect(try await officer.get(path).contains(pledge.id!.uuidString))
            var form = DonationRecordingTests.cash(general, amount: "300", day: today(t).description)
            form["pledge"] = pledge.id!.uuidString
            #expect(try await officer.post(path, form).status == .seeOther)
            let once = try #require(try await Pledge.find(pledge.id, on: t.db))
            #expect(once.nextDueOn == PledgeSchedule.adding(months: 1, to: start).description && once.status == .active)
            #expect(try await officer.post(path, form).status == .seeOther)
            let done = try #require(try await Pledge.find(pledge.id, on: t.db))
            #expect(done.status == .completed && done.nextDueOn == "")
            let list = try await officer.get("/pledges")
            #expect(list.contains("2 / 2"))
            let last = try #require(try await Donation.query(on: t.db).sort(\.$recordedAt, .descending).first())
            try await officer.get("/donations/\(last.id!.uuidString)")
            #expect(try await officer.post("/donations/\(last.id!.uuidString)/cancel", ["reason": "خطأ"]).status == .seeOther)
            let reopened = try #require(try await Pledge.find(pledge.id, on: t.db))
            #expect(reopened.status == .active && reopened.nextDueOn == PledgeSchedule.adding(months: 1, to: start).description)
        }
    }

    @Test("a pledge is refused without an amount or with a zakat designation on the general fund; cancelling needs a reason and is audited")
    func createAndCancel() async throws {
        try await withLamasat { t in
            let donor = try await t.makeDonor()
            let general = try await t.fund("general")
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            let path = "/donors/\(donor.id!.uuidString)/pledges/new"
            try await officer.get(path)
            let bad = try await officer.post(path, ["amount": "", "frequency": "1", "instalments": "12", "startsOn": today(t).description,
                                                    "designation": "zakat", "fund": general.id!.uuidString])
            #expect(bad.status == .unprocessableEntity && bad.contains(#"id="field-amount-error""#) && bad.contains(#"id="field-fund-error""#))
            #expect(try await Pledge.query(on: t.db).count() == 0)
            let pledge = try await makePledge(t, officer, donor: donor, start: today(t), instalments: "0")
            let id = pledge.id!.uuidString
            try await officer.get("/pledges/\(id)")
            #expect(try await officer.post("/pledges/\(id)/cancel", ["reason": ""]).status == .unprocessableEntity)
            #expect(try await officer.post("/pledges/\(id)/cancel", ["reason": "انتقل إلى مدينة أخرى"]).status == .seeOther)
            let cancelled = try #require(try await Pledge.find(pledge.id, on: t.db))
            #expect(cancelled.status == .cancelled && cancelled.note.contains("انتقل إلى مدينة أخرى") && cancelled.nextDueOn == "")
            #expect(try await t.auditEntries(action: "money.pledge.cancelled").first?.detail?.contains("انتقل") == true)
        }
    }

    @Test("the reminder goes three days before the due day, once per instalment, and never without consent")
    func reminders() async throws {
        try await withLamasat { t in
            let willing = try await t.makeDonor(mobile: "+966551230001")
            let silent = try await t.makeDonor("هيا ناصر", mobile: "+966551230002", consents: false)
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            let due = PledgeSchedule.adding(days: 5, to: today(t))
            let a = try await makePledge(t, officer, donor: willing, start: due)
            _ = try await makePledge(t, officer, donor: silent, start: due)
            let localizer = t.app.lamasat.localizer
            #expect(try await PledgeReminders.run(now: t.clock.now(), localizer: localizer, on: t.db) == 0)
            t.clock.advance(by: 2 * 86_400)
            #expect(try await PledgeReminders.run(now: t.clock.now(), localizer: localizer, on: t.db) == 1)
            #expect(try await PledgeReminders.run(now: t.clock.now(), localizer: localizer, on: t.db) == 0)
            t.clock.advance(by: 86_400)
            #expect(try await PledgeReminders.run(now: t.clock.now(), localizer: localizer, on: t.db) == 0)
            let messages = try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "pledge").all()
            #expect(messages.count == 1 && messages[0].recipient == "+966551230001" && messages[0].relatedID == a.id!.uuidString)
            #expect(messages[0].idempotencyKey == "pledge-reminder:\(a.id!.uuidString):\(due.description)" && messages[0].body.contains("300.00"))
            #expect(try await Pledge.find(a.id, on: t.db)?.lastRemindedAt != nil)
        }
    }
}
