import Fluent
import SQLKit

/// Indexes behind the reports of issue 15: each report counts what happened in a period (submitted, decided, moved,
/// delivered, queued, opened), so each of those moments gets an index that lets the database read just the
/// period's rows instead of the whole table.
struct M0026AddReportIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: String)] = [
        ("support_requests_submitted", "support_requests", "submitted_at"),
        ("support_requests_branch_submitted", "support_requests", "branch_id, submitted_at"),
        ("request_decisions_decided", "request_decisions", "decided_at"),
        ("request_transitions_status_at", "request_transitions", "to_status, at"),
        ("service_deliveries_delivered", "service_deliveries", "delivered_on"),
        ("service_deliveries_beneficiary_day", "service_deliveries", "beneficiary_id, delivered_on"),
        ("audit_entries_action_time", "audit_entries", "action, occurred_at_ms"),
    ]

    func prepare(on database: any Database) async throws {
        for index in Self.indexes { try await database.createIndex(index.name, on: index.table, index.columns) }
    }

    func revert(on database: any Database) async throws {
        for index in Self.indexes { try await database.sql.raw("DROP INDEX \(unsafeRaw: index.name)").run() }
    }
}
