import Fluent
import LamasatCore
import Vapor

/// [P-8], [P-20] The social researcher's part: visits where the family is, and the report only she files, which
/// takes the request to the committee.
struct ResearchController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let request = routes.grouped("requests", ":requestID")
        request.post("visits") { try await self.schedule(req: $0) }.requires(.writeResearch)
        request.post("visits", ":visitID") { try await self.updateVisit(req: $0) }.requires(.writeResearch)
        request.get("report") { try await self.reportForm(req: $0, errors: [:], status: .ok) }.requires(.writeResearch)
        request.post("report") { try await self.fileReport(req: $0) }.requires(.writeResearch)
    }

    /// The request, when the signed-in researcher is the one it is assigned to; anyone else gets "not found".
    private func assigned(_ req: Request) async throws -> (SupportRequest, Beneficiary) {
        let staff = try req.requireStaff()
        let (request, file) = try await req.reachableRequest()
        guard try await ResearchAssignment.current(of: try request.requireID(), on: req.db)?.researcherID == staff.userID else { throw Abort(.forbidden) }
        return (request, file)
    }

    func schedule(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let (request, file) = try await assigned(req)
        guard [.awaitingDeclaration, .socialResearch].contains(request.status) else {
            return try await RequestPage.show(req, error: req.t(SupportRequestRefusal.notAllowed.localizationKey), status: .conflict)
        }
        guard let kind = ResearchVisitKind(rawValue: req.formText("kind")) else {
            return try await RequestPage.show(req, error: req.t("research.error.kind"), status: .unprocessableEntity)
        }
        guard let when = Self.moment(day: req.formText("date"), time: req.formText("time")),
              when >= WorkingCalendar.startOfDay(CalendarDay.today(request.submittedAt ?? req.now)), when <= req.now.addingTimeInterval(366 * 86_400)
        else { return try await RequestPage.show(req, error: req.t("research.error.when"), status: .unprocessableEntity) }
        var address = req.formText("address")
        if kind.needsAddress && address.isEmpty {
            address = [file.addressBuilding, file.addressStreet, file.addressDistrict, file.addressCity].filter { !$0.isEmpty }.joined(separator: "، ")
        }
        if kind.needsAddress && address.isEmpty {
            return try await RequestPage.show(req, error: req.t("research.error.address"), status: .unprocessableEntity)
        }
        let visit = ResearchVisit()
        visit.requestID = try request.requireID()
        visit.researcherID = staff.userID
        visit.kind = kind
        visit.scheduledAt = when
        visit.address = String(address.prefix(300))
        visit.status = .scheduled
        visit.outcome = ""
        visit.createdAt = req.now
        try await req.db.transaction { db in
            try await visit.create(on: db)
            try await req.audit("research.visitScheduled", record: ("support_request", try request.requireID().uuidString), detail: kind.rawValue, on: db)
        }
        return req.redirect(to: "/requests/\(try request.requireID().uuidString)?done=visitScheduled")
    }

    /// A day ("2026-12-01", Arabic-Indic digits accepted) and a time ("10:30") in Riyadh.
    static func moment(day: String, time: String) -> Date? {
        guard let date = try? CalendarDay.day(day, calendar: .gregorian) else { return nil }
        let parts = ArabicDigits.westernized(time).split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        let components = calendar.dateComponents([.year, .month, .day], from: date.moment)
        return calendar.date(from: DateComponents(year: components.year, month: components.month, day: components.day,
                                                  hour: parts[0], minute: parts[1]))
    }

    func updateVisit(req: Request) async throws -> Response {
        let (request, _) = try await assigned(req)
        guard let id = req.parameters.get("visitID", as: UUID.self),
              let visit = try await ResearchVisit.query(on: req.db).filter(\.$id == id).filter(\.$requestID == request.id!).first()
        else { throw Abort(.notFound) }
        guard visit.status == .scheduled, let status = ResearchVisitStatus(rawValue: req.formText("status")), status != .scheduled else {
            return try await RequestPage.show(req, error: req.t(SupportRequestRefusal.notAllowed.localizationKey), status: .conflict)
        }
        let outcome = req.formText("outcome")
        guard !outcome.isEmpty else { return try await RequestPage.show(req, error: req.t("research.error.outcome"), status: .unprocessableEntity) }
        visit.status = status
        visit.outcome = String(outcome.prefix(2000))
        visit.doneAt = req.now
        try await req.db.transaction { db in
            try await visit.save(on: db)
            try await req.audit("research.visit\(status == .done ? "Done" : "Cancelled")", record: ("support_request", try request.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/requests/\(try request.requireID().uuidString)?done=visitUpdated")
    }

    struct ReportView: Encodable {
        let page: PageContext
        let id: String
        let fileName: String
        let fields: [FormField]
        let error: String?
    }

    func reportForm(req: Request, errors: FieldErrors, status: HTTPStatus, error: String? = nil) async throws -> Response {
        let (request, file) = try await assigned(req)
        func typed(_ name: String) -> String { req.method == .POST ? req.formText(name) : "" }
        let fields = [
            FormField(name: "housing", label: req.t("research.housing"), kind: "textarea", value: typed("housing"), error: errors["housing"], required: true, maxlength: 2000),
            FormField(name: "incomeCheck", label: req.t("research.incomeCheck"), kind: "textarea", value: typed("incomeCheck"), error: errors["incomeCheck"], required: true, maxlength: 2000),
            FormField(name: "needs", label: req.t("research.needs"), kind: "textarea", value: typed("needs"), error: errors["needs"], required: true, maxlength: 2000),
            FormField(name: "recommendation", label: req.t("research.recommendation"), kind: "select", error: errors["recommendation"], required: true,
                      options: [FormField.Option(value: "", label: req.t("form.choose"), selected: typed("recommendation").isEmpty)]
                        + FormField.Option.choices(ResearchRecommendation.allCases, selected: typed("recommendation"), req)),
            FormField(name: "recommendedAmount", label: req.t("research.recommendedAmount"), value: typed("recommendedAmount"),
                      error: errors["recommendedAmount"], autocomplete: "off", inputmode: "decimal", dir: "ltr", maxlength: 16),
        ].prepared()
        return try await req.render("requests/report", ReportView(
            page: PageContext(req, title: req.t("research.reportTitle", request.trackingNumber ?? "")), id: try request.requireID().uuidString,
            fileName: file.name.full, fields: fields, error: error)).encodeResponse(status: status, for: req)
    }

    func fileReport(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let (request, file) = try await assigned(req)
        var errors: FieldErrors = [:]
        for name in ["housing", "incomeCheck", "needs"] {
            if req.formText(name).isEmpty { errors[name] = req.t("validation.required") } else if req.formText(name).count > 2000 { errors[name] = req.t("validation.tooLong") }
        }
        let recommendation = ResearchRecommendation(rawValue: req.formText("recommendation"))
        if recommendation == nil { errors["recommendation"] = req.t("validation.choose") }
        var typed = Money.zero
        if !req.formText("recommendedAmount").isEmpty {
            do { typed = try Money(req.formText("recommendedAmount")) } catch { errors["recommendedAmount"] = req.t(error.localizationKey) }
        }
        let amount = typed
        if recommendation == .reject && amount.halalas > 0 { errors["recommendedAmount"] = req.t("research.error.amountWithReject") }
        let ceiling = request.supportType.maximumAmount
        if ceiling > 0 && amount.halalas > ceiling {
            errors["recommendedAmount"] = req.t("request.error.aboveCeiling", Money(halalas: ceiling).formatted(req.language))
        }
        guard errors.isEmpty, let recommendation else { return try await reportForm(req: req, errors: errors, status: .unprocessableEntity) }
        var filed = try await RequestWorkflow.facts(request, file: file, req: req, on: req.db)
        filed.researchReportFiled = true
        let facts = filed
        return try await RequestPage.perform(.fileResearchReport, on: request, req: req) { db in
            let report = ResearchReport()
            report.requestID = try request.requireID()
            report.researcherID = staff.userID
            report.housing = req.formText("housing")
            report.incomeCheck = req.formText("incomeCheck")
            report.needs = req.formText("needs")
            report.recommendation = recommendation
            report.recommendedAmount = amount.halalas
            report.filedAt = req.now
            if let refusal = try await RequestWorkflow.apply(.fileResearchReport, to: request, facts: facts,
                                                             note: recommendation.rawValue, req: req, on: db) {
                return refusal
            }
            try await report.create(on: db)
            // The research is over: visits still on the calendar no longer wait in her work queue.
            try await ResearchVisit.query(on: db).filter(\.$requestID == request.id!).filter(\.$status == .scheduled)
                .set(\.$status, to: .cancelled).set(\.$doneAt, to: req.now).update()
            return nil
        }
    }
}
