import Foundation
import PropertyBased
import Testing
@testable import LamasatCore

@Suite("Satisfaction arithmetic, survey codes, answers and CSV")
struct SatisfactionRulesTests {
    static func answer(_ month: String, overall: Int?, staff: String? = nil, branch: String = "A", service: String = "rent") -> SurveyAnswerFacts {
        SurveyAnswerFacts(month: month, serviceType: service, branch: branch, channel: staff == nil ? nil : "phone", staff: staff, overall: overall)
    }

    @Test("the score is the share of 4s and 5s among overall answers; no answers give no score, not zero")
    func score() {
        // 5, 4, 4 satisfied of 5, 4, 4, 3, 1, 2, 5 → 4 of 7.
        let value = SatisfactionMath.score([5, 4, 4, 3, 1, 2, 5])
        #expect(value == 400.0 / 7.0)
        #expect(SatisfactionMath.percent(value) == "57")
        #expect(SatisfactionMath.score([]) == nil)
        #expect(SatisfactionMath.percent(nil) == nil)
        #expect(SatisfactionMath.percent(62.5) == "63" && SatisfactionMath.percent(62.49) == "62")
        #expect(SatisfactionMath.oneDecimal(SatisfactionMath.average([5, 4, 4, 3])) == "4.0")
        #expect(SatisfactionMath.oneDecimal(SatisfactionMath.average([5, 4])) == "4.5")
        #expect(SatisfactionMath.oneDecimal(SatisfactionMath.average([1, 2, 2])) == "1.7")
        #expect(SatisfactionMath.rate(answered: 3, invited: 8) == 37.5)
        #expect(SatisfactionMath.rate(answered: 0, invited: 0) == nil)
    }

    @Test("staff groups under five answers are hidden and counted; anonymous answers belong to no one")
    func staffMinimum() {
        var answers = (0..<5).map { Self.answer("2026-11", overall: $0 < 4 ? 5 : 2, staff: "noura") }
        answers += (0..<4).map { _ in Self.answer("2026-11", overall: 1, staff: "huda") }
        answers += (0..<6).map { _ in Self.answer("2026-11", overall: 5) }
        let (groups, hidden) = SatisfactionMath.groups(answers, by: \.staff, minimum: SatisfactionMath.minimumGroup)
        #expect(groups == [.init(key: "noura", count: 5, score: 80)])
        #expect(hidden == 1)
        let branches = SatisfactionMath.groups(answers + [Self.answer("2026-10", overall: 4, branch: "B")], by: \.branch)
        #expect(branches.groups.map(\.key) == ["A", "B"] && branches.groups.map(\.count) == [15, 1] && branches.hidden == 0)
        // Five answers but one overall score: that score is one person's, so the group stays hidden.
        let sparse = (0..<5).map { Self.answer("2026-11", overall: $0 == 0 ? 1 : nil, staff: "reem") }
        #expect(SatisfactionMath.groups(sparse, by: \.staff, minimum: SatisfactionMath.minimumGroup) == ([], 1))
    }

    @Test("a low overall score asks for recovery; without one, any scale answer of 1 or 2 does")
    func recovery() {
        #expect(SatisfactionMath.needsRecovery(overall: 2, scales: [5, 5]))
        #expect(!SatisfactionMath.needsRecovery(overall: 3, scales: [1, 1]))
        #expect(SatisfactionMath.needsRecovery(overall: nil, scales: [4, 1]))
        #expect(!SatisfactionMath.needsRecovery(overall: nil, scales: [3, 4]))
    }

