import Fluent
import Foundation
import LamasatCore

/// One delivery of an approved service ([P-24]); the file's entitlement history is the list of these.
final class ServiceDelivery: Model, @unchecked Sendable {
    static let schema = "service_deliveries"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "support_type_id") var supportTypeID: UUID
    @Field(key: "description") var description: String
    @Field(key: "amount") var amount: Int64
    @Field(key: "quantity") var quantity: Int
    /// The day as "YYYY-MM-DD" (Gregorian), like document dates.
    @Field(key: "delivered_on") var deliveredOn: String
    @Field(key: "place") var place: DeliveryPlace
    /// Who handed it over: a staff member's or volunteer's name.
    @Field(key: "delivered_by") var deliveredBy: String
    /// The volunteer who handed it over, when one did (issue 17).
    @OptionalField(key: "volunteer_id") var volunteerID: UUID?
    @OptionalField(key: "proof_attachment_id") var proofAttachmentID: UUID?
    @Field(key: "is_final") var isFinal: Bool
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// Aid she received before Lamasat, imported from the association's lists: history, not a request's delivery.
final class PastAid: Model, @unchecked Sendable {
    static let schema = "past_aid"

    @ID(key: .id) var id: UUID?
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "support_type_id") var supportTypeID: UUID
    @Field(key: "description") var description: String
    @Field(key: "amount") var amount: Int64
    @Field(key: "quantity") var quantity: Int
    /// "YYYY-MM-DD" (Gregorian).
    @Field(key: "delivered_on") var deliveredOn: String
    @OptionalField(key: "import_id") var importID: UUID?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// What a household has received ([P-24]), and whether a support type's frequency allows it again: the deliveries
/// of her requests and the aid imported from before Lamasat.
enum Entitlements {
    struct Entry {
        let deliveredOn: String
        let supportTypeID: UUID
        let description: String
        let amount: Int64
        let quantity: Int
        /// nil for aid from before Lamasat.
        let requestID: UUID?
    }

    static func history(of beneficiaryID: UUID, on db: any Database) async throws -> [Entry] {
        let delivered = try await ServiceDelivery.query(on: db).filter(\.$beneficiaryID == beneficiaryID).all().map {
            Entry(deliveredOn: $0.deliveredOn, supportTypeID: $0.supportTypeID, description: $0.description, amount: $0.amount,
                  quantity: $0.quantity, requestID: $0.requestID)
        }
        let past = try await PastAid.query(on: db).filter(\.$beneficiaryID == beneficiaryID).all().map {
            Entry(deliveredOn: $0.deliveredOn, supportTypeID: $0.supportTypeID, description: $0.description, amount: $0.amount,
                  quantity: $0.quantity, requestID: nil)
        }
        return (delivered + past).sorted { $0.deliveredOn > $1.deliveredOn }
    }

    /// The first day she may receive `type` again, or nil when she may now.
    static func nextEligible(_ beneficiaryID: UUID, type: SupportType, now: Date, on db: any Database) async throws -> Date? {
        guard type.frequencyMonths > 0 else { return nil }
        let typeID = try type.requireID()
        let delivered = try await ServiceDelivery.query(on: db).filter(\.$beneficiaryID == beneficiaryID)
            .filter(\.$supportTypeID == typeID).sort(\.$deliveredOn, .descending).first()?.deliveredOn
        let past = try await PastAid.query(on: db).filter(\.$beneficiaryID == beneficiaryID)
            .filter(\.$supportTypeID == typeID).sort(\.$deliveredOn, .descending).first()?.deliveredOn
        let day = [delivered, past].compactMap { $0 }.max().flatMap { CalendarDay(stored: $0)?.moment }
        return EntitlementRule.nextEligible(lastReceived: day, frequencyMonths: type.frequencyMonths, now: now)
    }
}
