import Fluent
import SQLKit

/// The audit trail and the one-row head of its hash chain. The database itself refuses to change or remove a row.
struct M0005CreateAuditTrail: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .field("sequence", .int64, .identifier(auto: false))
            .field("occurred_at_ms", .int64, .required)
            .field("actor_id", .string)
            .field("actor_name", .string)
            .field("actor_branch_id", .uuid)
            .field("action", .string, .required)
            .field("record_type", .string)
            .field("record_id", .string)
            .field("outcome", .string, .required)
            .field("address", .string)
            .field("detail", .string)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await database.createIndex("audit_entries_time", on: "audit_entries", "occurred_at_ms")
        try await database.createIndex("audit_entries_record", on: "audit_entries", "record_type, record_id")
        try await database.schema("audit_chain_head")
            .field("id", .int, .identifier(auto: false))
            .field("last_sequence", .int64, .required)
            .field("last_hash", .string, .required)
            .create()
        try await database.sql.raw(
            "INSERT INTO audit_chain_head (id, last_sequence, last_hash) VALUES (1, 0, \(bind: String(repeating: "0", count: 64)))"
        ).run()

        if database.isPostgres {
            try await database.sql.raw("""
                CREATE FUNCTION lamasat_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END $$
                """).run()
            try await database.sql.raw("""
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
                FOR EACH ROW EXECUTE FUNCTION lamasat_audit_append_only()
                """).run()
        } else {
            for event in ["UPDATE", "DELETE"] {
                try await database.sql.raw("""
                    CREATE TRIGGER audit_entries_no_\(unsafeRaw: event.lowercased()) BEFORE \(unsafeRaw: event) ON audit_entries
                    BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END
                    """).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_chain_head").delete()
        try await database.schema("audit_entries").delete()
        if database.isPostgres {
            try await database.sql.raw("DROP FUNCTION IF EXISTS lamasat_audit_append_only()").run()
        }
    }
}
