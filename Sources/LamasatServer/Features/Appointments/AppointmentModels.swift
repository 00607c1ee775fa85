import Fluent
import Foundation
import LamasatCore

/// An interview slot a branch publishes: when, how long, how it may be held, and how many it takes.
final class AppointmentSlot: Model, @unchecked Sendable {
    static let schema = "appointment_slots"

    @ID(key: .id) var id: UUID?
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "minutes") var minutes: Int
    /// The modes offered, comma-separated raw values.
    @Field(key: "modes") var modesText: String
    @Field(key: "capacity") var capacity: Int
    @Field(key: "is_cancelled") var isCancelled: Bool
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var modes: [AppointmentMode] { modesText.split(separator: ",").compactMap { AppointmentMode(rawValue: String($0)) } }
    var endsAt: Date { startsAt.addingTimeInterval(Double(minutes) * 60) }
}

/// Her appointment in a slot: how it is held, why, who booked it (nil: she did, from her portal), the reminder sent
/// the day before, and whether she came.
final class Appointment: Model, @unchecked Sendable {
    static let schema = "appointments"

    enum Source: String, Codable { case portal, staff }

    @ID(key: .id) var id: UUID?
    @Field(key: "slot_id") var slotID: UUID
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "mode") var mode: AppointmentMode
    @Field(key: "status") var status: AppointmentStatus
    @Field(key: "purpose") var purpose: String
    @Field(key: "source") var source: Source
    @OptionalField(key: "booked_by") var bookedBy: UUID?
    @Field(key: "booked_at") var bookedAt: Date
    @OptionalField(key: "reminded_at") var remindedAt: Date?
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "closed_by") var closedBy: UUID?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "version") var version: Int

    init() {}
}
