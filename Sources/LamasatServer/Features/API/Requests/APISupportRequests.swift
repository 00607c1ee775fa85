import Fluent
import Foundation
import LamasatAPI
import LamasatCore
import Vapor

/// Support requests through the API: the intake form's validation, the request page's submit and timeline, the
/// pages' branch rule. Nothing here decides anything the pages do not.
extension LamasatAPIService {
    func listRequests(_ input: Operations.ListRequests.Input) async throws -> Operations.ListRequests.Output {
        let req = try APIRequest.get()
        let staff = try req.requireStaff()
        let limit = APICursor.limit(input.query.limit)
        let query = SupportRequest.query(on: req.db).with(\.$supportType).withinReach(of: staff, \.$branchID)
            .sort(\.$createdAt, .descending).sort(\.$id, .descending)
        if let status = input.query.status.flatMap({ SupportRequestStatus(rawValue: $0.rawValue) }) { query.filter(\.$status == status) }
        if let raw = input.query.beneficiaryId {
            guard let file = UUID(uuidString: raw) else { throw APIProblem.invalid(["beneficiaryId": req.t("validation.choose")]) }
            query.filter(\.$beneficiary.$id == file)
        }
        // Keyset paging: the rows after the last one of the previous page, in the same order.
        if let after = try APICursor.decode(input.query.cursor) {
            let (at, id) = after
            query.group(.or) { or in
                or.filter(\.$createdAt < at)
                or.group(.and) { same in same.filter(\.$createdAt == at).filter(\.$id < id) }
            }
        }
        let rows = try await query.limit(limit + 1).all()
        let page = Array(rows.prefix(limit))
        var next: String?
        if rows.count > limit, let last = page.last { next = APICursor.encode(date: last.createdAt, id: try last.requireID()) }
        let items = try page.map { try Components.Schemas.SupportRequest($0, req: req) }
        return .ok(.init(body: .json(.init(items: items, nextCursor: next))))
    }

    func getRequest(_ input: Operations.GetRequest.Input) async throws -> Operations.GetRequest.Output {
        let req = try APIRequest.get()
        let (request, _) = try await req.reachableRequest("requestId")
        try await req.auditView("support_request", id: try request.requireID().uuidString)
        return .ok(.init(body: .json(try Components.Schemas.SupportRequest(request, req: req))))
    }

    func createRequest(_ input: Operations.CreateRequest.Input) async throws -> Operations.CreateRequest.Output {
        let req = try APIRequest.get()
        guard case .json(let body) = input.body else { throw APIProblem(status: .unsupportedMediaType, slug: "unsupportedMediaType") }
        let file = try await req.reachableBeneficiary("beneficiaryId")
        var form = SupportRequestForm()
        form.supportType = body.supportTypeId
        form.channel = body.channel.rawValue
        form.description = body.description.trimmingCharacters(in: .whitespacesAndNewlines)
        form.requestedAmount = body.requestedAmount?.trimmingCharacters(in: .whitespaces) ?? ""
        form.overrideFrequency = body.overrideFrequency ?? false
        let (valid, errors) = try await form.validate(req, file: file)
        guard let valid else { throw APIValidation.problem(errors.apiFields) }
        let request = try await RequestsController.draft(valid, description: form.description, file: file, req: req)
        return .created(.init(body: .json(try Components.Schemas.SupportRequest(request, req: req))))
    }

    /// The page's submit: the same preconditions, the same number, date and acknowledgement; a refusal is a 409 that says why.
    func submitRequest(_ input: Operations.SubmitRequest.Input) async throws -> Operations.SubmitRequest.Output {
        let req = try APIRequest.get()
        let (request, file) = try await req.reachableRequest("requestId")
        let work = try await RequestsController.transition(.submit, request, file: file, reason: "", req: req)
        if let refusal = try await RequestPage.run(.submit, on: request, req: req, work) {
            throw APIProblem(status: .conflict, slug: "conflict", detail: req.t(refusal.localizationKey))
        }
        return .ok(.init(body: .json(try Components.Schemas.SupportRequest(request, req: req))))
    }

    func getRequestTimeline(_ input: Operations.GetRequestTimeline.Input) async throws -> Operations.GetRequestTimeline.Output {
        let req = try APIRequest.get()
        let (request, file) = try await req.reachableRequest("requestId")
        let id = try request.requireID()
        try await req.auditView("support_request", id: id.uuidString)
        let steps = try await RequestHistory.load(id, on: req.db).steps(file: file, req: req)
        let items = steps.map { Components.Schemas.TimelineEntry(at: $0.at, label: $0.label, actor: $0.actor, note: $0.note) }
        return .ok(.init(body: .json(.init(items: items))))
    }
}

extension Components.Schemas.SupportRequest {
    /// `request` with its support type loaded.
    init(_ request: SupportRequest, req: Request) throws {
        self.init(
            id: try request.requireID().uuidString, trackingNumber: request.trackingNumber, beneficiaryId: request.$beneficiary.id.uuidString,
            supportTypeId: request.$supportType.id.uuidString, supportType: request.$supportType.value?.name(in: req.language) ?? "",
            channel: .init(rawValue: request.channel.rawValue) ?? .interview, description: request.description,
            requestedAmountHalalas: request.requestedAmount, status: .init(rawValue: request.status.rawValue) ?? .draft,
            statusLabel: req.t(request.status.localizationKey), declarationSigned: request.declarationSigned,
            submittedAt: request.submittedAt, expectedDecisionAt: request.expectedDecisionAt, overdue: request.isOverdue(now: req.now),
            createdAt: request.createdAt, updatedAt: request.updatedAt)
    }
}
