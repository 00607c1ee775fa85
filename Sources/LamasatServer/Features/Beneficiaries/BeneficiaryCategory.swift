import Fluent
import Foundation
import LamasatCore

/// A category of beneficiary (divorced, widow, dependant…), configurable by an administrator.
final class BeneficiaryCategory: Model, @unchecked Sendable {
    static let schema = "beneficiary_categories"

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

extension BeneficiaryCategory: BilingualNamed {}
