import Fluent
import Foundation
import LamasatCore
import Vapor

/// Part D of issue 18's demo: payment batches in every state, with paid and failed payments, made by the demo
/// finance officers through the batches' own code (`PaymentBatchWork`), so they are what their buttons would make.
enum DemoPayments {
    static func load(maker: String, checker: String, now: Date, on app: Application) async throws -> Int {
        guard let makerReq = try await request(as: maker, on: app), let checkerReq = try await request(as: checker, on: app),
              let staff = makerReq.staff else { return 0 }
        try await commitments(for: staff, now: now, on: app.db)
        var due = try await PaymentDue.list(for: staff, on: app.db).filter(\.collectable)
        let debit = SaudiIBAN.make(bank: "80", account: "000000608010167519").value
        /// The next `count` due payments of one branch, in a new draft.
        func draft(_ count: Int) async throws -> PaymentBatch? {
            guard let branch = due.first?.commitment.branchID else { return nil }
            let chosen = due.filter { $0.commitment.branchID == branch }.prefix(count)
            let ids = Set(chosen.compactMap(\.commitment.id))
            due.removeAll { ids.contains($0.commitment.id ?? UUID()) }
            return try await app.db.writeTransaction { db in
                try await PaymentBatchWork.open(ids, branch: branch, debitAccount: debit, req: makerReq, on: db)
            }
        }
        func exported(_ batch: PaymentBatch) async throws {
            try await app.db.writeTransaction { db in
                try await PaymentBatchWork.submit(batch, req: makerReq, on: db)
                try await PaymentBatchWork.approve(batch, req: checkerReq, on: db)
            }
            let file = try await PaymentBatchWork.file(batch, exportedAt: makerReq.now, on: app.db)
            try await app.db.writeTransaction { db in try await PaymentBatchWork.export(batch, sha256: file.sha256, at: makerReq.now, req: makerReq, on: db) }
        }
        var made = 0
        // Closed: the bank paid all but the last, which failed because her account was closed.
        if let closed = try await draft(3) {
            try await exported(closed)
            let payments = try await PaymentBatchWork.payments(of: closed.requireID(), on: app.db)
            try await app.db.writeTransaction { db in
                try await PaymentBatchWork.claim(closed, from: [.exported], on: db)
                for (index, payment) in payments.enumerated() {
                    if index == payments.count - 1 && payments.count > 1 {
                        try await PaymentBatchWork.failed(payment, in: closed, reason: .accountClosed, text: "أفاد البنك بإغلاق الحساب", req: makerReq, on: db)
                    } else {
                        try await PaymentBatchWork.paid(payment, in: closed, bankReference: "FT26\(String(format: "%08d", 31_000 + index))", req: makerReq, on: db)
                    }
                }
                try await PaymentBatchWork.closeIfDone(closed, req: makerReq, on: db)
            }
            made += 1
        }
        // Exported, waiting for the bank's result.
        if let waiting = try await draft(2) {
            try await exported(waiting)
            made += 1
        }
        // Submitted, waiting for the checker.
        if let submitted = try await draft(2) {
            try await app.db.writeTransaction { db in try await PaymentBatchWork.submit(submitted, req: makerReq, on: db) }
            made += 1
        }
        // A draft the maker is still filling.
        if try await draft(1) != nil { made += 1 }
        return made
    }

    /// A request of the demo user `username` in Arabic, as her pages would be: her reach, her name in the audit log.
    private static func request(as username: String, on app: Application) async throws -> Request? {
        guard let user = try await StaffUser.query(on: app.db).filter(\.$username == username).with(\.$branch).first() else { return nil }
        let req = Request(application: app, method: .POST, url: "/payments", on: app.eventLoopGroup.any())
        req.language = .ar
        req.staff = StaffContext(user: user, session: StaffSession(), branchName: user.branch.name(in: .ar))
        return req
    }

    /// Commitments for the approved cash requests within her reach that have none yet (part C makes them from the
    /// committee's decisions; these stand in when it made none), from the general fund.
    private static func commitments(for staff: StaffContext, now: Date, on db: any Database) async throws {
        let query = SupportRequest.query(on: db).filter(\.$status == .approved).with(\.$supportType).sort(\.$createdAt)
        query.withinReach(of: staff, \.$branchID)
        let requests = try await query.all().filter { $0.supportType.kind == .financial }
        guard let general = try await Fund.query(on: db).filter(\.$code == "general").first() else { return }
        var added = 0
        for request in requests where added < 8 {
            let id = try request.requireID()
            guard try await FundCommitment.query(on: db).filter(\.$requestID == id).count() == 0,
                  let decision = try await RequestDecision.query(on: db).filter(\.$requestID == id).first(), decision.approvedAmount > 0
            else { continue }
            let commitment = FundCommitment()
            commitment.fundID = try general.requireID()
            commitment.requestID = id
            commitment.beneficiaryID = request.$beneficiary.id
            commitment.branchID = request.branchID
            commitment.decisionID = decision.id
            commitment.amount = decision.approvedAmount
            commitment.status = .committed
            commitment.createdBy = staff.userID
            commitment.createdAt = decision.decidedAt
            commitment.note = ""
            try await commitment.create(on: db)
            added += 1
        }
    }
}