    @Test("answers are read strictly: 1–5, yes/no, a listed choice; text has a limit; required ones must be there", arguments: [
        ("5", SurveyQuestionKind.scale, true, Result<Int?, SurveyAnswerRule.Problem>.success(5)),
        ("٣", .scale, true, .success(3)),
        ("6", .scale, true, .failure(.outOfRange)),
        ("0", .scale, false, .failure(.outOfRange)),
        ("", .scale, true, .failure(.required)),
        ("", .scale, false, .success(nil)),
        ("yes", .yesNo, true, .success(1)),
        ("no", .yesNo, true, .success(0)),
        ("maybe", .yesNo, true, .failure(.outOfRange)),
        ("2", .choice, true, .success(2)),
        ("3", .choice, true, .failure(.outOfRange)),
        ("-1", .choice, true, .failure(.outOfRange)),
        ("anything", .text, true, .success(nil)),
    ])
    func answers(typed: String, kind: SurveyQuestionKind, required: Bool, expected: Result<Int?, SurveyAnswerRule.Problem>) {
        #expect(SurveyAnswerRule.score(typed, kind: kind, choices: 3, required: required) == expected)
    }

    @Test("a long comment is refused")
    func longText() {
        #expect(SurveyAnswerRule.text(String(repeating: "ر", count: 1000)) == .success(String(repeating: "ر", count: 1000)))
        #expect(SurveyAnswerRule.text(String(repeating: "ر", count: 1001)) == .failure(.tooLong))
    }

    @Test("every generated code reads back as itself however it is typed: grouped, lower case, O for 0 and I or L for 1")
    func tokens() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int.max)) { seed in
            var generator = SplitMix64(seed: UInt64(seed))
            let token = SurveyToken.generate(using: &generator)
            #expect(token.count == SurveyToken.length)
            #expect(SurveyToken.canonical(token) == token)
            #expect(SurveyToken.canonical(SurveyToken.grouped(token).lowercased()) == token)
            let lookalike = token.replacingOccurrences(of: "0", with: "O").replacingOccurrences(of: "1", with: "l")
            #expect(SurveyToken.canonical(lookalike) == token)
        }
        #expect(SurveyToken.canonical("ABCD-EFGH-JKMN-PQR") == nil)
        #expect(SurveyToken.canonical("ABCD-EFGH-JKMN-PQRU") == nil, "U is not in the alphabet")
        #expect(SurveyToken.canonical("../../etc/passwd") == nil)
        #expect(SurveyToken.grouped("0123456789ABCDEF") == "0123-4567-89AB-CDEF")
    }

    @Test("the trend chart leaves a gap for a month without answers and maps 0–100 onto the plot")
    func chart() {
        let chart = TrendChart(series: [("09", 50), ("10", nil), ("11", 100), ("12", 0)])
        #expect(chart.points.count == 3)
        #expect(chart.lines.count == 1, "a single point before the gap draws no line")
        #expect(chart.lines[0].split(separator: " ").count == 2)
        let top = chart.points.first { $0.label == "11" }!, bottom = chart.points.first { $0.label == "12" }!
        #expect(top.y < chart.points[0].y && chart.points[0].y < bottom.y)
        #expect(chart.gridlines.first?.y == bottom.y && chart.gridlines.last?.y == top.y)
        #expect(chart.months.count == 4 && chart.months.map(\.x) == chart.months.map(\.x).sorted())
        #expect(TrendChart(series: []).points.isEmpty)
    }

    @Test("CSV starts with a byte-order mark, quotes what needs it and makes formulas inert")
    func csv() {
        let text = CSV.document(header: ["الشهر", "ملاحظة"], rows: [["2026-11", "جيد، \"شكرًا\""], ["2026-12", "=HYPERLINK(\"x\")"], ["x", "a\nb"]])
        #expect(text.hasPrefix("\u{FEFF}الشهر,ملاحظة\r\n"))
        #expect(text.contains("2026-11,\"جيد، \"\"شكرًا\"\"\""))
        #expect(text.contains("2026-12,\"'=HYPERLINK(\"\"x\"\")\""))
        #expect(text.hasSuffix("x,\"a\nb\"\r\n"))
        #expect(CSV.field("-5") == "'-5" && CSV.field("plain") == "plain" && CSV.field("جيد، شكرًا") == "جيد، شكرًا")
    }
}
