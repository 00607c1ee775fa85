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

    /// The researcher chosen on the form, or the least loaded one of the branch when "auto" is chosen.
    private func chosenResearcher(_ req: Request, for request: SupportRequest) async throws -> StaffUser? {
        let choice = req.formText("researcher")
        if choice == "auto" || choice.isEmpty { return try await Researchers.leastLoaded(for: request.branchID, on: req.db) }
        guard let id = UUID(uuidString: choice) else { return nil }
        return try await Researchers.eligible(for: request.branchID, on: req.db).first { $0.id == id }
    }

    func complete(req: Request) async throws -> Response {
        let (request, file) = try await req.reachableRequest()
        let facts = try await RequestWorkflow.facts(request, file: file, req: req, on: req.db)
        if facts.reason.isEmpty {
            return try await RequestPage.show(req, error: req.t("request.error.referralReason"), status: .unprocessableEntity)
        }
        guard let researcher = try await chosenResearcher(req, for: request) else {
            return try await RequestPage.show(req, error: req.t("request.error.noResearcher"), status: .unprocessableEntity)
        }
        return try await RequestPage.perform(.completeVerification, on: request, req: req) { db in
            if let refusal = try await RequestWorkflow.apply(.completeVerification, to: request, facts: facts, note: facts.reason, req: req, on: db) {
                return refusal
            }
            try await Researchers.assign(request, to: researcher, reason: facts.reason, req: req, on: db)
            return nil
        }
    }

    func returnToApplicant(req: Request) async throws -> Response {
        let (request, file) = try await req.reachableRequest()
        let facts = try await RequestWorkflow.facts(request, file: file, req: req, on: req.db)
        let missing = try await RequestWorkflow.checklist(request, file: file, req: req, on: req.db).items.filter { $0.state != .satisfied }
        let language = try await MessageTemplate.language(for: file.id, on: req.db)
        let list = missing.map { "\($0.type.name(in: language)) (\(req.lamasat.localizer.text($0.state.localizationKey, language)))" }
        let body = try await MessageTemplate.text("request.return", for: file.id, values: [
            "name": file.nameFirst, "tracking": request.trackingNumber ?? "", "missing": list.isEmpty ? "—" : list.joined(separator: language == .ar ? "، " : ", "),
            "note": facts.reason], on: req.db)
        let returns = try await RequestTransition.query(on: req.db).filter(\.$requestID == request.id!)
            .filter(\.$action == SupportRequestAction.returnToApplicant.rawValue).count()
        return try await RequestPage.perform(.returnToApplicant, on: request, req: req) { db in
            if let refusal = try await RequestWorkflow.apply(.returnToApplicant, to: request, facts: facts, note: facts.reason, req: req, on: db) {
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
        let reason = req.formText("reason")
        guard !reason.isEmpty else {
            return try await RequestPage.show(req, error: req.t("request.error.referralReason"), status: .unprocessableEntity)
        }
        guard let researcher = try await chosenResearcher(req, for: request) else {
            return try await RequestPage.show(req, error: req.t("request.error.noResearcher"), status: .unprocessableEntity)
        }
        try await req.db.transaction { db in try await Researchers.assign(request, to: researcher, reason: reason, req: req, on: db) }
        return req.redirect(to: "/requests/\(try request.requireID().uuidString)?done=researchAssigned")
    }
}
