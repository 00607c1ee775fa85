import Fluent
import Foundation
import LamasatCore

/// A change of her mobile or national address asked for from the portal. Both are sensitive — the mobile receives
/// her sign-in codes, the address her visits — so an officer verifies it before it reaches her file.
final class ContactChange: Model, @unchecked Sendable {
    static let schema = "contact_changes"

    enum Kind: String, Codable, CaseIterable, Sendable {
        case mobile, address
        var localizationKey: String { "contactChange.kind.\(rawValue)" }
    }

    enum Status: String, Codable, CaseIterable, Sendable {
        case pending, applied, rejected
        var localizationKey: String { "contactChange.status.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "kind") var kind: Kind
    /// The new mobile (E.164), or the new address as JSON of its fields.
    @Field(key: "value") var value: String
    @Field(key: "status") var status: Status
    @Field(key: "reason") var reason: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}

    var address: NationalAddress? {
        kind == .address ? try? JSONDecoder().decode(NationalAddress.self, from: Data(value.utf8)) : nil
    }

    static func encode(_ address: NationalAddress) -> String {
        String(decoding: (try? JSONEncoder().encode(address)) ?? Data(), as: UTF8.self)
    }
}
