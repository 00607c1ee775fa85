/// One answered survey as the results see it: no name, no file, no request.
public struct SurveyAnswerFacts: Sendable, Equatable {
    public var month: String
    public var serviceType: String
    public var branch: String
    /// Nil for an anonymous answer.
    public var channel: String?
    /// Nil for an anonymous answer.
    public var staff: String?
    /// Question id → stored value (scale 1–5, yes 1 / no 0, choice index).
    public var values: [String: Int]
    public var overall: Int?

    public init(month: String, serviceType: String, branch: String, channel: String? = nil, staff: String? = nil, values: [String: Int] = [:], overall: Int?) {
        self.month = month
        self.serviceType = serviceType
        self.branch = branch
        self.channel = channel
        self.staff = staff
        self.values = values
        self.overall = overall
    }
}

/// The arithmetic of the results page, kept apart so that it can be checked against hand-computed values.
public enum SatisfactionMath {
    /// Results about one staff member are shown only from this many answers ([P-13]); and no result is shown for any
    /// smaller group (a month, a branch, a service), so that a handful of answers cannot point to who gave them.
    public static let minimumGroup = 5

    /// The share of satisfied answers (4 or 5) among those that gave an overall score, in percent; nil without any.
    public static func score(_ overalls: [Int]) -> Double? {
        score(satisfied: overalls.filter { $0 >= 4 }.count, of: overalls.count)
    }

    /// The same share from counts an SQL aggregate gave (satisfied answers of all overall scores).
    public static func score(satisfied: Int, of count: Int) -> Double? {
        guard count > 0 else { return nil }
        return Double(satisfied) * 100 / Double(count)
    }

    public static func average(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        return Double(values.reduce(0, +)) / Double(values.count)
    }

    /// Answered ÷ invited in percent; nil when nobody was invited.
    public static func rate(answered: Int, invited: Int) -> Double? {
        guard invited > 0 else { return nil }
        return Double(min(answered, invited)) * 100 / Double(invited)
    }

    public struct Group: Sendable, Equatable {
        public let key: String
        public let count: Int
        public let score: Double?
    }

    /// Answers grouped by a key, largest first; groups with fewer than `minimum` overall scores are left out (their
    /// answers still count in the totals) and counted in `hidden` — a group of many answers with one score would show
    /// that one person's score.
    public static func groups(_ answers: [SurveyAnswerFacts], by key: (SurveyAnswerFacts) -> String?, minimum: Int = 1) -> (groups: [Group], hidden: Int) {
        let grouped = Dictionary(grouping: answers.compactMap { answer in key(answer).map { ($0, answer) } }, by: \.0)
        var hidden = 0
        let groups = grouped.compactMap { name, members -> Group? in
            guard members.compactMap(\.1.overall).count >= minimum else {
                hidden += 1
                return nil
            }
            return Group(key: name, count: members.count, score: score(members.compactMap(\.1.overall)))
        }
        return (groups.sorted { ($0.count, $1.key) > ($1.count, $0.key) }, hidden)
    }

    /// A low overall score — or, without one, any scale answer of 1 or 2 — asks a manager to follow up when she agreed.
    public static func needsRecovery(overall: Int?, scales: [Int]) -> Bool {
        if let overall { return overall <= 2 }
        return scales.contains { $0 <= 2 }
    }

    /// A percentage as the page shows it: whole, rounded half up.
    public static func percent(_ value: Double?) -> String? {
        value.map { String(Int(($0 + 0.5).rounded(.down))) }
    }

    /// An average to one decimal.
    public static func oneDecimal(_ value: Double?) -> String? {
        value.map { v in
            let tenths = Int((v * 10 + 0.5).rounded(.down))
            return "\(tenths / 10).\(tenths % 10)"
        }
    }
}
