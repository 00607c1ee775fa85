import Fluent
import SQLKit

/// Indexes behind the queues and lists that every branch reads all day (issue 21): "my work" and the request list
/// order open requests by their expected decision date, across branches for a manager, and the relations queues
/// order open cases by their due date. Without them each page read every request or case of the association.
struct M0024AddQueueIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: String)] = [
        ("support_requests_status_expected", "support_requests", "status, expected_decision_at, created_at"),
        ("support_requests_branch_status_expected", "support_requests", "branch_id, status, expected_decision_at, created_at"),
        ("support_requests_expected", "support_requests", "expected_decision_at, created_at"),
        ("inquiries_status_due", "inquiries", "status, due_at"),
        ("complaints_status_due", "complaints", "status, due_at"),
        ("outbox_messages_status", "outbox_messages", "status, created_at"),
        ("beneficiaries_status", "beneficiaries", "status, file_sequence"),
    ]

    func prepare(on database: any Database) async throws {
        for index in Self.indexes { try await database.createIndex(index.name, on: index.table, index.columns) }
    }

    func revert(on database: any Database) async throws {
        for index in Self.indexes { try await database.sql.raw("DROP INDEX \(unsafeRaw: index.name)").run() }
    }
}
