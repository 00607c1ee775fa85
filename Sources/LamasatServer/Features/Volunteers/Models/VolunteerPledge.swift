import Fluent
import Foundation
import LamasatCore
import Vapor

/// A wording of the volunteering agreement or the confidentiality pledge. A new wording is a new version, and asks
/// every volunteer for a new signature; signatures keep the version they saw.
final class VolunteerPledgeText: Model, @unchecked Sendable {
    static let schema = "volunteer_pledge_texts"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: PledgeKind
    @Field(key: "version") var version: Int
    @Field(key: "text_ar") var arabic: String
    @Field(key: "text_en") var english: String
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    func text(in language: Language) -> String { language == .en && !english.isEmpty ? english : arabic }

    /// The newest wording of each kind.
    static func current(on db: any Database) async throws -> [PledgeKind: VolunteerPledgeText] {
        var newest: [PledgeKind: VolunteerPledgeText] = [:]
        for text in try await VolunteerPledgeText.query(on: db).sort(\.$version).all() { newest[text.kind] = text }
        return newest
    }
}

/// One signature of one wording by one volunteer: drawn on the pad (the image kept here) or her typed name; on her own
/// phone (`recordedBy` nil) or in front of the coordinator.
final class VolunteerPledge: Model, @unchecked Sendable {
    static let schema = "volunteer_pledges"

    @ID(key: .id) var id: UUID?
    @Field(key: "volunteer_id") var volunteerID: UUID
    @Field(key: "kind") var kind: PledgeKind
    @Field(key: "text_version") var textVersion: Int
    @Field(key: "method") var method: DeclarationMethod
    @Field(key: "signer_name") var signerName: String
    @OptionalField(key: "signature_type") var signatureType: String?
    @OptionalField(key: "signature") var signature: Data?
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Field(key: "signed_at") var signedAt: Date

    init() {}
}

enum VolunteerPledges {
    /// The kinds whose current wording she has not signed: no assignment may be offered to or accepted by her until
    /// this is empty.
    static func missing(for volunteerID: UUID, on db: any Database) async throws -> [PledgeKind] {
        let current = try await VolunteerPledgeText.current(on: db)
        let signed = try await VolunteerPledge.query(on: db).filter(\.$volunteerID == volunteerID).all()
        return PledgeKind.allCases.filter { kind in
            guard let text = current[kind] else { return false }
            return !signed.contains { $0.kind == kind && $0.textVersion == text.version }
        }
    }
}
