import Fluent
import Foundation
import LamasatCore
import SQLKit
import Vapor

/// A branch's stock of an item is the sum of its movements: summed here only.
enum StockBalances {
    struct Key: Hashable { let item: UUID; let branch: UUID }

    /// Every item's balance per branch; with `since`, what came in (+) and went out (−) from that moment.
    static func all(since: Date? = nil, on db: any Database) async throws -> [Key: (balance: Int, came: Int, went: Int)] {
        let sql = db as! any SQLDatabase
        var result: [Key: (balance: Int, came: Int, went: Int)] = [:]
        for row in try await sql.raw("SELECT item_id, branch_id, CAST(SUM(quantity) AS BIGINT) AS total FROM stock_movements GROUP BY item_id, branch_id").all() {
            let key = Key(item: try row.decode(column: "item_id", as: UUID.self), branch: try row.decode(column: "branch_id", as: UUID.self))
            result[key, default: (0, 0, 0)].balance = Int(try row.decode(column: "total", as: Int64.self))
        }
        if let since {
            let moves = try await sql.raw("""
                SELECT item_id, branch_id,
                       CAST(SUM(CASE WHEN quantity > 0 THEN quantity ELSE 0 END) AS BIGINT) AS came,
                       CAST(SUM(CASE WHEN quantity < 0 THEN -quantity ELSE 0 END) AS BIGINT) AS went
                FROM stock_movements WHERE recorded_at >= \(bind: since) GROUP BY item_id, branch_id
                """).all()
            for row in moves {
                let key = Key(item: try row.decode(column: "item_id", as: UUID.self), branch: try row.decode(column: "branch_id", as: UUID.self))
                result[key, default: (0, 0, 0)].came = Int(try row.decode(column: "came", as: Int64.self))
                result[key, default: (0, 0, 0)].went = Int(try row.decode(column: "went", as: Int64.self))
            }
        }
        return result
    }

    static func of(_ item: UUID, branch: UUID, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        let row = try await sql.raw("SELECT CAST(SUM(quantity) AS BIGINT) AS total FROM stock_movements WHERE item_id = \(bind: item) AND branch_id = \(bind: branch)").first()
        return Int(try row?.decode(column: "total", as: Int64?.self) ?? 0)
    }

    /// Writes `movement` and reads the balance back with it counted, inside the caller's transaction; the balance
    /// left, or nil when it would fall below zero (the caller then undoes the transaction). On PostgreSQL the item's
    /// row is locked first so two issues on the last items take turns.
    static func record(_ movement: StockMovement, on db: any Database) async throws -> Int? {
        if db.isPostgres, let sql = db as? any SQLDatabase {
            _ = try await sql.raw("SELECT id FROM stock_items WHERE id = \(bind: movement.itemID) FOR UPDATE").all()
        }
        try await movement.create(on: db)
        let left = try await of(movement.itemID, branch: movement.branchID, on: db)
        return left < 0 ? nil : left
    }
}

/// The delivery form's side of the stock. Registered in routes.swift as `app.requestStockLinks`.
struct RequestStock: RequestStockLink {
    func choices(branchID: UUID, selected: String, req: Request) async throws -> [FormField.Option] {
        let balances = try await StockBalances.all(on: req.db)
        return try await StockItem.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all().map { item in
            let id = try item.requireID()
            let left = balances[.init(item: id, branch: branchID)]?.balance ?? 0
            return FormField.Option(value: id.uuidString, label: req.t("stock.choiceLabel", item.name(in: req.language), String(left)),
                                    selected: id.uuidString == selected)
        }
    }

    func issue(itemID: UUID, quantity: Int, delivery: ServiceDelivery, branchID: UUID, req: Request, on db: any Database) async throws -> String? {
        guard let item = try await StockItem.find(itemID, on: db), item.isActive else { return req.t("validation.choose") }
        let movement = StockMovement()
        movement.itemID = itemID
        movement.branchID = branchID
        movement.kind = .issued
        movement.quantity = -quantity
        movement.deliveryID = try delivery.requireID()
        movement.note = ""
        movement.recordedBy = delivery.recordedBy
        movement.recordedAt = req.now
        guard try await StockBalances.record(movement, on: db) != nil else {
            let before = try await StockBalances.of(itemID, branch: branchID, on: db) + quantity
            return req.t("stock.error.short", item.name(in: req.language), String(max(0, before)))
        }
        try await req.audit("money.stock.issue", record: ("stock_movement", try movement.requireID().uuidString),
                            detail: "\(item.code) -\(quantity)", on: db)
        return nil
    }
}
