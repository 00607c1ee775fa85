import Fluent

/// Issue 13's controls: an acting chair per agenda item, staff two-factor sign-in with recovery codes, and a
/// guarded audit chain head (it only moves forward, one row at a time, to a hash that a row really has) and no
/// TRUNCATE of the audit trail.
struct M0023AddTrustControls: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await guardAuditHead(database)
        try await database.schema("committee_agenda").field("acting_chair_id", .uuid).update()
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
        try await database.schema("staff_sessions").field("second_factor_pending", .bool, .required, .sql(.default(false))).update()
        try await database.schema("organization_settings").field("second_factor_all_staff", .bool, .required, .sql(.default(false))).update()
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
        try await database.schema("survey_links").deleteField("tries").update()
        try await database.schema("staff_sessions").deleteField("second_factor_pending").update()
        try await database.schema("organization_settings").deleteField("second_factor_all_staff").update()
        try await database.schema("staff_recovery_codes").delete()
        try await database.schema("staff_users").deleteField("totp_last_counter").update()
        try await database.schema("staff_users").deleteField("totp_enabled_at").update()
        try await database.schema("staff_users").deleteField("totp_secret").update()
        try await database.schema("committee_agenda").deleteField("acting_chair_id").update()
    }
}
