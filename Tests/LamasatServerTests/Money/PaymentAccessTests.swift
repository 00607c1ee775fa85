import Fluent
import Foundation
import LamasatCore
import Testing
@testable import LamasatServer

/// Issue 18, part D: who may see payment batches, and that a batch of another branch does not exist for her.
@Suite("Payment access", .serialized)
struct PaymentAccessTests {
    @Test("a relations officer and a donor officer get 403 on the payment pages; a finance officer gets 404 on her file")
    func wrongRoles() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t)
            let (donors, _) = try await t.signedIn(as: .donorOfficer)
            for browser in [p.crew.officer, donors] {
                #expect(try await browser.get("/payments").status == .forbidden)
                #expect(try await browser.get("/payments/due").status == .forbidden)
            }
            let file = try await p.maker.get("/beneficiaries/\(p.file)")
            #expect(file.status == .notFound && !file.contains("القحطاني"))
            #expect(try await p.maker.get("/requests/\(p.request)").status == .notFound)
            let id = try await p.draft()
            #expect(try await donors.get("/payments/batches/\(id)").status == .forbidden)
            // A manager approves but does not prepare.
            let (manager, _) = try await t.signedIn(as: .manager, username: "manager2")
            #expect(try await manager.get("/payments/due").status == .forbidden)
        }
    }

    @Test("a finance officer of another branch gets 404 on every batch route, audited, and does not see the batch in her list")
    func otherBranch() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t)
            let id = try await p.approved()
            let payment = try #require(try await Payment.query(on: t.db).filter(\.$batchID == id).first())
            let number = try #require(try await PaymentBatch.find(id, on: t.db)?.number)
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .financeOfficer, username: "financejed", branch: jeddah)
            _ = try await other.get("/payments")
            let base = "/payments/batches/\(id)"
            for path in [base, "\(base)/bank-file", "\(base)/print"] {
                #expect(try await other.get(path).status == .notFound, "GET \(path)")
            }
            for path in ["\(base)/add", "\(base)/submit", "\(base)/approve", "\(base)/return", "\(base)/cancel", "\(base)/results",
                         "\(base)/payments/\(payment.id!)/remove", "\(base)/payments/\(payment.id!)/result"] {
                #expect(try await other.post(path, ["reason": "x", "outcome": "paid", "bankReference": "x"]).status == .notFound, "POST \(path)")
            }
            #expect(try await t.auditEntries(action: "access.outOfScope").count >= 11)
            let listed = try await other.get("/payments")
            #expect(!listed.contains(number))
            #expect(try await PaymentBatch.find(id, on: t.db)?.status == .approved)
        }
    }
}
