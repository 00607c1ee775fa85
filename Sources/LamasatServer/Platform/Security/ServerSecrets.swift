import Foundation
import Vapor

/// The server's own keys. Pseudonymous keys (national IDs, addresses and usernames in throttles) are HMACs with
/// `pseudonyms`, so a copy of the database alone cannot tell whose they are; the audit chain is an HMAC chain with
/// `audit`, so rows rewritten by someone with only database access no longer verify.
struct ServerSecrets: Sendable {
    let pseudonyms: SymmetricKey
    let audit: SymmetricKey
    /// Seals staff members' TOTP secrets at rest.
    let sealing: SymmetricKey

    static let minimumLength = 32

    /// `LAMASAT_SECRET` when set, else a random secret kept in `<data>/server-secret` (created once, mode 0600);
    /// an in-memory database gets a fresh one. `LAMASAT_AUDIT_KEY` keys the audit chain; without it a key is
    /// derived from the server secret.
    static func load(_ config: AppConfig, environment: [String: String]) throws -> ServerSecrets {
        let secret: Data
        if let raw = environment["LAMASAT_SECRET"], !raw.isEmpty {
            guard raw.utf8.count >= minimumLength else {
                throw AppConfig.Problem(variable: "LAMASAT_SECRET", message: "must be at least \(minimumLength) characters")
            }
            secret = Data(raw.utf8)
        } else if config.database == .sqliteMemory {
            secret = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        } else {
            secret = try storedSecret(in: config.dataDirectory)
        }
        let master = SymmetricKey(data: secret)
        let auditKey: SymmetricKey
        if let raw = environment["LAMASAT_AUDIT_KEY"], !raw.isEmpty {
            guard raw.utf8.count >= minimumLength else {
                throw AppConfig.Problem(variable: "LAMASAT_AUDIT_KEY", message: "must be at least \(minimumLength) characters")
            }
            auditKey = SymmetricKey(data: Data(raw.utf8))
        } else {
            auditKey = derive(master, "lamasat audit chain")
        }
        return ServerSecrets(pseudonyms: derive(master, "lamasat pseudonyms"), audit: auditKey, sealing: derive(master, "lamasat sealed secrets"))
    }

    private static func derive(_ master: SymmetricKey, _ purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data(purpose.utf8), outputByteCount: 32)
    }

    /// The secret kept beside the data. Written whole to a temporary file, flushed, then linked to its name (a link
    /// never replaces an existing file), so two processes starting together agree on one and a crash leaves either
    /// no secret or a whole one. Never overwritten: a file that exists but cannot be read stops the start, since a
    /// new secret would make every sealed authenticator secret unreadable and the audit trail unverifiable.
    private static func storedSecret(in folder: String) throws -> Data {
        let path = URL(fileURLWithPath: folder).appendingPathComponent("server-secret").path
        func problem(_ message: String) -> AppConfig.Problem { AppConfig.Problem(variable: "LAMASAT_DATA_DIR", message: message) }
        if FileManager.default.fileExists(atPath: path) {
            guard let existing = FileManager.default.contents(atPath: path), existing.count >= minimumLength else {
                throw problem("holds \(path), which cannot be read or is too short; restore it or set LAMASAT_SECRET")
            }
            return existing
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fresh = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedData()
        let temporary = path + ".\(getpid()).\(UUID().uuidString.prefix(8))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw problem("cannot create the server secret at \(path)") }
        defer { unlink(temporary) }
        let written = fresh.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let flushed = fsync(descriptor) == 0
        close(descriptor)
        guard written == fresh.count, flushed else { throw problem("cannot write the server secret at \(path)") }
        if link(temporary, path) != 0 {
            // Another process made it first: use that one.
            guard errno == EEXIST, let existing = FileManager.default.contents(atPath: path), existing.count >= minimumLength else {
                throw problem("cannot create the server secret at \(path)")
            }
            return existing
        }
        return fresh
    }

    /// The HMAC-SHA256 of `purpose:value` as hex: the same person gives the same key, and only this server can
    /// compute it.
    func pseudonym(_ purpose: String, _ value: String) -> String {
        hexString(HMAC<SHA256>.authenticationCode(for: Data("\(purpose):\(value)".utf8), using: pseudonyms))
    }
}

extension Request {
    func pseudonym(_ purpose: String, _ value: String) -> String { lamasat.secrets.pseudonym(purpose, value) }
}
