import Fluent
import Foundation
import LamasatCore
import Vapor

extension DashboardController {
    /// The money roles' dashboard (issue 18): the donor officer's gifts and due pledges, the finance officer's aid
    /// waiting to be paid and batches waiting for a checker; both see what the funds hold. No beneficiary is named.
    static func moneyCards(_ req: Request, _ staff: StaffContext) async throws -> [Card] {
        let today = CalendarDay.today(req.now).description
        let available = try await FundBalances.all(on: req.db).values.reduce(Int64(0)) { $0 + max(0, $1.available) }
        let funds = Card(title: req.t("nav.funds"), text: req.t("dashboard.money.available"), path: "/funds",
                         figure: Money(halalas: available).formatted(req.language))
        if staff.user.role == .financeOfficer {
            let due = FundCommitment.query(on: req.db).filter(\.$status == .committed).withinReach(of: staff, \.$branchID)
            let waiting = PaymentBatch.query(on: req.db).filter(\.$status == .submitted).withinReach(of: staff, \.$branchID)
            return [
                .init(title: req.t("nav.payments"), text: req.t("dashboard.money.due"), path: "/payments/due", figure: String(try await due.count())),
                .init(title: req.t("nav.payments"), text: req.t("dashboard.money.awaiting"), path: "/payments?status=submitted",
                      figure: String(try await waiting.count())),
                funds,
            ]
        }
        let gifts = try await Donation.query(on: req.db).filter(\.$status == .received)
            .filter(\.$receivedOn >= String(today.prefix(8)) + "01").withinReach(of: staff, \.$branchID).all()
        let week = CalendarDay.today(req.now.addingTimeInterval(7 * 86_400)).description
        let pledges = Pledge.query(on: req.db).filter(\.$status == .active).filter(\.$nextDueOn != "").filter(\.$nextDueOn <= week)
            .withinReach(of: staff, \.$branchID)
        return [
            .init(title: req.t("nav.donations"), text: req.t("dashboard.money.gifts", String(gifts.count)), path: "/donations",
                  figure: Money(halalas: gifts.reduce(Int64(0)) { $0 + $1.amount }).formatted(req.language)),
            .init(title: req.t("nav.pledges"), text: req.t("dashboard.money.pledges"), path: "/pledges", figure: String(try await pledges.count())),
            funds,
        ]
    }
}
