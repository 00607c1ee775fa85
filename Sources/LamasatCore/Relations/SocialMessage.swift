import Foundation

/// Where a social-media message was posted or sent ([P-16] channel 3).
public enum SocialPlatform: String, CaseIterable, Codable, Sendable, LocalizedChoice {
    case x, instagram, snapchat, tiktok, facebook, youtube, linkedin, other
    public var localizationKey: String { "social.platform.\(rawValue)" }
}

/// A pasted message waits (new) until an officer turns it into a record (handled) or sets it aside (dismissed).
public enum SocialMessageStatus: String, CaseIterable, Codable, Sendable, LocalizedChoice {
    case new, handled, dismissed
    public var localizationKey: String { "social.status.\(rawValue)" }
}

/// What a handled message became.
public enum SocialOutcome: String, CaseIterable, Codable, Sendable, LocalizedChoice {
    case contact, inquiry, complaint, suggestion
    public var localizationKey: String { "social.outcome.\(rawValue)" }
}

/// The checks of a pasted message that need no database.
public enum SocialMessageRules {
    public static let handleLimit = 100
    public static let textLimit = 4000
    public static let linkLimit = 500

    public enum LinkProblem: Error, Equatable { case notWeb, tooLong }

    /// The link as given when it is an absolute http(s) address with a host and no spaces; "" stays "" (no link).
    public static func link(_ raw: String) -> Result<String, LinkProblem> {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .success("") }
        guard trimmed.count <= linkLimit else { return .failure(.tooLong) }
        guard !trimmed.contains(where: \.isWhitespace), let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, host.contains("."), !host.hasPrefix("."), !host.hasSuffix(".")
        else { return .failure(.notWeb) }
        return .success(trimmed)
    }

    public enum MomentProblem: Error, Equatable { case unreadable, future, tooOld }

    /// When it was posted or received, typed as a browser's `datetime-local` ("2026-11-25T09:30", Riyadh time, any
    /// digits); empty means now. Never after `now`, never before 2004 (no platform of the list is older).
    public static func receivedAt(_ raw: String, now: Date) -> Result<Date, MomentProblem> {
        let typed = ArabicDigits.westernized(raw.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !typed.isEmpty else { return .success(now) }
        let parts = typed.split(whereSeparator: { "-T: ".contains($0) }).map(String.init)
        let numbers = parts.compactMap { $0.allSatisfy(\.isASCII) ? Int($0) : nil }
        guard (5...6).contains(parts.count), numbers.count == parts.count else { return .failure(.unreadable) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        let components = DateComponents(year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4],
                                        second: numbers.count > 5 ? numbers[5] : 0)
        // Foundation rolls 31 February into March: a date that does not read back the same was not a date.
        guard let moment = calendar.date(from: components) else { return .failure(.unreadable) }
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: moment)
        guard [back.year, back.month, back.day, back.hour, back.minute] == numbers.prefix(5).map(Optional.some) else { return .failure(.unreadable) }
        guard numbers[0] >= 2004 else { return .failure(.tooOld) }
        guard moment <= now else { return .failure(.future) }
        return .success(moment)
    }

    /// What makes two entries the same message: the platform, the handle without "@" and case, the text with its
    /// spaces collapsed, and the link. A message pasted twice the same day is refused as already entered.
    public static func fingerprint(platform: SocialPlatform, handle: String, text: String, link: String) -> String {
        let bareHandle = handle.trimmingCharacters(in: .whitespacesAndNewlines).drop { $0 == "@" }.lowercased()
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return [platform.rawValue, bareHandle, words, link].joined(separator: "\u{1F}")
    }

    /// How long a repeated entry counts as the same message.
    public static let duplicateWindow: TimeInterval = 86_400
}
