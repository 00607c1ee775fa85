import Fluent
import SQLKit

/// Counts of requests kept as events happen (issue 15): a year's report reads a day's few rows per branch and measure
/// instead of every request. The counts are derived data, so the table is filled from the records here; a later
/// change to what is counted adds a migration that calls the rebuild again.
struct M0028CreateRequestCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("""
            CREATE TABLE request_counts (day INTEGER NOT NULL, branch_id UUID NOT NULL, measure TEXT NOT NULL, item TEXT NOT NULL,
            total BIGINT NOT NULL, PRIMARY KEY (day, branch_id, measure, item))
            """).run()
        try await RequestCounts.rebuild(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP TABLE request_counts").run()
    }
}
