import Fluent
import Foundation

/// One processing activity of the record PDPL asks the association to keep.
final class ProcessingActivity: Model, @unchecked Sendable {
    static let schema = "processing_activities"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "legal_basis") var legalBasis: String
    @Field(key: "data_categories") var dataCategories: String
    @Field(key: "data_subjects") var dataSubjects: String
    @Field(key: "recipients") var recipients: String
    @Field(key: "retention") var retention: String
    @Field(key: "safeguards") var safeguards: String
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "sort_order") var sortOrder: Int
    @Field(key: "version") var version: Int
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
