import Testing
import Vapor
@testable import LamasatServer

@Suite("Password hashing")
struct PasswordHashingTests {
    /// 40 Arabic letters (80 bytes) then one different letter: beyond Bcrypt's 72 bytes.
    static let longA = String(repeating: "كلمات", count: 8) + "أ"
    static let longB = String(repeating: "كلمات", count: 8) + "ب"

    @Test("plain Bcrypt cannot tell these two long Arabic passwords apart — the reason for the pre-hash")
    func plainBcryptTruncates() throws {
        let hash = try Bcrypt.hash(Self.longA, cost: 4)
        #expect(try Bcrypt.verify(Self.longB, created: hash))
    }

    @Test("with the SHA-256 pre-hash, two long passwords differing only at the end do not both verify")
    func prehashDistinguishes() async throws {
        let pool = NIOThreadPool.singleton
        let hasher = PasswordHasher(cost: 4)
        let hash = try await hasher.hash(Self.longA, on: pool)
        #expect(try await hasher.verify(Self.longA, against: hash, on: pool))
        #expect(try await !hasher.verify(Self.longB, against: hash, on: pool))
    }

    @Test("production hashes use Bcrypt cost 12")
    func productionCost() async throws {
        let hash = try await PasswordHasher().hash("correct horse battery", on: NIOThreadPool.singleton)
        #expect(hash.hasPrefix("$2b$12$"))
    }
}
