import Fluent
import LamasatCore
import SQLKit
import Vapor

/// Messages of the period by channel and what became of them, and the reach of the campaigns scheduled in it
/// ([P-4]). A message belongs to the branch it was queued for; sign-in codes and other branchless messages count
/// only for readers of every branch.
struct MessageFigures {
    let req: Request
    let scope: ReportScope
    var db: any Database { req.db }

    func tables() async throws -> [ReportLinkedTable] {
        [try await byChannel(), try await campaigns()]
    }

    private struct Counted: Decodable {
        let key: String?
        let sent: Int?, failed: Int?, waiting: Int?, skipped: Int?, sent_prev: Int?, failed_prev: Int?
    }

    private func counts(_ status: OutboxMessage.Status, _ range: ReportPeriod, as name: String) -> SQLQueryString {
        "CAST(SUM(CASE WHEN o.status = \(bind: status.rawValue) AND \(scope.within("o.created_at", range)) THEN 1 ELSE 0 END) AS BIGINT) AS \(unsafeRaw: name)"
    }

    private var all: SQLQueryString {
        "\(counts(.sent, scope.period, as: "sent")), \(counts(.failed, scope.period, as: "failed")), \(counts(.queued, scope.period, as: "waiting")), \(counts(.skipped, scope.period, as: "skipped")), \(counts(.sent, scope.previous, as: "sent_prev")), \(counts(.failed, scope.previous, as: "failed_prev"))"
    }

    private func byChannel() async throws -> ReportLinkedTable {
        let rows = try await db.sql.raw("""
            SELECT o.channel AS key, \(all) FROM outbox_messages o\(SQLQueryString.whereClause(scope.bothPeriods("o.created_at") + scope.reach("o.branch_id")))
            GROUP BY o.channel
            """).all(decoding: Counted.self)
        let this = scope.period.title(req.language), before = scope.previous.title(req.language)
        var table = ReportTableBuilder(id: "messages", title: req.t("reports.messages.byChannel"), columns: [
            req.t("reports.messages.channel"), req.t("reports.messages.sent", this), req.t("reports.messages.failed", this),
            req.t("reports.messages.waiting"), req.t("reports.messages.skipped"),
            req.t("reports.messages.sent", before), req.t("reports.messages.failed", before), req.t("reports.messages.failureRate", this),
        ])
        for channel in MessageChannel.allCases {
            let row = rows.first { $0.key == channel.rawValue }
            let sent = row?.sent ?? 0, failed = row?.failed ?? 0
            let outbox = { (status: String) in "/admin/outbox?channel=\(channel.rawValue)&status=\(status)" }
            table.add([.text(req.t(channel.localizationKey)), .number(sent), .number(failed), .number(row?.waiting ?? 0), .number(row?.skipped ?? 0),
                       .number(row?.sent_prev ?? 0), .number(row?.failed_prev ?? 0), .share(failed, of: sent + failed)],
                      links: [nil, outbox("sent"), outbox("failed"), outbox("queued"), outbox("skipped")])
        }
        return table.build(note: req.t("reports.messages.note"))
    }

    /// Campaigns scheduled in the period: how many she meant to reach, and what the messages did.
    private func campaigns() async throws -> ReportLinkedTable {
        struct Campaign: Decodable { let id: UUID; let name: String; let total: Int; let scheduled_at: Date }
        let list = try await db.sql.raw("""
            SELECT id, name, total, scheduled_at FROM campaigns WHERE \(scope.within("scheduled_at", scope.period)) ORDER BY scheduled_at
            """).all(decoding: Campaign.self)
        var table = ReportTableBuilder(id: "campaigns", title: req.t("reports.messages.campaigns"), columns: [
            req.t("reports.messages.campaign"), req.t("reports.messages.scheduled"), req.t("reports.messages.audience"),
            req.t("reports.messages.sent", ""), req.t("reports.messages.failed", ""), req.t("reports.messages.waiting"), req.t("reports.messages.reach"),
        ].map { $0.trimmingWhitespace() })
        guard !list.isEmpty else { return table.build() }
        let conditions: [SQLQueryString] = ["o.related_type = 'campaign'", "o.related_id IN (\(SQLQueryString.list(list.map(\.id.uuidString))))"]
            + scope.reach("o.branch_id")
        func whole(_ status: OutboxMessage.Status, as name: String) -> SQLQueryString {
            "CAST(SUM(CASE WHEN o.status = \(bind: status.rawValue) THEN 1 ELSE 0 END) AS BIGINT) AS \(unsafeRaw: name)"
        }
        let rows = try await db.sql.raw("""
            SELECT o.related_id AS key, \(whole(.sent, as: "sent")), \(whole(.failed, as: "failed")), \(whole(.queued, as: "waiting")),
                \(whole(.skipped, as: "skipped")), 0 AS sent_prev, 0 AS failed_prev
            FROM outbox_messages o\(SQLQueryString.whereClause(conditions)) GROUP BY o.related_id
            """).all(decoding: Counted.self)
        for campaign in list {
            let row = rows.first { $0.key == campaign.id.uuidString }
            // A branch reader sees the campaigns that wrote to her branch.
            guard row != nil || scope.staff.ownBranchOnly == nil && scope.branch == nil else { continue }
            let sent = row?.sent ?? 0
            table.add([.text(campaign.name), .date(campaign.scheduled_at), .number(campaign.total), .number(sent), .number(row?.failed ?? 0),
                       .number(row?.waiting ?? 0), .share(sent, of: campaign.total)],
                      links: [scope.staff.can(.runOutreach) ? "/campaigns/\(campaign.id.uuidString)" : nil])
        }
        return table.build(note: req.t("reports.messages.reachNote"))
    }
}
