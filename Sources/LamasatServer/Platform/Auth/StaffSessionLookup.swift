import Fluent
import LamasatCore
import SQLKit
import Vapor

/// The session, its user and her branch, read on every signed-in request, in one statement written once: Fluent's
/// join rebuilt it from 36 aliased columns on every request, a tenth of a small page's time. `StaffSessionLookupTests`
/// checks that every field of the three models is read, so a column added to them later cannot be forgotten here.
enum StaffSessionLookup {
    static func find(tokenHash: String, on db: any Database) async throws -> (session: StaffSession, user: StaffUser, branch: Branch)? {
        guard let row = try await db.sql.raw("""
            SELECT s.id AS s_id, s.token_hash AS s_token_hash, s.user_id AS s_user_id, s.csrf_token AS s_csrf_token,
                s.created_at AS s_created_at, s.last_seen_at AS s_last_seen_at, s.address AS s_address,
                s.second_factor_pending AS s_second_factor_pending,
                u.id AS u_id, u.username AS u_username, u.full_name AS u_full_name, u.email AS u_email, u.role AS u_role,
                u.scope AS u_scope, u.branch_id AS u_branch_id, u.is_active AS u_is_active, u.password_hash AS u_password_hash,
                u.must_change_password AS u_must_change_password, u.last_sign_in_at AS u_last_sign_in_at,
                u.totp_secret AS u_totp_secret, u.totp_enabled_at AS u_totp_enabled_at, u.totp_last_counter AS u_totp_last_counter,
                u.created_at AS u_created_at, u.updated_at AS u_updated_at, u.is_integration AS u_is_integration,
                b.id AS b_id, b.code AS b_code, b.name_ar AS b_name_ar, b.name_en AS b_name_en, b.city AS b_city,
                b.is_active AS b_is_active, b.created_at AS b_created_at, b.updated_at AS b_updated_at
            FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id JOIN branches b ON b.id = u.branch_id
            WHERE s.token_hash = \(bind: tokenHash)
            """).first()
        else { return nil }
        // Filled as Fluent fills a loaded model, so a later save writes only what the handler changed.
        let session = StaffSession(), user = StaffUser(), branch = Branch()
        try session.output(from: PrefixedRow(row: row, prefix: "s_"))
        try user.output(from: PrefixedRow(row: row, prefix: "u_"))
        try branch.output(from: PrefixedRow(row: row, prefix: "b_"))
        return (session, user, branch)
    }

    /// One model's columns of the joined row, told apart by their alias prefix.
    private struct PrefixedRow: DatabaseOutput {
        let row: any SQLRow
        let prefix: String

        var description: String { "\(prefix)* of \(row)" }
        func schema(_ schema: String) -> any DatabaseOutput { self }
        func contains(_ key: FieldKey) -> Bool { row.contains(column: prefix + key.description) }
        func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: prefix + key.description) }
        func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T { try row.decode(column: prefix + key.description, as: T.self) }
    }
}
