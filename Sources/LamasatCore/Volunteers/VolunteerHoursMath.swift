import Foundation

/// Approved minutes summed the three ways the coordinator reads them (issue 17): per month (in Riyadh), per
/// opportunity and per opportunity kind. Pure, so the sums are checked against hand-computed ones.
public struct VolunteerHoursTotals: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let minutes: Int
        /// When the work was done (the opportunity's start).
        public let at: Date
        public let opportunity: String
        public let kind: OpportunityKind
        public init(minutes: Int, at: Date, opportunity: String, kind: OpportunityKind) {
            (self.minutes, self.at, self.opportunity, self.kind) = (minutes, at, opportunity, kind)
        }
    }

    public let minutes: Int
    /// "yyyy-mm" → minutes, latest month first.
    public let byMonth: [(month: String, minutes: Int)]
    public let byOpportunity: [(opportunity: String, kind: OpportunityKind, minutes: Int)]
    public let byKind: [(kind: OpportunityKind, minutes: Int)]

    public init(_ entries: [Entry]) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        minutes = entries.reduce(0) { $0 + $1.minutes }
        var months: [String: Int] = [:], opportunities: [String: (OpportunityKind, Int)] = [:], kinds: [OpportunityKind: Int] = [:]
        for entry in entries {
            let parts = calendar.dateComponents([.year, .month], from: entry.at)
            months[String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0), default: 0] += entry.minutes
            opportunities[entry.opportunity, default: (entry.kind, 0)].1 += entry.minutes
            kinds[entry.kind, default: 0] += entry.minutes
        }
        byMonth = months.sorted { $0.key > $1.key }.map { ($0.key, $0.value) }
        byOpportunity = opportunities.sorted { $0.value.1 != $1.value.1 ? $0.value.1 > $1.value.1 : $0.key < $1.key }.map { ($0.key, $0.value.0, $0.value.1) }
        byKind = OpportunityKind.allCases.compactMap { kind in kinds[kind].map { (kind, $0) } }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.minutes == b.minutes && a.byMonth.map(\.month) == b.byMonth.map(\.month) && a.byMonth.map(\.minutes) == b.byMonth.map(\.minutes)
            && a.byKind.map(\.kind) == b.byKind.map(\.kind) && a.byKind.map(\.minutes) == b.byKind.map(\.minutes)
    }

    /// Minutes as hours for people: "12.5", "3", with Western digits.
    public static func hours(_ minutes: Int) -> String {
        let tenths = Int((Double(minutes) / 6).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
    }
}

/// The verification code printed on a volunteer's certificate: 10 characters of Crockford base32 (50 random bits),
/// short enough to type from paper, far too many to guess within the verify page's rate limit. Read with the same
/// forgiveness as survey codes (case, spaces, dashes, O for 0, I and L for 1).
public enum CertificateCode {
    public static let length = 10

    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> String {
        SurveyToken.generate(length: length, using: &generator)
    }

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    public static func canonical(_ typed: String) -> String? { SurveyToken.canonical(typed, length: length) }

    /// "ABCDE-FGHJK", for print.
    public static func grouped(_ code: String) -> String { "\(code.prefix(5))-\(code.dropFirst(5))" }
}
