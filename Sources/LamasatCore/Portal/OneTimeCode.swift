import Foundation

/// The rules of a beneficiary's sign-in code: six digits, ten minutes, one use, five tries; and how often codes may
/// be asked for one national ID and from one address.
public struct OneTimeCodePolicy: Sendable, Equatable {
    public var digits = 6
    public var lifetime: TimeInterval = 10 * 60
    public var maximumTries = 5
    /// Codes sent for one ID within a window.
    public var perIdentity = 3
    /// Codes sent from one address within a window.
    public var perAddress = 10
    public var window: TimeInterval = 60 * 60

    public static let standard = OneTimeCodePolicy()

    public init() {}

    public func generate<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
    }

    public func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// What was typed, as the code it may be: digits only (Arabic-Indic accepted), spaces forgiven.
    public func canonical(_ typed: String) -> String? {
        let digits = ArabicDigits.westernized(typed).filter { !$0.isWhitespace }
        return digits.count == self.digits && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber) ? digits : nil
    }

    /// The counting window a moment falls in: codes are counted per ID and per address in fixed windows.
    public func windowIndex(_ now: Date) -> Int { Int((now.timeIntervalSince1970 / window).rounded(.down)) }

    public enum Check: Sendable, Equatable {
        case accepted, wrong(triesLeft: Int), expired, used, exhausted
    }

    /// The outcome of one try. A code that is expired, used or out of tries is refused whatever was typed.
    public func check(matches: Bool, createdAt: Date, tries: Int, used: Bool, now: Date) -> Check {
        if used { return .used }
        if now.timeIntervalSince(createdAt) >= lifetime { return .expired }
        if tries >= maximumTries { return .exhausted }
        if matches { return .accepted }
        return tries + 1 >= maximumTries ? .exhausted : .wrong(triesLeft: maximumTries - tries - 1)
    }
}
