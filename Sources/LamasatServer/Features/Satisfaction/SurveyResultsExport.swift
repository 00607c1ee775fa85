import Fluent
import LamasatCore
import Vapor

extension SurveyResultsController {
    /// One row per answered survey, for a spreadsheet, as XLSX or CSV through the reports' writers: no names, no file
    /// or request; anonymous rows carry only the month, branch and service type with the answers.
    func export(req: Request, format: TableExport.Format) async throws -> Response {
        let (filter, errors) = try SurveyFilter.parse(req)
        guard errors.isEmpty else { return try await page(req: req) }
        let data = try await SurveyData.load(filter, on: req.db)
        // Rows of a handful of answers would point to who gave them: only cells (month × branch × service × channel)
        // of five or more go into the file, and with fewer than five such rows the page says why there is nothing.
        let cells = SurveyCell.shareable(data.responses.map(\.cell))
        let shareable = data.responses.filter { cells.contains($0.cell) }
        guard shareable.count >= SatisfactionMath.minimumGroup else {
            let refused = try await page(req: req)
            refused.status = .unprocessableEntity
            return refused
        }
        let table = try await Self.answersTable(shareable, data: data, req: req)
        let response = try TableExport.file([table], format: format, req: req, fallbackName: "satisfaction-\(filter.from)-\(filter.to)",
                                            title: "\(table.title) \(filter.from) \(filter.to)")
        try await req.audit("satisfaction.exported", detail: "\(filter.from)..\(filter.to) rows=\(table.rows.count) "
                            + "withheld=\(data.responses.count - table.rows.count) format=\(format.rawValue)")
        return response
    }

    /// The answers as a report table: the month as a date (its first day), a scale answer as its number, the rest as
    /// the words she chose.
    static func answersTable(_ responses: [SurveyResponse], data: SurveyData, req: Request) async throws -> ReportTable {
        let names = try await SurveyServiceName.labels(req)
        let branches = Dictionary(uniqueKeysWithValues: try await Branch.query(on: req.db).all().map { (try $0.requireID(), $0.name(in: req.language)) })
        let questions = data.askedQuestions
        let titles = [req.t("satisfaction.month"), req.t("user.branch"), req.t("satisfaction.service"), req.t("request.field.channel"),
                      req.t("satisfaction.anonymous")] + questions.map { $0.text(in: req.language) }
        let rows = try responses.sorted { ($0.month, try $0.requireID().uuidString) < ($1.month, try $1.requireID().uuidString) }.map { response -> [ReportTable.Cell] in
            let given = data.answers[try response.requireID()] ?? []
            let month = SurveyFilter.month(response.month).flatMap { ReportPeriod.month($0.year, $0.month) }
            return [.date(month?.start), .text(branches[response.branchID] ?? ""), .text(names[response.serviceType] ?? response.serviceType),
                    response.channel.map { .text(req.t(ContactChannel(rawValue: $0)?.localizationKey ?? $0)) } ?? .empty,
                    .text(req.t(response.isAnonymous ? "survey.yes" : "survey.no"))]
                + questions.map { question -> ReportTable.Cell in
                    guard let answer = given.first(where: { $0.questionID == question.id }) else { return .empty }
                    if question.kind == .scale, let score = answer.score { return .number(score) }
                    let text = question.answerText(answer, req: req, scaleWords: false)
                    return text.isEmpty ? .empty : .text(text)
                }
        }
        return ReportTable(id: "answers", title: req.t("satisfaction.exportTitle"), columns: titles.map { .init(title: $0) }, rows: rows)
    }
}
