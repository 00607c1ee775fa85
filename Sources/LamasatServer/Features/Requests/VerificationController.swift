import Fluent
import LamasatCore
import Vapor

/// [P-19] Verification of a submitted request against its checklist; [P-20] referral to the social researcher, or
/// return to the applicant with what is missing.
struct VerificationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let request = routes.grouped("requests", ":requestID")
        request.post("verification", "start") { try await self.start(req: $0) }.requires(.verifyDocuments)
        request.post("verification", "complete") { try await self.complete(req: $0) }.requires(.verifyDocuments)
        request.post("verification", "return") { try await self.returnToApplicant(req: $0) }.requires(.verifyDocuments)
        request.post("research", "assign") { try await self.reassign(req: $0) }.requires(.verifyDocuments)
    }

    func start(req: Request) async throws -> Response {
        let (request, file) = try await req.reachableRequest()
        let facts = try await RequestWorkflow.facts(request, file: file, req: req, on: req.db)
        return try await RequestPage.perform(.startVerification, on: request, req: req) { db in
            try await RequestWorkflow.apply(.startVerification, to: request, facts: facts, note: "", req: req, on: db)
        }
    }

    func complete(req: Request) async throws -> Response {
        let (request, file) = try await req.reachableRequest()
        var facts = try await RequestWorkflow.facts(request, file: file, req: req, on: req.db)
        let form = ReferralForm(request: req)
        let (valid, errors) = try await form.validate(req, for: request)
        guard let valid else {
            let options = try await Researchers.options(for: request.branchID, req: req)
            return try await RequestPage.show(req, status: .unprocessableEntity, redo: .init(key: "referral", fields: form.referralFields(req, errors: errors, options: options)))
        }
        facts.reason = valid.reason
        let checked = facts
        return try await RequestPage.perform(.completeVerification, on: request, req: req) { db in
            if let refusal = try await RequestWorkflow.apply(.completeVerification, to: request, facts: checked, note: valid.reason, req: req, on: db) {
                return refusal
            }
            try await Researchers.assign(request, to: valid.researcher, reason: valid.reason, req: req, on: db)
            return nil
        }
    }

    func returnToApplicant(req: Request) async throws -> Response {
        let (request, file) = try await req.reachableRequest()
        let form = ReasonForm(request: req)
        let (reason, errors) = form.validate(req, missing: nil)
        guard let reason else {
            return try await RequestPage.show(req, status: .unprocessableEntity, redo: .init(key: "return", fields: form.returnFields(req, errors: errors)))
        }
        var facts = try await RequestWorkflow.facts(request, file: file, req: req, on: req.db)
        facts.reason = reason
        let missing = try await RequestWorkflow.checklist(request, file: file, req: req, on: req.db).items.filter { $0.state != .satisfied }
        let language = try await MessageTemplate.language(for: file.id, on: req.db)
        let list = missing.map { "\($0.type.name(in: language)) (\(req.lamasat.localizer.text($0.state.localizationKey, language)))" }
        let body = try await MessageTemplate.text("request.return", for: file.id, values: [
            "name": file.nameFirst, "tracking": request.trackingNumber ?? "", "missing": list.isEmpty ? "—" : list.joined(separator: language == .ar ? "، " : ", "),
            "note": reason], on: req.db)
        let returns = try await RequestTransition.query(on: req.db).filter(\.$requestID == request.requireID())
            .filter(\.$action == SupportRequestAction.returnToApplicant.rawValue).count()
        let checked = facts
        return try await RequestPage.perform(.returnToApplicant, on: request, req: req,
                                             refusedPage: form.refusedPage(req, key: "return") { $0.returnFields(req, errors: $1) }) { db in
            if let refusal = try await RequestWorkflow.apply(.returnToApplicant, to: request, facts: checked, note: reason, req: req, on: db) {
                return refusal
            }
            try await Outbox.enqueue(Outbox.Draft(
                channel: .sms, recipient: file.mobile, subject: "استكمال طلب \(request.trackingNumber ?? "")", body: body,
                idempotencyKey: "request-return:\(try request.requireID().uuidString):\(returns + 1)", relatedType: "support_request",
                relatedID: try request.requireID().uuidString, branchID: request.branchID, beneficiaryID: file.id), now: req.now, on: db)
            return nil
        }
    }

    /// A manager or officer hands the research to another researcher of the branch.
    func reassign(req: Request) async throws -> Response {
        let (request, _) = try await req.reachableRequest()
        guard [.awaitingDeclaration, .socialResearch].contains(request.status) else {
            return try await RequestPage.show(req, error: req.t(SupportRequestRefusal.notAllowed.localizationKey), status: .conflict)
        }
        let form = ReferralForm(request: req)
        let (valid, errors) = try await form.validate(req, for: request)
        guard let valid else {
            let options = try await Researchers.options(for: request.branchID, req: req)
            return try await RequestPage.show(req, status: .unprocessableEntity, redo: .init(key: "reassign", fields: form.reassignFields(req, errors: errors, options: options)))
        }
        try await req.db.writeTransaction { db in try await Researchers.assign(request, to: valid.researcher, reason: valid.reason, req: req, on: db) }
        return req.redirect(to: "/requests/\(try request.requireID().uuidString)?done=researchAssigned")
    }
}
