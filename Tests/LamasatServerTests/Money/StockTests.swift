import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 18, part C: in-kind stock per branch, issued on the delivery of an approved in-kind request, counted
/// corrections, the item catalog.
@Suite("Stock")
struct StockTests {
    private func ar(_ t: TestContext, _ key: String, _ args: String...) -> String { t.app.lamasat.localizer.text(key, .ar, args) }

    /// An approved food-basket request of a widow's file in `branch` (head office by default), written directly.
    private func approvedBasket(_ t: TestContext, _ crew: Crew, branch: Branch? = nil) async throws -> SupportRequest {
        let file = try await registerFile(crew.officer, try await fileForm(t, branch: branch))
        let type = try #require(try await SupportType.query(on: t.db).filter(\.$code == "food_basket").first())
        let request = SupportRequest()
        request.trackingNumber = "R-2026-\(Int.random(in: 100_000...999_999))"
        request.$beneficiary.id = file
        request.branchID = try await Beneficiary.find(file, on: t.db)!.$branch.id
        request.$supportType.id = try type.requireID()
        request.channel = .phone
        request.description = "سلة غذائية"
        request.requestedAmount = 0
        request.status = .approved
        request.declarationSigned = true
        request.createdBy = UUID()
        request.createdAt = t.clock.now()
        request.updatedAt = t.clock.now()
        try await request.create(on: t.db)
        return request
    }

    private func put(_ t: TestContext, _ code: String, _ quantity: Int, branch: UUID) async throws {
        let movement = StockMovement()
        movement.itemID = try await StockItem.query(on: t.db).filter(\.$code == code).first()!.requireID()
        movement.branchID = branch
        movement.kind = .received
        movement.quantity = quantity
        movement.note = ""
        movement.recordedBy = UUID()
        movement.recordedAt = t.clock.now()
        try await movement.create(on: t.db)
    }

    private func delivery(_ t: TestContext, item: UUID, quantity: String) -> [String: String] {
        ["description": "سلة غذائية", "quantity": quantity, "date": CalendarDay.today(t.clock.now()).description, "place": "office",
         "deliveredBy": "موظفة", "signature": Crew.signature, "stockItem": item.uuidString]
    }

    @Test("a delivery of an in-kind request takes the items from its branch's stock; a short stock refuses it and nothing is recorded")
    func issue() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let request = try await approvedBasket(t, crew)
            let id = try request.requireID()
            let basket = try await StockItem.query(on: t.db).filter(\.$code == "food_basket").first()!.requireID()
            try await put(t, "food_basket", 3, branch: request.branchID)
            let form = try await crew.service.get("/requests/\(id)/deliveries/new")
            #expect(form.contains(ar(t, "stock.deliveryItem")) && form.contains(ar(t, "stock.choiceLabel", "سلة غذائية", "3")))
            let short = try await crew.service.post("/requests/\(id)/deliveries", delivery(t, item: basket, quantity: "5"))
            #expect(short.status == .unprocessableEntity && short.contains(ar(t, "stock.error.short", "سلة غذائية", "3")))
            #expect(try await ServiceDelivery.query(on: t.db).count() == 0)
            #expect(try await StockBalances.of(basket, branch: request.branchID, on: t.db) == 3)
            #expect(try await crew.request(id).status == .approved)
            #expect(try await crew.service.post("/requests/\(id)/deliveries", delivery(t, item: basket, quantity: "2")).status == .seeOther)
            #expect(try await StockBalances.of(basket, branch: request.branchID, on: t.db) == 1)
            let issued = try #require(try await StockMovement.query(on: t.db).filter(\.$kind == .issued).first())
            let recorded = try await ServiceDelivery.query(on: t.db).first()?.id
            #expect(issued.quantity == -2 && issued.deliveryID == recorded)
            #expect(try await t.auditEntries(action: "money.stock.issue").count == 1)
            // An item without a quantity is refused.
            let noQuantity = try await crew.service.post("/requests/\(id)/deliveries", delivery(t, item: basket, quantity: ""))
            #expect(noQuantity.status == .unprocessableEntity && noQuantity.contains(ar(t, "stock.error.quantityForItem")))
        }
    }

    @Test("the stock page shows each branch's balance and this month's movements; an item's movements stay within her branch")
    func pages() async throws {
        try await withLamasat { t in
            let jeddah = try await t.makeBranch("JED")
            let hq = try await t.headOffice()
            try await put(t, "blanket", 7, branch: hq.requireID())
            try await put(t, "blanket", 4, branch: jeddah.requireID())
            let (finance, _) = try await t.signedIn(as: .financeOfficer, scope: .allBranches)
            let page = try await finance.get("/stock")
            #expect(page.status == .ok && page.contains("<strong>7</strong>") && page.contains("<strong>4</strong>"))
            let blanket = try await StockItem.query(on: t.db).filter(\.$code == "blanket").first()!.requireID()
            #expect(try await finance.get("/stock/\(blanket)").contains("+7"))
            let (local, _) = try await t.signedIn(as: .financeOfficer, username: "jed.finance", branch: jeddah, scope: .ownBranch)
            let mine = try await local.get("/stock/\(blanket)")
            #expect(mine.contains("+4") && !mine.contains("+7"))
            #expect(try await finance.get("/stock/\(UUID())").status == .notFound)
        }
    }

    @Test("a counted correction needs a reason, never goes below zero, and is audited")
    func adjust() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let hq = try await t.headOffice().requireID()
            try await put(t, "school_bag", 10, branch: hq)
            let bag = try await StockItem.query(on: t.db).filter(\.$code == "school_bag").first()!.requireID()
            #expect(try await admin.get("/stock/adjust").status == .ok)
            let noReason = try await admin.post("/stock/adjust", ["item": bag.uuidString, "branch": hq.uuidString, "counted": "8", "reason": ""])
            #expect(noReason.status == .unprocessableEntity && noReason.contains(ar(t, "stock.error.reason")) && noReason.contains("value=\"8\""))
            let negative = try await admin.post("/stock/adjust", ["item": bag.uuidString, "branch": hq.uuidString, "counted": "-1", "reason": "جرد"])
            #expect(negative.status == .unprocessableEntity && negative.contains(ar(t, "stock.error.counted")))
            #expect(try await StockBalances.of(bag, branch: hq, on: t.db) == 10)
            #expect(try await admin.post("/stock/adjust", ["item": bag.uuidString, "branch": hq.uuidString, "counted": "٨", "reason": "تلف حقيبتين"]).status == .seeOther)
            #expect(try await StockBalances.of(bag, branch: hq, on: t.db) == 8)
            let correction = try #require(try await StockMovement.query(on: t.db).filter(\.$kind == .adjusted).first())
            #expect(correction.quantity == -2 && correction.note == "تلف حقيبتين")
            #expect(try await t.auditEntries(action: "money.stock.adjust").count == 1)
            // The item catalog.
            #expect(try await admin.post("/admin/stock-items", ["code": "heater", "nameArabic": "دفاية", "unit": "قطعة"]).status == .seeOther)
            #expect(try await StockItem.query(on: t.db).filter(\.$code == "heater").count() == 1)
            #expect(try await admin.post("/admin/stock-items", ["code": "heater", "nameArabic": "دفاية", "unit": "قطعة"]).status == .unprocessableEntity)
            #expect(try await t.auditEntries(action: "money.stockItem.create").count == 1)
            let (finance, _) = try await t.signedIn(as: .financeOfficer)
            #expect(try await finance.post("/stock/adjust", ["item": bag.uuidString, "branch": hq.uuidString, "counted": "1", "reason": "x"]).status == .forbidden)
        }
    }
}
