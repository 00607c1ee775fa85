import Fluent
import Foundation
import LamasatCore

/// A kind of support the association gives (financial aid, rent, food basket…): the documents it needs, the most it
/// grants, and how often one household may receive it.
final class SupportType: Model, @unchecked Sendable {
    static let schema = "support_types"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name_ar") var nameArabic: String
    @Field(key: "name_en") var nameEnglish: String
    @Field(key: "kind") var kind: SupportKind
    /// Document type codes separated by commas.
    @Field(key: "required_documents") var requiredDocuments: String
    /// 0 when the type has no ceiling.
    @Field(key: "maximum_amount") var maximumAmount: Int64
    /// 0 when a household may receive it at any time.
    @Field(key: "frequency_months") var frequencyMonths: Int
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "sort_order") var sortOrder: Int

    init() {}

    init(code: String, nameArabic: String, nameEnglish: String, kind: SupportKind, requiredDocuments: String,
         maximumAmount: Int64, frequencyMonths: Int, sortOrder: Int) {
        self.code = code
        self.nameArabic = nameArabic
        self.nameEnglish = nameEnglish
        self.kind = kind
        self.requiredDocuments = requiredDocuments
        self.maximumAmount = maximumAmount
        self.frequencyMonths = frequencyMonths
        self.isActive = true
        self.sortOrder = sortOrder
    }

    var requiredDocumentCodes: Set<String> { Set(requiredDocuments.split(separator: ",").map(String.init)) }
}

extension SupportType: BilingualNamed {}
