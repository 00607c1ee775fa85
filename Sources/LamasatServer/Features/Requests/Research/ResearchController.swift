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
        let form = VisitScheduleForm(request: req)
        let (valid, errors) = form.validate(req, request: request, file: file)
        guard let valid else {
            return try await RequestPage.show(req, status: .unprocessableEntity, redo: .init(key: "schedule", fields: form.fields(req, errors: errors)))
        }
        let visit = ResearchVisit()
        visit.requestID = try request.requireID()
        visit.researcherID = staff.userID
        visit.kind = valid.kind
        visit.scheduledAt = valid.when
        visit.address = valid.address
        visit.status = .scheduled
        visit.outcome = ""
        visit.createdAt = req.now
        try await req.db.writeTransaction { db in
            try await visit.create(on: db)
            try await req.audit("research.visitScheduled", record: ("support_request", try request.requireID().uuidString), detail: valid.kind.rawValue, on: db)
        }
        return req.redirect(to: "/requests/\(try request.requireID().uuidString)?done=visitScheduled")
    }

    /// A day ("2026-12-01", Arabic-Indic digits accepted) and a time ("10:30") in Riyadh.
    static func moment(day: String, time: String) -> Date? { CalendarDay.moment(day: day, time: time) }

    func updateVisit(req: Request) async throws -> Response {
        let (request, _) = try await assigned(req)
        guard let id = req.parameters.get("visitID", as: UUID.self),
              let visit = try await ResearchVisit.query(on: req.db).filter(\.$id == id).filter(\.$requestID == request.requireID()).first()
        else { throw Abort(.notFound) }
        let form = VisitOutcomeForm(request: req)
        let (valid, errors) = form.validate(req)
        // A visit already closed, or a status it cannot take, is a conflict, not a typing error.
        guard visit.status == .scheduled, errors["status"] == nil else {
            return try await RequestPage.show(req, error: req.t(SupportRequestRefusal.notAllowed.localizationKey), status: .conflict)
        }
        guard let valid else {
            let key = try visit.requireID().uuidString
            return try await RequestPage.show(req, status: .unprocessableEntity, redo: .init(key: key, fields: form.fields(req, errors: errors, visit: key)))
        }
        visit.status = valid.status
        visit.outcome = valid.outcome
        visit.doneAt = req.now
        try await req.db.writeTransaction { db in
            try await visit.save(on: db)
            try await req.audit("research.visit\(valid.status == .done ? "Done" : "Cancelled")", record: ("support_request", try request.requireID().uuidString), on: db)
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

    func reportForm(req: Request, form: ResearchReportForm = .init(), errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let (request, file) = try await assigned(req)
        return try await req.render("requests/report", ReportView(
            page: PageContext(req, title: req.t("research.reportTitle", request.trackingNumber ?? "")), id: try request.requireID().uuidString,
            fileName: file.name.full, fields: form.fields(req, errors: errors), error: nil)).encodeResponse(status: status, for: req)
    }

    func fileReport(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let (request, file) = try await assigned(req)
        let form = ResearchReportForm(request: req)
        let (valid, errors) = form.validate(req, ceiling: request.supportType.maximumAmount)
        guard let valid else { return try await reportForm(req: req, form: form, errors: errors, status: .unprocessableEntity) }
        var filed = try await RequestWorkflow.facts(request, file: file, req: req, on: req.db)
        filed.researchReportFiled = true
        let facts = filed
        return try await RequestPage.perform(.fileResearchReport, on: request, req: req) { db in
            let report = ResearchReport()
            report.requestID = try request.requireID()
            report.researcherID = staff.userID
            form.apply(to: report, valid)
            report.filedAt = req.now
            if let refusal = try await RequestWorkflow.apply(.fileResearchReport, to: request, facts: facts,
                                                             note: valid.recommendation.rawValue, req: req, on: db) {
                return refusal
            }
            try await report.create(on: db)
            // The research is over: visits still on the calendar no longer wait in her work queue.
            try await ResearchVisit.query(on: db).filter(\.$requestID == request.requireID()).filter(\.$status == .scheduled)
                .set(\.$status, to: .cancelled).set(\.$doneAt, to: req.now).update()
            return nil
        }
    }
}
