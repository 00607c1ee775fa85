import Fluent
import Foundation
import LamasatCore

/// A supporter of the association ([P-1]): a person or an organization. Looked after by one branch.
final class Donor: Model, @unchecked Sendable {
    static let schema = "donors"

    @ID(key: .id) var id: UUID?
    /// "D-2026-000012".
    @Field(key: "number") var number: String
    @Field(key: "kind") var kind: DonorKind
    @Field(key: "name") var name: String
    /// For an organization: the person the association deals with.
    @Field(key: "contact_person") var contactPerson: String
    /// Optional: a national ID, iqama or commercial registration number.
    @Field(key: "identifier") var identifier: String
    /// "+9665XXXXXXXX" or "".
    @Field(key: "mobile") var mobile: String
    @Field(key: "email") var email: String
    @Field(key: "city") var city: String
    @Field(key: "preferred_channel") var preferredChannel: DonorChannel
    /// She agreed to hear from the association (thanks, statements, reminders); without it nothing is sent.
    @Field(key: "consents_to_contact") var consentsToContact: Bool
    @OptionalField(key: "consent_at") var consentAt: Date?
    /// Reports and receipts' public pages show "فاعل خير" instead of the name.
    @Field(key: "is_anonymous") var isAnonymous: Bool
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "notes") var notes: String
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "version") var version: Int

    init() {}

    /// The name a report or a public page may show.
    var publicName: String { isAnonymous ? "فاعل خير" : name }
}
