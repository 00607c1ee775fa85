import LamasatCore
import Vapor

/// The filters a report's figure (Features/Reports) puts on its link to /requests, read back here: the period and
/// what happened in it (submitted, reached a status, decided, moved), the branch, category and channel. Unreadable
/// values are ignored, so a hand-edited address shows a wider list, never an error.
struct RequestListReportFilter {
    var period: ReportPeriod?
    var branch: UUID?
    var category: UUID?
    var channel: ContactChannel?
    var reached: SupportRequestStatus?
    var decided: SupportRequestStatus?
    var reason: UUID?
    var moved: SupportRequestStatus?

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
        return link
    }

    func apply(to filter: inout RequestRow.Filter) {
        filter.branch = branch
        filter.category = category
        filter.channel = channel?.rawValue
        guard let period else { return }
        if let decided {
            filter.event = .decided(period, outcome: decided, reason: reason)
        } else if let moved {
            filter.event = .moved(period, to: moved)
        } else {
            filter.event = .submitted(period, reached: reached)
        }
    }

    /// The same filters as address parameters, for the list's paging links.
    var parameters: [String: String] {
        ["period": period?.token ?? "", "branch": branch?.uuidString ?? "", "category": category?.uuidString ?? "",
         "channel": channel?.rawValue ?? "", "reached": reached?.rawValue ?? "", "decided": decided?.rawValue ?? "",
         "reason": reason?.uuidString ?? "", "moved": moved?.rawValue ?? ""]
    }
}
