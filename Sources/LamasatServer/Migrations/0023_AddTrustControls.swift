import Fluent
import SQLKit
import Vapor

/// Issue 13's controls: an acting chair per agenda item, staff two-factor sign-in with recovery codes, and a
/// guarded audit chain head (it only moves forward, one row at a time, to a hash that a row really has) and no
/// TRUNCATE of the audit trail.
struct M0023AddTrustControls: AsyncMigration {
    let auditKey: SymmetricKey

    func prepare(on database: any Database) async throws {
        // From the next entry on the chain is keyed; the start is recorded under the key, so rewriting the whole
        // trail with plain hashes (and clearing the mark) no longer verifies.
        try await database.schema("audit_chain_head").field("keyed_from", .int64).update()
        try await database.schema("audit_chain_head").field("keyed_tag", .string).update()
        struct Head: Decodable { let last_sequence: Int64 }
        let next = (try await database.sql.raw("SELECT last_sequence FROM audit_chain_head WHERE id = 1").first(decoding: Head.self)?.last_sequence ?? 0) + 1
        try await database.sql.raw("""
            UPDATE audit_chain_head SET keyed_from = \(bind: next), keyed_tag = \(bind: AuditChain.keyedFromTag(next, key: auditKey)) WHERE id = 1
            """).run()
        try await guardAuditHead(database)
        try await rehomeMovedFiles(database)
        try await database.schema("committee_agenda").field("acting_chair_id", .uuid).update()
        try await database.schema("outreach_runs").field("branch_id", .uuid).update()
        // A letter's outgoing number gets its own column (it was kept in last_error).
        try await database.schema("outbox_messages").field("letter_number", .string).update()
        try await database.sql.raw("""
            UPDATE outbox_messages SET letter_number = last_error, last_error = NULL
            WHERE channel = 'letter' AND status = 'sent' AND last_error LIKE 'L-%'
            """).run()
        try await database.schema("staff_users").field("totp_secret", .string).update()
        try await database.schema("staff_users").field("totp_enabled_at", .datetime).update()
        try await database.schema("staff_users").field("totp_last_counter", .int64).update()
        try await database.schema("staff_recovery_codes")
            .id()
            .field("user_id", .uuid, .required)
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .create()
        try await database.createIndex("staff_recovery_codes_user", on: "staff_recovery_codes", "user_id")
        try await database.schema("survey_links").field("tries", .int, .required, .sql(.default(0))).update()
        try await database.schema("survey_links").field("confirm_sent", .int, .required, .sql(.default(0))).update()
        try await database.schema("survey_links").field("confirm_hash", .string).update()
        try await database.schema("survey_links").field("confirm_expires_at", .datetime).update()
        try await database.schema("staff_sessions").field("second_factor_pending", .bool, .required, .sql(.default(false))).update()
        try await database.schema("organization_settings").field("second_factor_all_staff", .bool, .required, .sql(.default(false))).update()
    }

    /// Files moved before this version left their records at the old branch: they follow the file now, as a move
    /// does today — except a request still on a committee's agenda, which stays with that committee until decided,
    /// and calls still to make on the old branch's lists, which are taken off them.
    private func rehomeMovedFiles(_ database: any Database) async throws {
        for table in ["support_requests", "inquiries", "complaints", "contacts", "contact_changes", "survey_followups", "outbox_messages"] {
            let keep: SQLQueryString = table == "support_requests" ? " AND status <> 'committeeReview'" : ""
            try await database.sql.raw("""
                UPDATE \(ident: table) SET branch_id = (SELECT b.branch_id FROM beneficiaries b WHERE b.id = \(ident: table).beneficiary_id)
                WHERE beneficiary_id IS NOT NULL AND branch_id IS NOT NULL
                AND branch_id <> (SELECT b.branch_id FROM beneficiaries b WHERE b.id = \(ident: table).beneficiary_id)\(keep)
                """).run()
        }
        try await database.sql.raw("""
            DELETE FROM call_entries WHERE is_done = \(bind: false) AND list_id IN (
              SELECT l.id FROM call_lists l JOIN beneficiaries b ON b.id = call_entries.beneficiary_id WHERE l.branch_id <> b.branch_id)
            """).run()
    }

