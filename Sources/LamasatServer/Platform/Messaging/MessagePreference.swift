import Fluent
import Foundation
import LamasatCore

/// How a beneficiary wants to be reached, and whether she asked for no more messages.
final class MessagePreference: Model, @unchecked Sendable {
    static let schema = "message_preferences"

    @ID(key: .id) var id: UUID?
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "channel") var channel: MessageChannel
    @Field(key: "opted_out") var optedOut: Bool
    @OptionalField(key: "opted_out_at") var optedOutAt: Date?
    @Field(key: "note") var note: String
    /// "ar" or "en": the language of her messages.
    @Field(key: "language") var language: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// The defaults: SMS, messages allowed.
    init(beneficiaryID: UUID, at now: Date) {
        self.beneficiaryID = beneficiaryID
        self.channel = .sms
        self.optedOut = false
        self.note = ""
        self.language = "ar"
        self.updatedAt = now
    }

    static func of(_ beneficiaryID: UUID, on db: any Database) async throws -> MessagePreference? {
        try await MessagePreference.query(on: db).filter(\.$beneficiaryID == beneficiaryID).first()
    }
}
