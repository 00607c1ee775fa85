import Fluent
import LamasatCore
import Vapor

/// The answers a results page or export covers: a range of months, one branch or all she may see, one service type
/// or all. Bad filters are refused with a message and the default range is shown instead.
struct SurveyFilter: Sendable {
    var from: String
    var to: String
    var branchID: UUID?
    var serviceType: String?

    static let longestRange = 36

    static func month(_ text: String) -> (year: Int, month: Int)? {
        let parts = ArabicDigits.westernized(text).split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              (2000...2100).contains(year), (1...12).contains(month) else { return nil }
        return (year, month)
    }

    /// The first moment, in Riyadh, of a "yyyy-mm" month (or of the month `plusMonths` after it).
    static func start(of month: String, plusMonths: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        guard let (year, number) = Self.month(month),
              let first = calendar.date(from: DateComponents(year: year, month: number, day: 1)),
              let moved = calendar.date(byAdding: .month, value: plusMonths, to: first) else { return .distantPast }
        return moved
    }

    /// The months from `from` to `to`, both included.
    static func months(from: String, to: String) -> [String] {
        guard var current = month(from), let last = month(to) else { return [] }
        var result: [String] = []
        while (current.year, current.month) <= (last.year, last.month) && result.count <= longestRange {
            result.append(String(format: "%04d-%02d", current.year, current.month))
            current = current.month == 12 ? (current.year + 1, 1) : (current.year, current.month + 1)
        }
        return result
    }

    static func parse(_ req: Request) throws -> (filter: SurveyFilter, errors: FieldErrors) {
        let staff = try req.requireStaff()
        let thisMonth = String(CalendarDay.today(req.now).description.prefix(7))
        let defaultFrom = month(thisMonth).map { now in
            let index = now.year * 12 + now.month - 1 - 11
            return String(format: "%04d-%02d", index / 12, index % 12 + 1)
        } ?? thisMonth
        var errors: FieldErrors = [:]
        func read(_ name: String, _ fallback: String) -> String {
            let typed = (req.query[String.self, at: name] ?? "").trimmingWhitespace()
            if typed.isEmpty { return fallback }
            guard month(typed) != nil else {
                errors[name] = req.t("satisfaction.error.month")
                return fallback
            }
            return ArabicDigits.westernized(typed)
        }
        var from = read("from", defaultFrom), to = read("to", thisMonth)
        if errors.isEmpty && (from > to || months(from: from, to: to).count > longestRange) {
            errors["to"] = req.t("satisfaction.error.range", String(longestRange))
            (from, to) = (defaultFrom, thisMonth)
        }
        var branchID = UUID(uuidString: req.query[String.self, at: "branch"] ?? "")
        // Her own branch only, whatever the address says.
        if let own = staff.ownBranchOnly { branchID = own }
        let service = (req.query[String.self, at: "service"] ?? "").trimmingWhitespace()
        return (SurveyFilter(from: from, to: to, branchID: branchID, serviceType: service.isEmpty ? nil : String(service.prefix(40))), errors)
    }

    func apply(_ query: QueryBuilder<SurveyResponse>) -> QueryBuilder<SurveyResponse> {
        query.filter(\.$month >= from).filter(\.$month <= to)
        if let branchID { query.filter(\.$branchID == branchID) }
        if let serviceType { query.filter(\.$serviceType == serviceType) }
        return query
    }

    /// The answers of the responses the filter covers, joined to their response.
    func answers(on db: any Database) -> QueryBuilder<SurveyAnswer> {
        let query = SurveyAnswer.query(on: db).join(SurveyResponse.self, on: \SurveyAnswer.$responseID == \SurveyResponse.$id)
            .filter(SurveyResponse.self, \.$month >= from).filter(SurveyResponse.self, \.$month <= to)
        if let branchID { query.filter(SurveyResponse.self, \.$branchID == branchID) }
        if let serviceType { query.filter(SurveyResponse.self, \.$serviceType == serviceType) }
        return query
    }

    var queryItems: [String: String] {
        ["from": from, "to": to, "branch": branchID?.uuidString ?? "", "service": serviceType ?? ""]
    }
}

/// What the filter covers, loaded once: the responses, their answers, the questions, and the invitations sent.
struct SurveyData {
    let responses: [SurveyResponse]
    let answers: [UUID: [SurveyAnswer]]
    let questions: [UUID: SurveyQuestion]
    let invited: Int
    let answered: Int

    static func load(_ filter: SurveyFilter, on db: any Database) async throws -> SurveyData {
        let responses = try await filter.apply(SurveyResponse.query(on: db)).all()
        let answers = Dictionary(grouping: try await filter.answers(on: db).all(), by: \.responseID)
        let questions = Dictionary(uniqueKeysWithValues: try await SurveyQuestion.query(on: db).all().map { (try $0.requireID(), $0) })
        // Invitations sent in the months of the filter (Riyadh months), answered or not.
        let invitations = SurveyInvitation.query(on: db).filter(\.$createdAt >= SurveyFilter.start(of: filter.from))
            .filter(\.$createdAt < SurveyFilter.start(of: filter.to, plusMonths: 1))
        if let branchID = filter.branchID { invitations.filter(\.$branchID == branchID) }
        if let serviceType = filter.serviceType { invitations.filter(\.$serviceType == serviceType) }
        let sent = try await invitations.all()
        return SurveyData(responses: responses, answers: answers, questions: questions, invited: sent.count, answered: sent.filter(\.isAnswered).count)
    }

    /// The questions that have answers here, in their templates' order.
    var askedQuestions: [SurveyQuestion] {
        questions.values.filter { q in answers.values.contains { $0.contains { $0.questionID == q.id } } }
            .sorted { ($0.templateID.uuidString, $0.position) < ($1.templateID.uuidString, $1.position) }
    }

    /// Answers of a response (none for one not saved).
    private func answers(of response: SurveyResponse) -> [SurveyAnswer] { response.id.flatMap { answers[$0] } ?? [] }

    func overall(_ response: SurveyResponse) -> Int? {
        answers(of: response).first { questions[$0.questionID]?.aspect == .overall && questions[$0.questionID]?.kind == .scale }?.score
    }

    var facts: [SurveyAnswerFacts] {
        responses.map { response in
            SurveyAnswerFacts(month: response.month, serviceType: response.serviceType, branch: response.branchID.uuidString,
                              channel: response.channel, staff: response.staffID?.uuidString,
                              values: Dictionary(answers(of: response).compactMap { a in a.score.map { (a.questionID.uuidString, $0) } }) { a, _ in a },
                              overall: overall(response))
        }
    }
}
