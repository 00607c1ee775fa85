import Fluent
import Foundation
import LamasatCore

/// A kind of document in the catalog (ID card, divorce deed…): for which categories it is required, and whether
/// it expires.
final class DocumentType: Model, @unchecked Sendable {
    static let schema = "document_types"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name_ar") var nameArabic: String
    @Field(key: "name_en") var nameEnglish: String
    @Field(key: "has_expiry") var hasExpiry: Bool
    /// Category codes separated by commas; "*" means every category.
    @Field(key: "required_for") var requiredFor: String
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "sort_order") var sortOrder: Int

    init() {}

    init(code: String, nameArabic: String, nameEnglish: String, hasExpiry: Bool, requiredFor: String, sortOrder: Int) {
        self.code = code
        self.nameArabic = nameArabic
        self.nameEnglish = nameEnglish
        self.hasExpiry = hasExpiry
        self.requiredFor = requiredFor
        self.isActive = true
        self.sortOrder = sortOrder
    }


    var requiredCategoryCodes: Set<String> { Set(requiredFor.split(separator: ",").map { String($0).trimmingWhitespace() }) }

    func isRequired(for categoryCode: String) -> Bool {
        isActive && (requiredCategoryCodes.contains("*") || requiredCategoryCodes.contains(categoryCode))
    }
}

extension DocumentType: BilingualNamed {}

/// A document of a beneficiary's file. The bytes live in `document_contents`, in the same database, so they are in
/// every backup and shared by every instance.
final class BeneficiaryDocument: Model, @unchecked Sendable {
    static let schema = "documents"

    @ID(key: .id) var id: UUID?
    @Parent(key: "beneficiary_id") var beneficiary: Beneficiary
    @Parent(key: "type_id") var type: DocumentType
    @Field(key: "issue_date") var issueDate: String
    @Field(key: "expiry_date") var expiryDate: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "uploaded_by") var uploadedBy: UUID
    @Field(key: "uploaded_at") var uploadedAt: Date
    @Field(key: "verification") var verification: DocumentVerification
    @Field(key: "verification_reason") var verificationReason: String
    @OptionalField(key: "verified_by") var verifiedBy: UUID?
    @OptionalField(key: "verified_at") var verifiedAt: Date?

    init() {}

    /// Expired once its expiry day has passed, whatever was recorded before ([P-19]).
    func effectiveVerification(today: String) -> DocumentVerification {
        if !expiryDate.isEmpty && expiryDate < today { return .expired }
        return verification
    }
}

final class DocumentContent: Model, @unchecked Sendable {
    static let schema = "document_contents"

    @ID(custom: "document_id", generatedBy: .user) var id: UUID?
    @Field(key: "data") var data: Data

    init() {}

    init(documentID: UUID, data: Data) {
        self.id = documentID
        self.data = data
    }
}
