import Vapor

/// SHA-256 as 64 lower-case hex digits: token and key hashes, the audit chain, document fingerprints.
func sha256Hex(_ bytes: some DataProtocol) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}
