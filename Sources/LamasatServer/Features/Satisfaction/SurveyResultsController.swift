import Fluent
import LamasatCore
import Vapor

/// [P-13]–[P-15] Results for managers: the score, averages per question, the response rate, the monthly trend,
/// the breakdowns, and the comments — never a name. Results about a staff member only in aggregate and only from
/// five answers.
struct SurveyResultsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let results = routes.grouped("satisfaction")
        results.get { try await self.page(req: $0) }.requires(.viewSatisfaction)
        // The CSV address is the one the page has always offered; the workbook sits beside it.
        results.get("export.csv") { try await self.export(req: $0, format: .csv) }.requires(.viewSatisfaction)
        results.get("export.xlsx") { try await self.export(req: $0, format: .xlsx) }.requires(.viewSatisfaction)
    }

    struct QuestionLine: Encodable { let text: String; let kind: String; let count: Int; let result: String }
    struct GroupLine: Encodable { let label: String; let count: Int; let score: String }
    struct MonthLine: Encodable { let month: String; let count: Int; let score: String }
    struct GroupSection: Encodable { let id: String; let title: String; let hint: String?; let rows: [GroupLine]?; let note: String? }
    struct Comment: Encodable { let month: String; let service: String; let text: String }

    struct PageView: Encodable {
        let page: PageContext
        let filters: [FormField]
        let from: String
        let to: String
        let errors: [String]?
        let tooFew: String?
        let count: Int
        let score: String
        let rate: String
        let rateDetail: String
        let questions: [QuestionLine]?
        let chart: TrendChart
        let months: [MonthLine]
        let groups: [GroupSection]
        let comments: [Comment]?
        let paging: Paging
        let exportLinks: TableExport.Links
        let openFollowUps: Int
    }

    func page(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let (filter, errors) = try SurveyFilter.parse(req)
        let data = try await SurveyData.load(filter, on: req.db)
        let facts = data.facts
        let names = try await SurveyServiceName.labels(req)
        let branches = try await Branch.query(on: req.db).sort(\.$nameArabic).all()
        func pct(_ value: Double?) -> String { SatisfactionMath.percent(value).map { "\($0)%" } ?? "—" }
        // Fewer than five answers in the selection: only their number shows, so a handful cannot point to who answered.
        let minimum = SatisfactionMath.minimumGroup
        let enough = facts.compactMap(\.overall).count >= minimum
        func lines(_ groups: [SatisfactionMath.Group], label: (String) -> String) -> [GroupLine] {
            groups.map { GroupLine(label: label($0.key), count: $0.count, score: pct($0.score)) }
        }
        // Per question, in the order of their templates.
        let questionLines = data.askedQuestions.filter { $0.kind != .text }.map { question -> QuestionLine in
            let scores = data.answers.values.flatMap { $0 }.filter { $0.questionID == question.id }.compactMap(\.score)
            // A question few answered shows how many, not what they said.
            guard scores.count >= minimum else {
                return QuestionLine(text: question.text(in: req.language), kind: req.t(question.kind.localizationKey), count: scores.count, result: "—")
            }
            let result: String = switch question.kind {
            case .scale: SatisfactionMath.oneDecimal(SatisfactionMath.average(scores)).map { req.t("satisfaction.outOfFive", $0) } ?? "—"
            case .yesNo: req.t("satisfaction.yesShare", pct(SatisfactionMath.average(scores).map { $0 * 100 }))
            case .choice: question.choices(in: req.language).enumerated().map { choice in "\(choice.element): \(scores.filter { $0 == choice.offset }.count)" }.joined(separator: "، ")
            case .text: ""
            }
            return QuestionLine(text: question.text(in: req.language), kind: req.t(question.kind.localizationKey), count: scores.count, result: result)
        }
        let monthList = SurveyFilter.months(from: filter.from, to: filter.to)
        let formatter = DualCalendarFormatter(language: req.language)
        func monthLabel(_ month: String) -> String {
            SurveyFilter.month(month).map { formatter.monthYear(year: $0.year, month: $0.month) } ?? month
        }
        let monthly = monthList.map { month in (month, facts.filter { $0.month == month }) }
        func monthScore(_ answers: [SurveyAnswerFacts]) -> Double? {
            answers.compactMap(\.overall).count >= minimum ? SatisfactionMath.score(answers.compactMap(\.overall)) : nil
        }
        let chart = TrendChart(series: monthly.map { (label: String($0.0.suffix(2)) + "/" + String($0.0.prefix(4).suffix(2)), value: monthScore($0.1)) })
        let staffGroups = SatisfactionMath.groups(facts, by: \.staff, minimum: minimum)
        let serviceGroups = SatisfactionMath.groups(facts, by: \.serviceType, minimum: minimum)
        let channelGroups = SatisfactionMath.groups(facts, by: \.channel, minimum: minimum)
        let branchGroups = SatisfactionMath.groups(facts, by: \.branch, minimum: minimum)
        func hiddenNote(_ hidden: Int) -> String? { hidden > 0 ? req.t("satisfaction.groupsHidden", String(hidden), String(minimum)) : nil }
        let staffNames = Dictionary(uniqueKeysWithValues: try await StaffUser.query(on: req.db).all().map { (try $0.requireID().uuidString, $0.fullName) })
        let anonymousCount = facts.filter { $0.channel == nil }.count
        // Comments: newest month first, without names, a page at a time, each only from a month × branch × service
        // with at least five answers.
        let commentCells = SurveyCell.shareable(data.responses.map { $0.cell.withoutChannel })
        let allComments = enough ? try await filter.answers(on: req.db).filter(\.$text != "").sort(SurveyResponse.self, \.$month, .descending)
            .sort(\.$id).all().map { ($0, try $0.joined(SurveyResponse.self)) }.filter { commentCells.contains($0.1.cell.withoutChannel) } : []
        let pageNumber = Paging.requestedPage(req)
        let total = allComments.count
        let comment = allComments.dropFirst((pageNumber - 1) * 20).prefix(20).map { answer, response in
            Comment(month: monthLabel(response.month), service: names[response.serviceType] ?? response.serviceType, text: answer.text)
        }
        let openFollowUps = try await SurveyFollowUp.query(on: req.db).filter(\.$isDone == false)
            .filter(\.$branchID ~~ (filter.branchID.map { [$0] } ?? branches.map { try $0.requireID() })).count()
        var exportQuery = URLComponents()
        exportQuery.queryItems = filter.queryItems.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        let filters = [
            FormField(name: "from", label: req.t("satisfaction.from"), kind: "month", value: filter.from, error: errors["from"], dir: "ltr"),
            FormField(name: "to", label: req.t("satisfaction.to"), kind: "month", value: filter.to, error: errors["to"], dir: "ltr"),
            FormField.filter(req, name: "service", label: req.t("satisfaction.service"), selected: filter.serviceType ?? "",
                             choices: names.sorted { $0.value < $1.value }.map { ($0.key, $0.value) }),
        ] + (staff.ownBranchOnly == nil ? [FormField.filter(req, name: "branch", label: req.t("user.branch"), selected: filter.branchID?.uuidString ?? "",
                                                                   records: branches)] : [])
        try await req.audit("satisfaction.viewed", detail: "\(filter.from)..\(filter.to)")
        return try await req.render("satisfaction/results", PageView(
            page: PageContext(req, title: req.t("nav.satisfaction")), filters: filters.prepared(), from: monthLabel(filter.from), to: monthLabel(filter.to),
            errors: Array(errors.values).nonEmpty, tooFew: enough ? nil : req.t("satisfaction.tooFew", String(minimum)), count: facts.count,
            score: enough ? pct(SatisfactionMath.score(facts.compactMap(\.overall))) : "—",
            rate: data.invited >= minimum ? pct(SatisfactionMath.rate(answered: data.answered, invited: data.invited)) : "—",
            rateDetail: data.invited >= minimum ? req.t("satisfaction.rateDetail", String(data.answered), String(data.invited)) : req.t("satisfaction.rateFew"),
            questions: enough ? questionLines.nonEmpty : nil, chart: chart,
            months: monthly.map { MonthLine(month: monthLabel($0.0), count: $0.1.count, score: pct(monthScore($0.1))) },
            groups: [
                GroupSection(id: "by-service", title: req.t("satisfaction.byService"), hint: nil,
                             rows: lines(serviceGroups.groups) { names[$0] ?? $0 }.nonEmpty, note: hiddenNote(serviceGroups.hidden)),
                GroupSection(id: "by-channel", title: req.t("satisfaction.byChannel"), hint: nil,
                             rows: (lines(channelGroups.groups) { req.t(ContactChannel(rawValue: $0)?.localizationKey ?? $0) }
                                 + (anonymousCount >= minimum ? [GroupLine(label: req.t("satisfaction.anonymous"), count: anonymousCount,
                                                                           score: pct(SatisfactionMath.score(facts.filter { $0.channel == nil }.compactMap(\.overall))))] : [])).nonEmpty,
                             note: hiddenNote(channelGroups.hidden + (anonymousCount > 0 && anonymousCount < minimum ? 1 : 0))),
                GroupSection(id: "by-branch", title: req.t("satisfaction.byBranch"), hint: nil,
                             rows: lines(branchGroups.groups) { key in
                                 branches.first { $0.id?.uuidString == key }?.name(in: req.language) ?? "—" }.nonEmpty, note: hiddenNote(branchGroups.hidden)),
                GroupSection(id: "by-staff", title: req.t("satisfaction.byStaff"), hint: req.t("satisfaction.staffRule", String(minimum)),
                             rows: lines(staffGroups.groups) { staffNames[$0] ?? "—" }.nonEmpty,
                             note: staffGroups.hidden > 0 ? req.t("satisfaction.staffHidden", String(staffGroups.hidden), String(minimum)) : nil),
            ],
            comments: comment.nonEmpty,
            paging: Paging(req, total: total, page: pageNumber, size: 20, path: "/satisfaction", filters: filter.queryItems),
            exportLinks: TableExport.Links(title: req.t("satisfaction.exportTitle"), xlsx: "/satisfaction/export.xlsx?" + (exportQuery.percentEncodedQuery ?? ""),
                                           csv: "/satisfaction/export.csv?" + (exportQuery.percentEncodedQuery ?? "")),
            openFollowUps: openFollowUps))
            .encodeResponse(status: errors.isEmpty ? .ok : .unprocessableEntity, for: req)
    }
}
