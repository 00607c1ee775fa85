import Foundation

/// The rules of a beneficiary's sign-in code: six digits, ten minutes, one use, five tries; and how often codes may
/// be asked for one national ID and from one address.
public struct OneTimeCodePolicy: Sendable, Equatable {
    public var digits = 6
    public var lifetime: TimeInterval = 10 * 60
    public var maximumTries = 5
    /// Codes asked for one ID within `window`.
    public var perIdentity = 3
    /// Codes asked from one address within `window`.
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

    public enum Refusal: String, Sendable, Equatable {
        case tooManyForIdentity, tooManyForAddress
    }

    /// Whether one more code may be sent, given the times of the recent requests for this ID and from this address.
    public func mayIssue(identityRequests: [Date], addressRequests: [Date], now: Date) -> Refusal? {
        let since = now.addingTimeInterval(-window)
        if identityRequests.filter({ $0 > since }).count >= perIdentity { return .tooManyForIdentity }
        if addressRequests.filter({ $0 > since }).count >= perAddress { return .tooManyForAddress }
        return nil
    }

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
