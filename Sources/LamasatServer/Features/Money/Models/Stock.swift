import Fluent
import Foundation
import LamasatCore

/// A kind of item the association receives and gives (food basket, school bag, blanket…).
final class StockItem: Model, @unchecked Sendable {
    static let schema = "stock_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name_ar") var nameArabic: String
    @Field(key: "name_en") var nameEnglish: String
    /// "سلة", "حقيبة", "piece"…
    @Field(key: "unit") var unit: String
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "sort_order") var sortOrder: Int

    init() {}
}

extension StockItem: BilingualNamed {}

/// One change of a branch's stock of an item: received with a gift (+), issued on a delivery (−), or corrected.
/// The balance per item and branch is their sum.
final class StockMovement: Model, @unchecked Sendable {
    static let schema = "stock_movements"

    @ID(key: .id) var id: UUID?
    @Field(key: "item_id") var itemID: UUID
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "kind") var kind: StockMovementKind
    /// Signed: received and positive corrections add, issues subtract.
    @Field(key: "quantity") var quantity: Int
    @OptionalField(key: "donation_id") var donationID: UUID?
    @OptionalField(key: "delivery_id") var deliveryID: UUID?
    @Field(key: "note") var note: String
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}
