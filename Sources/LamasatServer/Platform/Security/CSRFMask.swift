import Foundation

/// A page compressed with gzip that carries a secret next to text the visitor chose (a search box) leaks the secret
/// to whoever can watch the sizes of many responses (BREACH). So a page never carries the CSRF secret itself: each
/// use gets a fresh random pad and the secret XOR the pad, which changes every time and compresses to nothing useful.
enum CSRFMask {
    /// Marks a masked token; the secret's own alphabet (base64url) never holds it.
    static let marker = "~"

    static func mask(_ secret: String) -> String {
        let plain = Array(secret.utf8)
        var generator = SystemRandomNumberGenerator()
        let pad = (0..<plain.count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return marker + base64url(pad + zip(pad, plain).map { $0 ^ $1 })
    }

    /// Whether `provided` (masked, or the bare secret from a script that read it elsewhere) stands for `secret`.
    static func matches(_ provided: String, secret: String) -> Bool {
        guard provided.hasPrefix(marker) else { return SessionTokens.constantTimeEquals(provided, secret) }
        guard let bytes = fromBase64url(String(provided.dropFirst(marker.count))), bytes.count % 2 == 0 else { return false }
        let half = bytes.count / 2
        let unmasked = zip(bytes[..<half], bytes[half...]).map { $0 ^ $1 }
        return SessionTokens.constantTimeEquals(String(decoding: unmasked, as: UTF8.self), secret)
    }

    private static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func fromBase64url(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }
}
