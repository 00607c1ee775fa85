import Fluent
import Foundation
import LamasatAPI
import LamasatCore
import Vapor

/// Inquiries and complaints from another system, checked by the staff forms and registered as the pages register
/// them; and the public status look-up, answered as the public page answers it.
extension LamasatAPIService {
    func createInquiry(_ input: Operations.CreateInquiry.Input) async throws -> Operations.CreateInquiry.Output {
        let req = try APIRequest.get()
        guard case .json(let body) = input.body else { throw APIProblem(status: .unsupportedMediaType, slug: "unsupportedMediaType") }
        let file = try await req.apiCaseFile(body.beneficiaryId)
        var form = InquiryForm()
        form.contactName = body.contactName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        form.contactPhone = body.contactPhone?.trimmingCharacters(in: .whitespaces) ?? ""
        form.channel = body.channel.rawValue
        form.category = body.categoryId
        form.question = body.question.trimmingCharacters(in: .whitespacesAndNewlines)
        let (valid, errors) = try await form.validate(req, file: file)
        guard let valid else { throw APIValidation.problem(errors.apiFields) }
        let inquiry = try await InquiriesController.open(valid, file: file, req: req)
        return .created(.init(body: .json(try Components.Schemas.Inquiry(inquiry, req: req))))
    }

    func getInquiry(_ input: Operations.GetInquiry.Input) async throws -> Operations.GetInquiry.Output {
        let req = try APIRequest.get()
        let inquiry = try await InquiryPage.reachable(req, parameter: "inquiryId")
        try await req.auditView("inquiry", id: try inquiry.requireID().uuidString)
        return .ok(.init(body: .json(try Components.Schemas.Inquiry(inquiry, req: req))))
    }

    func createComplaint(_ input: Operations.CreateComplaint.Input) async throws -> Operations.CreateComplaint.Output {
        let req = try APIRequest.get()
        let staff = try req.requireStaff()
        guard case .json(let body) = input.body else { throw APIProblem(status: .unsupportedMediaType, slug: "unsupportedMediaType") }
        let file = try await req.apiCaseFile(body.beneficiaryId)
        var form = ComplaintForm()
        form.kind = body.kind.rawValue
        form.contactName = body.contactName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        form.contactPhone = body.contactPhone?.trimmingCharacters(in: .whitespaces) ?? ""
        form.channel = body.channel.rawValue
        form.category = body.categoryId
        form.severity = body.severity.rawValue
        form.description = body.description.trimmingCharacters(in: .whitespacesAndNewlines)
        form.confidential = body.confidential ?? false
        // Another system names no colleague: a complaint about a staff member is taken by staff, on the page.
        let (valid, errors) = try await form.validate(req, file: file, people: [])
        guard let valid else { throw APIValidation.problem(errors.apiFields) }
        let complaint = try await ComplaintsController.open(valid, file: file, branch: file?.$branch.id ?? staff.user.$branch.id, attachment: nil, req: req)
        return .created(.init(body: .json(try Components.Schemas.Complaint(complaint, req: req))))
    }

    func getComplaint(_ input: Operations.GetComplaint.Input) async throws -> Operations.GetComplaint.Output {
        let req = try APIRequest.get()
        let complaint = try await req.reachableComplaint("complaintId")
        try await req.auditView("complaint", id: try complaint.requireID().uuidString)
        return .ok(.init(body: .json(try Components.Schemas.Complaint(complaint, req: req))))
    }

    /// The public page's look-up: the number's format and her mobile checked by its form, both matched, and only the
    /// state (and a request's expected decision date) told.
    func getStatus(_ input: Operations.GetStatus.Input) async throws -> Operations.GetStatus.Output {
        let req = try APIRequest.get()
        var form = StatusLookupForm()
        form.tracking = input.path.trackingNumber
        form.mobile = input.query.mobile
        let (valid, errors) = form.validate(req)
        guard let valid else { throw APIValidation.problem(errors.apiFields) }
        if valid.tracking.hasPrefix("R-") {
            guard let request = try await StatusCase.request(valid.tracking, mobile: valid.mobile, on: req.db) else { throw Abort(.notFound) }
            return .ok(.init(body: .json(.init(
                trackingNumber: valid.tracking, kind: .request, status: request.status.rawValue,
                statusLabel: req.t("portal.status.\(request.status.rawValue)"),
                expectedDecisionAt: request.status.awaitsDecision ? request.expectedDecisionAt : nil))))
        }
        guard let found = try await StatusCase.find(valid.tracking, mobile: valid.mobile, on: req.db) else { throw Abort(.notFound) }
        return .ok(.init(body: .json(.init(trackingNumber: found.number, kind: found.kind == .inquiry ? .inquiry : .complaint,
                                           status: found.statusCode, statusLabel: req.t(found.statusKey)))))
    }
}

extension Request {
    /// The file an inquiry or complaint is about, when the caller names one: reached by the pages' branch rule (404
    /// and audited otherwise), as `caseFile` does for the staff forms.
    func apiCaseFile(_ id: String?) async throws -> Beneficiary? {
        guard let id, !id.isEmpty else { return nil }
        return try await scoped(Beneficiary.self, id: id, branch: \.$branch.$id)
    }
}

extension FieldErrors {
    /// The forms' field names as the API's input spells them.
    var apiFields: FieldErrors {
        let renamed = ["category": "categoryId", "supportType": "supportTypeId", "tracking": "trackingNumber"]
        return Dictionary(map { (renamed[$0.key] ?? $0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}

extension Components.Schemas.Inquiry {
    /// `inquiry` with its category loaded.
    init(_ inquiry: Inquiry, req: Request) throws {
        self.init(
            id: try inquiry.requireID().uuidString, number: inquiry.number, beneficiaryId: inquiry.beneficiaryID?.uuidString,
            contactName: inquiry.contactName, channel: .init(rawValue: inquiry.channel.rawValue) ?? .phone,
            categoryId: inquiry.$category.id.uuidString, category: inquiry.$category.value?.name(in: req.language) ?? "",
            status: .init(rawValue: inquiry.status.rawValue) ?? .new, statusLabel: req.t(inquiry.status.localizationKey),
            question: inquiry.question, answer: inquiry.answer, createdAt: inquiry.createdAt, dueAt: inquiry.dueAt)
    }
}

extension Components.Schemas.Complaint {
    /// `complaint` with its category loaded.
    init(_ complaint: Complaint, req: Request) throws {
        self.init(
            id: try complaint.requireID().uuidString, number: complaint.number, kind: .init(rawValue: complaint.kind.rawValue) ?? .complaint,
            beneficiaryId: complaint.beneficiaryID?.uuidString, contactName: complaint.contactName,
            channel: .init(rawValue: complaint.channel.rawValue) ?? .phone, categoryId: complaint.$category.id.uuidString,
            category: complaint.$category.value?.name(in: req.language) ?? "",
            severity: .init(rawValue: complaint.severity.rawValue) ?? .medium, status: .init(rawValue: complaint.status.rawValue) ?? .open,
            statusLabel: req.t(complaint.status.localizationKey), description: complaint.description, confidential: complaint.isConfidential,
            createdAt: complaint.createdAt, dueAt: complaint.dueAt)
    }
}
