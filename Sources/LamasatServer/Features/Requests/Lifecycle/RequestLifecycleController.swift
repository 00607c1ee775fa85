import Fluent
import LamasatCore
import Vapor

/// The later life of a request (issue 20): an approved request cancelled before its full delivery (a manager, with a
/// reason; what was delivered stays, what was held for it and not paid is released, she is told), and a withdrawn
/// request reopened within the period the administrator set, back where it stood when withdrawn.
struct RequestLifecycleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let request = routes.grouped("requests", ":requestID")
        request.post("cancel") { try await self.move(req: $0, .cancel) }.requires(.cancelRequests)
        request.post("reopen") { try await self.move(req: $0, .reopen) }.requires(.takeRequests)
    }

    /// The facts only these two moves look at: a transfer still with the bank, and where she stood before withdrawing.
    static func facts(_ request: SupportRequest, reason: String, req: Request) async throws -> SupportRequestFacts {
        var facts = SupportRequestFacts()
        facts.reason = reason
        let id = try request.requireID()
        facts.paymentPending = try await req.application.requestPaymentLinks.hasPendingTransfer(requestID: id, on: req.db)
        if let withdrawal = try await RequestTransition.query(on: req.db).filter(\.$requestID == id).filter(\.$action == SupportRequestAction.withdraw.rawValue)
            .sort(\.$at, .descending).first() {
            facts.reopenTo = withdrawal.fromStatus
            let days = try await CasePeriods.current(on: req.db).reopenDays
            facts.reopenPeriodOpen = req.now <= withdrawal.at.addingTimeInterval(Double(days) * 86_400)
        }
        return facts
    }

    func move(req: Request, _ action: SupportRequestAction) async throws -> Response {
        let (request, file) = try await req.reachableRequest()
        let form = ReasonForm(request: req)
        let (reason, errors) = form.validate(req, missing: req.t("request.error.\(action.rawValue)Reason"))
        let key = action.rawValue
        let fields = { @Sendable (form: ReasonForm, errors: FieldErrors) in
            [form.field(req, label: req.t("request.\(key)Reason"), key: key, kind: "text", errors: errors)].prepared()
        }
        guard let reason else { return try await RequestPage.show(req, status: .unprocessableEntity, redo: .init(key: key, fields: fields(form, errors))) }
        let facts = try await Self.facts(request, reason: reason, req: req)
        let links = req.application.requestPaymentLinks
        let now = req.now
        return try await RequestPage.perform(action, on: request, req: req, refusedPage: form.refusedPage(req, key: key, fields: fields)) { db in
            if let refusal = try await RequestWorkflow.apply(action, to: request, facts: facts, note: reason, req: req, on: db) { return refusal }
            let released = action == .cancel ? try await links.requestCancelled(try request.requireID(), now: now, on: db) : 0
            if released > 0 {
                try await req.audit("money.commitment.released", record: ("support_request", try request.requireID().uuidString),
                                    detail: "holds=\(released) request cancelled", on: db)
            }
            try await Self.tell(file, request: request, action: action, reason: reason, now: now, on: db)
            return nil
        }
    }

    /// Her message: the cancellation with its reason, or that her request goes on.
    static func tell(_ file: Beneficiary, request: SupportRequest, action: SupportRequestAction, reason: String, now: Date, on db: any Database) async throws {
        guard let tracking = request.trackingNumber else { return }
        let code = action == .cancel ? "request.cancelled" : "request.reopened"
        let body = try await MessageTemplate.text(code, for: file.id, values: ["name": file.nameFirst, "tracking": tracking, "reason": reason], on: db)
        let id = try request.requireID().uuidString
        try await Outbox.enqueue(Outbox.Draft(
            channel: .sms, recipient: file.mobile, subject: tracking, body: body,
            idempotencyKey: "\(code):\(id):\(Int(now.timeIntervalSince1970))", relatedType: "support_request", relatedID: id,
            branchID: request.branchID, beneficiaryID: file.id), now: now, on: db)
    }
}
