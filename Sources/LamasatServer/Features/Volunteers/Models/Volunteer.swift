import Fluent
import Foundation
import LamasatCore

/// A person who gives her time to the association ([P-1], [P-16] channel 6), kept apart from beneficiaries: she
/// never reaches a beneficiary's file, only the minimum an open assignment needs.
final class Volunteer: Model, @unchecked Sendable {
    static let schema = "volunteers"

    @ID(key: .id) var id: UUID?
    /// "V-2026-000123", given once (`Counters` "volunteer").
    @Field(key: "number") var number: String
    @Field(key: "name") var name: String
    @Field(key: "national_id") var nationalID: String
    /// E.164, checked as a Saudi mobile; where her sign-in codes go.
    @Field(key: "mobile") var mobile: String
    @Field(key: "email") var email: String
    @Field(key: "gender") var gender: Gender
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "city") var city: String
    @Field(key: "districts") var districts: String
    /// `VolunteerSkill` codes.
    @Field(key: "skills") var skills: String
    /// Language codes (ar, en, ur, …).
    @Field(key: "languages") var languages: String
    /// `AvailabilitySlot` codes.
    @Field(key: "availability") var availability: String
    @Field(key: "transport") var transport: VolunteerTransport
    @Field(key: "emergency_name") var emergencyName: String
    @Field(key: "emergency_phone") var emergencyPhone: String
    @Field(key: "status") var status: VolunteerStatus
    @Field(key: "status_reason") var statusReason: String
    @OptionalField(key: "application_id") var applicationID: UUID?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "version") var version: Int

    init() {}

    var skillList: [VolunteerSkill] { CodeList.parse(skills).compactMap(VolunteerSkill.init(rawValue:)) }
    var districtList: [String] { CodeList.parse(districts) }
    var slots: Set<AvailabilitySlot> { Set(CodeList.parse(availability).compactMap(AvailabilitySlot.init)) }
    /// Her first name only: what a beneficiary or another volunteer may be told.
    var firstName: String { String(name.split(separator: " ").first ?? Substring(name)) }
}
