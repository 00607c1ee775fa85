import Vapor

/// SHA-256 as 64 lower-case hex digits: token and key hashes, the audit chain, document fingerprints.
func sha256Hex(_ bytes: some DataProtocol) -> String {
    hexString(SHA256.hash(data: bytes))
}

/// Bytes (a digest, an authentication code) as lower-case hex digits.
func hexString(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}
