import Foundation

/// Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226) for staff two-factor sign-in. The HMAC is passed in
/// because this module stays free of a crypto library; the server hands it swift-crypto's.
public struct TOTP: Sendable {
    public enum Algorithm: String, Sendable, CaseIterable {
        case sha1 = "SHA1", sha256 = "SHA256", sha512 = "SHA512"
    }

    public typealias HMACFunction = @Sendable (_ algorithm: Algorithm, _ key: [UInt8], _ message: [UInt8]) -> [UInt8]

    public let secret: [UInt8]
    public let digits: Int
    public let period: TimeInterval
    public let algorithm: Algorithm
    private let hmac: HMACFunction

    /// Digits 6…10 and a whole number of seconds per step, as authenticator apps and otpauth URIs allow.
    public init(secret: [UInt8], digits: Int = 6, period: TimeInterval = 30, algorithm: Algorithm = .sha1,
                hmac: @escaping HMACFunction) {
        precondition((6...10).contains(digits), "TOTP codes have 6 to 10 digits")
        precondition(period >= 1 && period == period.rounded(), "a TOTP step is a whole number of seconds")
        self.secret = secret
        self.digits = digits
        self.period = period
        self.algorithm = algorithm
        self.hmac = hmac
    }

    /// The number of whole steps since 1970; moments before 1970 count as step 0.
    public func counter(at date: Date) -> UInt64 {
        let steps = (date.timeIntervalSince1970 / period).rounded(.down)
        guard steps > 0 else { return 0 }
        return steps < 18_446_744_073_709_551_616.0 ? UInt64(steps) : UInt64.max
    }

    public func code(at date: Date) -> String { code(counter: counter(at: date)) }

    /// HOTP: dynamic truncation of the HMAC of the big-endian counter.
    public func code(counter: UInt64) -> String {
        let message = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (56 - 8 * $0)) }
        let digest = hmac(algorithm, secret, message)
        guard let last = digest.last, digest.count >= 20 else {
            preconditionFailure("the injected HMAC returned \(digest.count) bytes, not a whole digest")
        }
        let offset = Int(last & 0x0F)
        let binary = (UInt32(digest[offset] & 0x7F) << 24) | (UInt32(digest[offset + 1]) << 16)
            | (UInt32(digest[offset + 2]) << 8) | UInt32(digest[offset + 3])
        var modulus: UInt64 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(UInt64(binary) % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// What was typed, as the code it may be: Arabic-Indic digits made Western, spaces and hyphens dropped;
    /// nil unless exactly `digits` digits remain.
    public func normalizedCode(_ typed: String) -> String? {
        let kept = ArabicDigits.westernized(typed).unicodeScalars.filter { !($0.properties.isWhitespace || $0 == "-") }
        guard kept.count == digits, kept.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return String(String.UnicodeScalarView(kept))
    }

    /// The step whose code was typed, looking `window` steps either side of now for a phone clock that is a little
    /// off. The caller stores the step and passes it back as `lastUsedCounter`, so a code (or an older one) cannot
    /// be replayed. Every candidate is compared, in constant time, so timing tells nothing about which matched.
    public func matchingCounter(for typed: String, at date: Date, window: Int = 1, after lastUsedCounter: UInt64? = nil) -> UInt64? {
        guard let typed = normalizedCode(typed) else { return nil }
        let current = counter(at: date)
        var match: UInt64?
        // Nearest steps first, so a rare collision favours the current step.
        for distance in 0...max(0, window) {
            for candidate in Self.steps(current, distance) {
                if let lastUsedCounter, candidate <= lastUsedCounter { continue }
                if Self.constantTimeEqual(code(counter: candidate), typed), match == nil { match = candidate }
            }
        }
        return match
    }

    private static func steps(_ current: UInt64, _ distance: Int) -> [UInt64] {
        guard distance > 0 else { return [current] }
        let delta = UInt64(distance)
        let earlier = current >= delta ? current - delta : nil
        let later = current <= UInt64.max - delta ? current + delta : nil
        return [earlier, later].compactMap { $0 }
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8), b = Array(b.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

// MARK: - Enrolment

extension TOTP {
    /// 20 bytes by default: the HMAC-SHA1 block size RFC 4226 recommends.
    public static func randomSecret(byteCount: Int = 20, using rng: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<byteCount).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// The otpauth URI (Google Authenticator key URI format) that the enrolment QR code carries. Issuer and account
    /// are percent-encoded, so a colon, space or Arabic letter in either cannot break the label.
    public static func provisioningURI(secret: [UInt8], account: String, issuer: String, algorithm: Algorithm = .sha1,
                                       digits: Int = 6, period: TimeInterval = 30) -> String {
        let issuer = percentEncoded(issuer)
        return "otpauth://totp/\(issuer):\(percentEncoded(account))?secret=\(Base32.encode(secret))&issuer=\(issuer)"
            + "&algorithm=\(algorithm.rawValue)&digits=\(digits)&period=\(Int(period))"
    }

    /// RFC 3986: everything but the unreserved characters, as UTF-8 bytes in upper-case hex.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            default:
                output += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

// MARK: - Recovery codes

extension TOTP {
    /// 32 symbols (5 bits each) with none that reads like another: no 0/o and no 1/l.
    private static let recoveryAlphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")

    /// Distinct codes like `k7mq-x2ad-9f`: ten symbols, 50 bits each, for a staff member who lost the phone.
    public static func recoveryCodes(count: Int = 10, using rng: inout some RandomNumberGenerator) -> [String] {
        var codes: [String] = []
        var seen = Set<String>()
        while codes.count < count {
            let symbols = (0..<10).map { _ in recoveryAlphabet[Int.random(in: 0..<recoveryAlphabet.count, using: &rng)] }
            let code = String(symbols[0..<4]) + "-" + String(symbols[4..<8]) + "-" + String(symbols[8..<10])
            if seen.insert(code).inserted { codes.append(code) }
        }
        return codes
    }

    /// The form codes are stored and compared in: lower case, without spaces or hyphens, Arabic-Indic digits made
    /// Western.
    public static func normalizeRecoveryCode(_ typed: String) -> String {
        String(ArabicDigits.westernized(typed).lowercased().unicodeScalars.filter { !($0.properties.isWhitespace || $0 == "-") })
    }
}
