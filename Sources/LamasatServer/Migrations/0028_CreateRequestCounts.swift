import Fluent
import SQLKit

/// Counts of requests kept as events happen (issue 15): a year's report reads a day's few rows per branch and measure
/// instead of every request. The counts are derived data, so the table is filled from the records here; a later
/// change to what is counted adds a migration that calls the rebuild again.
struct M0028CreateRequestCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // grain 0: a day; 1: the Gregorian month starting on `day`. SQLite keeps the rows in key order (WITHOUT ROWID),
        // so a period's rows are read in one stretch.
        try await database.sql.raw("""
            CREATE TABLE request_counts (grain INTEGER NOT NULL, day INTEGER NOT NULL, branch_id UUID NOT NULL, measure TEXT NOT NULL,
            item TEXT NOT NULL, total BIGINT NOT NULL, PRIMARY KEY (grain, day, branch_id, measure, item))\(unsafeRaw: database.isPostgres ? "" : " WITHOUT ROWID")
            """).run()
        try await RequestCounts.rebuild(on: database)
        // Returns and withdrawals are still counted from the transitions (each request once per period): with the
        // request in the index, the count reads the index alone.
        try await database.sql.raw("DROP INDEX request_transitions_status_at").run()
        try await database.createIndex("request_transitions_status_at_request", on: "request_transitions", "to_status, at, request_id")
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX request_transitions_status_at_request").run()
        try await database.createIndex("request_transitions_status_at", on: "request_transitions", "to_status, at")
        try await database.sql.raw("DROP TABLE request_counts").run()
    }
}
