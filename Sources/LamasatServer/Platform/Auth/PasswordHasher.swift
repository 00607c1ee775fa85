import Vapor

/// Bcrypt over a SHA-256 pre-hash. Bcrypt reads only 72 bytes — about 36 Arabic letters — so the password is first
/// condensed to 44 base64 characters, and every character of a long password counts.
struct PasswordHasher: Sendable {
    /// Production cost; tests may lower it only through `AppServices` to keep the suite fast.
    static let productionCost = 12
    var cost: Int = productionCost

    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }

    func hash(_ password: String, on pool: NIOThreadPool) async throws -> String {
        let cost = self.cost
        return try await pool.runIfActive { try Bcrypt.hash(Self.prehash(password), cost: cost) }
    }

    func verify(_ password: String, against hash: String, on pool: NIOThreadPool) async throws -> Bool {
        try await pool.runIfActive { (try? Bcrypt.verify(Self.prehash(password), created: hash)) ?? false }
    }

    /// A hash of a random password, verified against when an account is unknown so that the answer takes as long.
    static let decoyHash = (try? Bcrypt.hash(UUID().uuidString, cost: productionCost)) ?? ""
}
