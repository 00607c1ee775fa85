import Foundation

/// How the social researcher meets the family ([P-8]: serve her from where she is).
public enum ResearchVisitKind: String, CaseIterable, Codable, Sendable {
    case homeVisit, officeInterview, phone, video
    public var localizationKey: String { "research.visit.\(rawValue)" }
    /// A home visit needs the address where it takes place.
    public var needsAddress: Bool { self == .homeVisit }
}

public enum ResearchVisitStatus: String, CaseIterable, Codable, Sendable {
    case scheduled, done, cancelled
    public var localizationKey: String { "research.visitStatus.\(rawValue)" }
}

/// The researcher's recommendation to the committee.
public enum ResearchRecommendation: String, CaseIterable, Codable, Sendable {
    case approve, reject
    public var localizationKey: String { "research.recommendation.\(rawValue)" }
}

/// Where a service was delivered ([P-24], [P-8]).
public enum DeliveryPlace: String, CaseIterable, Codable, Sendable {
    case office, herLocation, online, volunteer
    public var localizationKey: String { "delivery.place.\(rawValue)" }
}

/// How the applicant's declaration was given ([P-21]).
public enum DeclarationMethod: String, CaseIterable, Codable, Sendable {
    case drawn, scanned, typed
    public var localizationKey: String { "declaration.method.\(rawValue)" }
}

/// How often one household may receive a support type.
public enum EntitlementRule {
    /// The first day the household may receive the support again, or nil when it may already.
    public static func nextEligible(lastReceived: Date?, frequencyMonths: Int, now: Date) -> Date? {
        guard frequencyMonths > 0, let lastReceived else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        guard let next = calendar.date(byAdding: .month, value: frequencyMonths, to: lastReceived) else { return nil }
        return next > now ? next : nil
    }
}

/// A signature drawn on the pad arrives as a PNG data URL; only a real PNG of a sensible size is kept.
public enum DrawnSignature {
    public static let maximumBytes = 512 * 1024
    static let prefix = "data:image/png;base64,"

    public enum Problem: Error, Sendable, Equatable { case missing, notPNG, tooLarge }

    public static func decode(_ dataURL: String) throws(Problem) -> [UInt8] {
        let trimmed = dataURL.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .missing }
        guard trimmed.hasPrefix(prefix) else { throw .notPNG }
        guard trimmed.count <= (maximumBytes + 2) / 3 * 4 + prefix.count else { throw .tooLarge }
        guard let data = Data(base64Encoded: String(trimmed.dropFirst(prefix.count))) else { throw .notPNG }
        let bytes = [UInt8](data)
        guard bytes.count <= maximumBytes else { throw .tooLarge }
        guard UploadedFileKind.detect(bytes) == .png else { throw .notPNG }
        return bytes
    }
}
