import Fluent
import Foundation
import LamasatCore

/// Part C of issue 18's demo: the approved cash requests paid from a fund (commitments), stock issued on deliveries.
enum DemoFunds {
    /// The demo's approved, in-service and delivered financial requests get a fund on their decision and a
    /// commitment each (paid when already delivered): rent from the rent fund, some widows' from zakat, the rest from
    /// the general fund. Food baskets handed out leave their branch's stock, after an opening count; two counted
    /// corrections follow. Returns the number of commitments.
    static func load(branches: [String: UUID], now: Date, on db: any Database) async throws -> Int {
        let funds = Dictionary(uniqueKeysWithValues: try await Fund.query(on: db).all().map { ($0.code, $0) })
        guard let general = funds["general"]?.id else { return 0 }
        let widow = try await BeneficiaryCategory.query(on: db).filter(\.$code == "widow").first()?.id
        let requests = try await SupportRequest.query(on: db).filter(\.$status ~~ [.approved, .inService, .delivered, .closed])
            .with(\.$supportType).with(\.$beneficiary).sort(\.$createdAt).all()
            .filter { $0.supportType.kind == .financial }
        let decisions = Dictionary(try await RequestDecision.query(on: db).filter(\.$outcome == .approved).all().map { ($0.requestID, $0) },
                                   uniquingKeysWith: { first, _ in first })
        var count = 0
        var widows = 0
        for request in requests {
            guard let decision = decisions[try request.requireID()], decision.approvedAmount > 0 else { continue }
            let fund: UUID
            if request.supportType.code == "rent", let rent = funds["rent"]?.id { fund = rent }
            else if request.beneficiary.$category.id == widow, let zakat = funds["zakat"]?.id {
                widows += 1
                fund = widows % 2 == 1 ? zakat : general
            } else { fund = general }
            decision.fundID = fund
            try await decision.save(on: db)
            let delivered = [.delivered, .closed].contains(request.status)
            let commitment = FundCommitment()
            commitment.fundID = fund
            commitment.requestID = try request.requireID()
            commitment.beneficiaryID = request.$beneficiary.id
            commitment.branchID = request.branchID
            commitment.decisionID = try decision.requireID()
            commitment.amount = decision.approvedAmount
            commitment.status = delivered ? .paid : .committed
            commitment.createdBy = decision.decidedBy
            commitment.createdAt = decision.decidedAt
            commitment.closedAt = delivered ? min(now, decision.decidedAt.addingTimeInterval(7 * 86_400)) : nil
            commitment.note = ""
            try await commitment.create(on: db)
            count += 1
        }
        try await stock(now: now, on: db)
        return count
    }

    /// Food baskets handed out on the demo's deliveries, each branch starting from an opening count.
    private static func stock(now: Date, on db: any Database) async throws {
        guard let basket = try await StockItem.query(on: db).filter(\.$code == "food_basket").first(), let itemID = basket.id,
              let type = try await SupportType.query(on: db).filter(\.$code == "food_basket").first()?.id else { return }
        let deliveries = try await ServiceDelivery.query(on: db).filter(\.$supportTypeID == type).sort(\.$recordedAt).all()
        let requests = Dictionary(uniqueKeysWithValues: try await SupportRequest.query(on: db).filter(\.$id ~~ Array(Set(deliveries.map(\.requestID)))).all()
            .map { (try $0.requireID(), $0) })
        func move(_ branch: UUID, _ kind: StockMovementKind, _ quantity: Int, delivery: UUID? = nil, note: String, by: UUID, at: Date) async throws {
            let movement = StockMovement()
            movement.itemID = itemID
            movement.branchID = branch
            movement.kind = kind
            movement.quantity = quantity
            movement.deliveryID = delivery
            movement.note = note
            movement.recordedBy = by
            movement.recordedAt = at
            try await movement.create(on: db)
        }
        var byBranch: [UUID: [(ServiceDelivery, Int)]] = [:]
        for delivery in deliveries {
            guard let request = requests[delivery.requestID] else { continue }
            byBranch[request.branchID, default: []].append((delivery, max(1, delivery.quantity)))
        }
        for (branch, issued) in byBranch.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            guard let first = issued.first?.0 else { continue }
            let held = try await StockBalances.of(itemID, branch: branch, on: db)
            let needed = issued.reduce(0) { $0 + $1.1 }
            if held < needed + 10 {
                try await move(branch, .adjusted, needed + 10 - held, note: "جرد افتتاحي للمستودع", by: first.recordedBy,
                               at: first.recordedAt.addingTimeInterval(-86_400))
            }
            for (delivery, quantity) in issued {
                try await move(branch, .issued, -quantity, delivery: delivery.id, note: "", by: delivery.recordedBy, at: delivery.recordedAt)
            }
        }
        // Two counted corrections in the largest branch: two baskets spoiled, then one found on a second count.
        if let (branch, issued) = byBranch.max(by: { $0.value.count < $1.value.count }), let by = issued.first?.0.recordedBy {
            try await move(branch, .adjusted, -2, note: "تلف سلتين بسبب الرطوبة", by: by, at: now.addingTimeInterval(-5 * 86_400))
            try await move(branch, .adjusted, 1, note: "سلة وُجدت في الجرد الثاني", by: by, at: now.addingTimeInterval(-2 * 86_400))
        }
    }
}
