import Fluent
import LamasatCore
import SQLKit
import Vapor

/// Two-factor sign-in for staff (TOTP, RFC 6238) with single-use recovery codes. Required for administrators,
/// managers and finance officers (who send money to the bank), and for every role when the administrator turns it
/// on. The secret is sealed with a key derived from the server secret, so a copy of the database alone cannot make
/// codes.
enum SecondFactor {
    static let requiredRoles: Set<Role> = [.admin, .manager, .financeOfficer]
    static let issuer = "Lamasat"
    /// How long a half-finished sign-in (password right, code not yet typed) stays open.
    static let pendingLifetime: TimeInterval = 5 * 60
    /// Wrong codes allowed in one half-finished sign-in before it is ended.
    static let maximumTries = 5

    static func isRequired(for role: Role, allStaff: Bool) -> Bool { allStaff || requiredRoles.contains(role) }

    static func isRequired(for user: StaffUser, on db: any Database) async throws -> Bool {
        if requiredRoles.contains(user.role) { return true }
        return try await SecondFactorSetting.allStaff(on: db)
    }

    static func totp(_ secret: [UInt8]) -> LamasatCore.TOTP {
        LamasatCore.TOTP(secret: secret) { algorithm, key, message in
            let symmetric = SymmetricKey(data: key)
            return switch algorithm {
            case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: symmetric))
            case .sha256: Array(HMAC<SHA256>.authenticationCode(for: message, using: symmetric))
            case .sha512: Array(HMAC<SHA512>.authenticationCode(for: message, using: symmetric))
            }
        }
    }

    /// Sealed for one account: her id is authenticated with it, so a sealed secret copied to another row opens nothing.
    static func seal(_ secret: [UInt8], key: SymmetricKey, for user: StaffUser) throws -> String {
        try ChaChaPoly.seal(secret, using: key, authenticating: Data(try user.requireID().uuidString.utf8)).combined.base64EncodedString()
    }

    static func unseal(_ sealed: String?, key: SymmetricKey, for user: StaffUser) -> [UInt8]? {
        guard let sealed, let data = Data(base64Encoded: sealed), let box = try? ChaChaPoly.SealedBox(combined: data),
              let secret = try? ChaChaPoly.open(box, using: key, authenticating: Data(try user.requireID().uuidString.utf8))
        else { return nil }
        return Array(secret)
    }

    /// Whether `typed` is her current code (±1 step) not used before; the step is claimed by a conditional update,
    /// so the same code sent twice at once opens one sign-in.
    static func acceptCode(_ typed: String, for user: StaffUser, secret: [UInt8], now: Date, on db: any Database) async throws -> Bool {
        let generator = totp(secret)
        guard let counter = generator.matchingCounter(for: typed, at: now, after: user.totpLastCounter.map { UInt64($0) }) else { return false }
        let claimed = try await db.sql.raw("""
            UPDATE staff_users SET totp_last_counter = \(bind: Int64(counter))
            WHERE id = \(bind: try user.requireID()) AND (totp_last_counter IS NULL OR totp_last_counter < \(bind: Int64(counter))) RETURNING id
            """).all()
        return !claimed.isEmpty
    }

    /// Spends one recovery code; false when it is unknown or used.
    static func acceptRecoveryCode(_ typed: String, for user: StaffUser, req: Request, on db: any Database) async throws -> Bool {
        let normalized = LamasatCore.TOTP.normalizeRecoveryCode(typed)
        guard normalized.count >= 10 else { return false }
        let hash = req.pseudonym("recovery-code", "\(try user.requireID().uuidString):\(normalized)")
        let spent = try await db.sql.raw("""
            UPDATE staff_recovery_codes SET used_at = \(bind: req.now)
            WHERE user_id = \(bind: try user.requireID()) AND code_hash = \(bind: hash) AND used_at IS NULL RETURNING id
            """).all()
        return !spent.isEmpty
    }

    /// Ten new recovery codes, replacing any earlier ones; only their HMACs are kept.
    static func replaceRecoveryCodes(for user: StaffUser, req: Request, on db: any Database) async throws -> [String] {
        var generator = SystemRandomNumberGenerator()
        let codes = LamasatCore.TOTP.recoveryCodes(using: &generator)
        try await StaffRecoveryCode.query(on: db).filter(\.$userID == user.requireID()).delete()
        for code in codes {
            let row = StaffRecoveryCode()
            row.userID = try user.requireID()
            row.codeHash = req.pseudonym("recovery-code", "\(try user.requireID().uuidString):\(LamasatCore.TOTP.normalizeRecoveryCode(code))")
            try await row.create(on: db)
        }
        return codes
    }

    /// Removes her second factor (the administrator's `lamasat user --reset-mfa`): she enrols again at next sign-in.
    static func reset(_ user: StaffUser, on db: any Database) async throws {
        user.totpSecret = nil
        user.totpEnabledAt = nil
        user.totpLastCounter = nil
        try await user.save(on: db)
        try await StaffRecoveryCode.query(on: db).filter(\.$userID == user.requireID()).delete()
        try await db.endSessions(of: try user.requireID())
    }
}

/// One recovery code, kept as an HMAC; used once.
final class StaffRecoveryCode: Model, @unchecked Sendable {
    static let schema = "staff_recovery_codes"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
}

extension Request {
    private struct PendingKey: StorageKey { typealias Value = StaffContext }

    /// A staff member whose password was right and whose second factor is still to come.
    var pendingSignIn: StaffContext? {
        get { storage[PendingKey.self] }
        set { storage[PendingKey.self] = newValue }
    }
}