    private func guardAuditHead(_ database: any Database) async throws {
        if database.isPostgres {
            try await database.sql.raw("""
                CREATE FUNCTION lamasat_audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP <> 'UPDATE' OR NEW.id <> OLD.id
                     OR NEW.last_sequence NOT IN (OLD.last_sequence, OLD.last_sequence + 1)
                     OR (NEW.last_sequence = OLD.last_sequence + 1 AND NEW.last_hash <> OLD.last_hash)
                     OR (NEW.last_hash <> OLD.last_hash AND NOT EXISTS (
                           SELECT 1 FROM audit_entries WHERE sequence = NEW.last_sequence AND hash = NEW.last_hash))
                  THEN RAISE EXCEPTION 'audit_chain_head moves only with the chain'; END IF;
                  RETURN NEW;
                END $$
                """).run()
            try await database.sql.raw("""
                CREATE TRIGGER audit_head_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_chain_head
                FOR EACH ROW EXECUTE FUNCTION lamasat_audit_head_guard()
                """).run()
            for table in ["audit_entries", "audit_chain_head"] {
                try await database.sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: table)_no_truncate BEFORE TRUNCATE ON \(unsafeRaw: table)
                    FOR EACH STATEMENT EXECUTE FUNCTION lamasat_audit_append_only()
                    """).run()
            }
        } else {
            // SQLite has no TRUNCATE: a DELETE without WHERE fires the row triggers already in place.
            try await database.sql.raw("""
                CREATE TRIGGER audit_head_no_insert BEFORE INSERT ON audit_chain_head
                BEGIN SELECT RAISE(ABORT, 'audit_chain_head moves only with the chain'); END
                """).run()
            try await database.sql.raw("""
                CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_chain_head
                BEGIN SELECT RAISE(ABORT, 'audit_chain_head moves only with the chain'); END
                """).run()
            try await database.sql.raw("""
                CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_chain_head
                WHEN NEW.id <> OLD.id
                  OR NEW.last_sequence NOT IN (OLD.last_sequence, OLD.last_sequence + 1)
                  OR (NEW.last_sequence = OLD.last_sequence + 1 AND NEW.last_hash <> OLD.last_hash)
                  OR (NEW.last_hash <> OLD.last_hash AND NOT EXISTS (
                        SELECT 1 FROM audit_entries WHERE sequence = NEW.last_sequence AND hash = NEW.last_hash))
                BEGIN SELECT RAISE(ABORT, 'audit_chain_head moves only with the chain'); END
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        if database.isPostgres {
            for (trigger, table) in [("audit_head_guard", "audit_chain_head"), ("audit_entries_no_truncate", "audit_entries"),
                                     ("audit_chain_head_no_truncate", "audit_chain_head")] {
                try await database.sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger) ON \(unsafeRaw: table)").run()
            }
            try await database.sql.raw("DROP FUNCTION IF EXISTS lamasat_audit_head_guard()").run()
        } else {
            for trigger in ["audit_head_no_insert", "audit_head_no_delete", "audit_head_forward_only"] {
                try await database.sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger)").run()
            }
        }
        for field in ["tries", "confirm_sent", "confirm_hash", "confirm_expires_at"] {
            try await database.schema("survey_links").deleteField(.string(field)).update()
        }
        try await database.schema("staff_sessions").deleteField("second_factor_pending").update()
        try await database.schema("organization_settings").deleteField("second_factor_all_staff").update()
        try await database.schema("staff_recovery_codes").delete()
        try await database.schema("staff_users").deleteField("totp_last_counter").update()
        try await database.schema("staff_users").deleteField("totp_enabled_at").update()
        try await database.schema("staff_users").deleteField("totp_secret").update()
        try await database.schema("committee_agenda").deleteField("acting_chair_id").update()
        try await database.schema("outreach_runs").deleteField("branch_id").update()
        try await database.schema("outbox_messages").deleteField("letter_number").update()
        try await database.schema("audit_chain_head").deleteField("keyed_tag").update()
        try await database.schema("audit_chain_head").deleteField("keyed_from").update()
    }
}
