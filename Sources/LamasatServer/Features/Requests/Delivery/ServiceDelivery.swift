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

/// What a household has received ([P-24]), and whether a support type's frequency allows it again.
enum Entitlements {
    static func history(of beneficiaryID: UUID, on db: any Database) async throws -> [ServiceDelivery] {
        try await ServiceDelivery.query(on: db).filter(\.$beneficiaryID == beneficiaryID).sort(\.$deliveredOn, .descending).all()
    }

    /// The first day she may receive `type` again, or nil when she may now.
    static func nextEligible(_ beneficiaryID: UUID, type: SupportType, now: Date, on db: any Database) async throws -> Date? {
        guard type.frequencyMonths > 0 else { return nil }
        let last = try await ServiceDelivery.query(on: db).filter(\.$beneficiaryID == beneficiaryID)
            .filter(\.$supportTypeID == type.requireID()).sort(\.$deliveredOn, .descending).first()
        let day = last.flatMap { CalendarDay(stored: $0.deliveredOn)?.moment }
        return EntitlementRule.nextEligible(lastReceived: day, frequencyMonths: type.frequencyMonths, now: now)
    }
}
