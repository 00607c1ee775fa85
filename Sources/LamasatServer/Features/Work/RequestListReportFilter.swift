import LamasatCore
import Vapor

/// The filters a report's figure (Features/Reports) puts on its link to /requests, read back here: the period and
/// what happened in it (submitted, reached a status, decided, moved, a service delivered), the branch, category and
/// channel. Unreadable values are ignored, so a hand-edited address shows a wider list, never an error.
struct RequestListReportFilter {
    var period: ReportPeriod?
    var branch: UUID?
    var category: UUID?
    var channel: ContactChannel?
    var reached: SupportRequestStatus?
    var decided: SupportRequestStatus?
    var reason: UUID?
    var moved: SupportRequestStatus?
    /// A service delivered in the period: `delivered=1` anywhere, `delivered=<place>` at that place.
    var delivered = false
    var deliveredAt: DeliveryPlace?
    /// Who she is (the people-served report's groupings): city, age band, household size, first time or returning.
    var city: String?
    var ageBand: ServedFile.AgeBand?
    var household: ServedFile.HouseholdBand?
    var firstTime: Bool?

    static func read(_ req: Request) -> RequestListReportFilter {
        func text(_ name: String) -> String { req.query[String.self, at: name] ?? "" }
        var link = RequestListReportFilter()
        link.period = try? ReportPeriod.parse(text("period"))
        link.branch = UUID(uuidString: text("branch"))
        link.category = UUID(uuidString: text("category"))
        link.channel = ContactChannel(rawValue: text("channel"))
        link.reached = SupportRequestStatus(rawValue: text("reached"))
        link.decided = SupportRequestStatus(rawValue: text("decided")).flatMap { [.approved, .rejected].contains($0) ? $0 : nil }
        link.reason = UUID(uuidString: text("reason"))
        link.moved = SupportRequestStatus(rawValue: text("moved"))
        link.deliveredAt = DeliveryPlace(rawValue: text("delivered"))
        link.delivered = text("delivered") == "1" || link.deliveredAt != nil
        let city = text("city").trimmingCharacters(in: .whitespacesAndNewlines)
        link.city = city.isEmpty || city.count > 100 ? nil : city
        link.ageBand = ServedFile.AgeBand(rawValue: text("age"))
        link.household = ServedFile.HouseholdBand(rawValue: text("household"))
        link.firstTime = ["1": true, "0": false][text("first")]
        return link
    }

    func apply(to filter: inout RequestRow.Filter) {
        filter.branch = branch
        filter.category = category
        filter.channel = channel?.rawValue
        filter.city = city
        filter.ageBand = ageBand
        filter.household = household
        filter.firstTime = firstTime
        guard let period else { return }
        if let decided {
            filter.event = .decided(period, outcome: decided, reason: reason)
        } else if let moved {
            filter.event = .moved(period, to: moved)
        } else if delivered {
            filter.event = .delivered(period, place: deliveredAt)
        } else {
            filter.event = .submitted(period, reached: reached)
        }
    }

    /// What the figure counted, in words, above the list ("From a report: a service delivered in November 2026 · At
    /// the office · …"), so a reader knows why the list is what it is; nil when no report event applies.
    func summary(_ req: Request) async throws -> String? {
        guard let period else { return nil }
        let when = period.title(req.language)
        var parts: [String]
        if let decided {
            parts = [req.t("request.fromReport.decided", req.t(decided.localizationKey), when)]
            if let reason, let name = try await RejectionReason.find(reason, on: req.db)?.name(in: req.language) { parts.append(name) }
        } else if let moved {
            parts = [req.t("request.fromReport.moved", req.t(moved.localizationKey), when)]
        } else if delivered {
            parts = [req.t("request.fromReport.delivered", when)] + (deliveredAt.map { [req.t($0.localizationKey)] } ?? [])
        } else {
            parts = [req.t("request.fromReport.submitted", when)] + (reached.map { [req.t("request.fromReport.reached", req.t($0.localizationKey))] } ?? [])
        }
        if let branch, let name = try await Branch.find(branch, on: req.db)?.name(in: req.language) { parts.append(name) }
        if let category, let name = try await BeneficiaryCategory.find(category, on: req.db)?.name(in: req.language) { parts.append(name) }
        if let channel { parts.append(req.t(channel.localizationKey)) }
        if let city { parts.append(city) }
        if let ageBand { parts.append(req.t("reports.people.age.\(ageBand.rawValue)")) }
        if let household { parts.append(req.t("reports.people.household.\(household.rawValue)")) }
        if let firstTime { parts.append(req.t(firstTime ? "reports.people.firstTime" : "reports.people.returning")) }
        return req.t("request.fromReport", parts.joined(separator: " · "))
    }

    /// The same filters as address parameters, for the list's paging links.
    var parameters: [String: String] {
        ["period": period?.token ?? "", "branch": branch?.uuidString ?? "", "category": category?.uuidString ?? "",
         "channel": channel?.rawValue ?? "", "reached": reached?.rawValue ?? "", "decided": decided?.rawValue ?? "",
         "reason": reason?.uuidString ?? "", "moved": moved?.rawValue ?? "",
         "delivered": deliveredAt?.rawValue ?? (delivered ? "1" : ""), "city": city ?? "", "age": ageBand?.rawValue ?? "",
         "household": household?.rawValue ?? "", "first": firstTime.map { $0 ? "1" : "0" } ?? ""]
    }
}
