import Fluent
import Foundation
import Vapor

/// What the money feature adds to a committee decision (issue 18), registered at start-up so that requests never
/// name it: the funds the chair may pay an approved financial request from, the check-and-commit inside the
/// decision's transaction, and the "paid from" line of the request's page.
protocol RequestFundLink: Sendable {
    /// The funds the chair may choose from, each with what is available in it.
    func choices(selected: String, req: Request) async throws -> [FormField.Option]
    /// Holds the decision's amount against `fundID` for the request, inside the caller's transaction (which has
    /// already written). A localized refusal, or nil when committed.
    func commit(fundID: UUID, decision: RequestDecision, request: SupportRequest, file: Beneficiary, req: Request,
                on db: any Database) async throws -> String?
    /// The fund an approved request is paid from, named for the request's page.
    func paidFrom(_ decision: RequestDecision, req: Request) async throws -> String?
}

extension Application {
    private struct RequestFundLinksKey: StorageKey { typealias Value = Registry<any RequestFundLink> }

    var requestFundLinks: Registry<any RequestFundLink> { registry(RequestFundLinksKey.self) }
}

/// A fund refused the decision: the transaction is undone and the form comes back with the message.
struct FundRefused: Error { let message: String }

extension Registry where Element == any RequestFundLink {
    /// nil when no money feature is registered: decisions then name no fund.
    func choices(selected: String, req: Request) async throws -> [FormField.Option]? {
        guard let link = all.first else { return nil }
        return try await link.choices(selected: selected, req: req)
    }

    /// Whether a decision must name a fund: an approval with an amount, when a money feature is registered.
    var isRegistered: Bool { !all.isEmpty }

    /// The chosen fund of the form; `FundRefused` when none was chosen.
    func chosen(_ fundID: String, req: Request) throws -> UUID {
        guard let id = UUID(uuidString: fundID) else { throw FundRefused(message: req.t("fund.error.choose")) }
        return id
    }

    /// Throws `FundRefused` when the decision's fund may not pay; the decision was created with its `fundID`.
    func commit(_ decision: RequestDecision, request: SupportRequest, file: Beneficiary, req: Request, on db: any Database) async throws {
        guard let link = all.first, let id = decision.fundID else { return }
        if let message = try await link.commit(fundID: id, decision: decision, request: request, file: file, req: req, on: db) {
            throw FundRefused(message: message)
        }
    }

    func paidFrom(_ decision: RequestDecision?, req: Request) async throws -> String? {
        guard let decision, decision.fundID != nil, let link = all.first else { return nil }
        return try await link.paidFrom(decision, req: req)
    }
}
