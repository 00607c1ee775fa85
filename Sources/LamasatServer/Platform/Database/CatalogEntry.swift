import Fluent
import Foundation
import LamasatCore

/// Which table a catalog's entries live in.
protocol CatalogKind: Sendable {
    static var schema: String { get }
}

/// An entry of a simple catalog the association edits: a code set once, an Arabic and an English name, an order,
/// and retired rather than deleted (records point at it). One model for every such table.
final class CatalogEntry<Kind: CatalogKind>: Model, @unchecked Sendable {
    static var schema: String { Kind.schema }

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name_ar") var nameArabic: String
    @Field(key: "name_en") var nameEnglish: String
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "sort_order") var sortOrder: Int

    init() {}

    init(code: String, nameArabic: String, nameEnglish: String, sortOrder: Int) {
        self.code = code
        self.nameArabic = nameArabic
        self.nameEnglish = nameEnglish
        self.isActive = true
        self.sortOrder = sortOrder
    }
}

extension CatalogEntry: BilingualNamed {}
