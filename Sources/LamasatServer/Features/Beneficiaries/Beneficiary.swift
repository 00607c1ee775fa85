import Fluent
import Foundation
import LamasatCore

/// A beneficiary's file (ملف المستفيدة). `version` guards against two officers overwriting each other;
/// `fileSequence` is the file number and the row id of the name index.
final class Beneficiary: Model, @unchecked Sendable {
    static let schema = "beneficiaries"

    @ID(key: .id) var id: UUID?
    @Field(key: "file_sequence") var fileSequence: Int64
    @Field(key: "national_id") var nationalID: String
    @Field(key: "name_first") var nameFirst: String
    @Field(key: "name_father") var nameFather: String
    @Field(key: "name_grandfather") var nameGrandfather: String
    @Field(key: "name_family") var nameFamily: String
    @Field(key: "name_latin") var nameLatin: String
    @Field(key: "name_normalized") var nameNormalized: String
    @Field(key: "birth_date") var birthDate: String
    @Field(key: "birth_calendar") var birthCalendar: CalendarDay.Calendar
    @Parent(key: "category_id") var category: BeneficiaryCategory
    @Field(key: "nationality") var nationality: String
    @Field(key: "mobile") var mobile: String
    @Field(key: "alternate_phone") var alternatePhone: String
    @Field(key: "email") var email: String
    @Field(key: "address_building") var addressBuilding: String
    @Field(key: "address_street") var addressStreet: String
    @Field(key: "address_district") var addressDistrict: String
    @Field(key: "address_city") var addressCity: String
    @Field(key: "address_postal_code") var addressPostalCode: String
    @Field(key: "address_additional") var addressAdditional: String
    @Field(key: "address_short") var addressShort: String
    @Parent(key: "branch_id") var branch: Branch
    @Field(key: "education") var education: Education
    @Field(key: "employment") var employment: Employment
    @Field(key: "monthly_income") var monthlyIncome: Int64
    @Field(key: "income_sources") var incomeSources: String
    @Field(key: "housing") var housing: Housing
    @Field(key: "monthly_rent") var monthlyRent: Int64
    @Field(key: "health_notes") var healthNotes: String
    @Field(key: "has_disability") var hasDisability: Bool
    @Field(key: "iban") var iban: String
    @Field(key: "consent_given") var consentGiven: Bool
    @Field(key: "consent_method") var consentMethod: ConsentMethod
    @Field(key: "consent_notice_version") var consentNoticeVersion: String
    @OptionalField(key: "consent_at") var consentAt: Date?
    @OptionalField(key: "consent_by") var consentBy: UUID?
    @Field(key: "status") var status: BeneficiaryStatus
    @Field(key: "status_reason") var statusReason: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "updated_by") var updatedBy: UUID
    /// When the retention schedule removed her from the file (issue 20); the file stays for the statistics.
    @OptionalField(key: "anonymised_at") var anonymisedAt: Date?

    init() {}

    var name: ArabicName {
        ArabicName(first: nameFirst, father: nameFather, grandfather: nameGrandfather, family: nameFamily)
    }

    var address: NationalAddress {
        NationalAddress(buildingNumber: addressBuilding, street: addressStreet, district: addressDistrict, city: addressCity,
                        postalCode: addressPostalCode, additionalNumber: addressAdditional, shortAddress: addressShort)
    }

    /// "LMS-000123"
    var fileNumber: String { Beneficiary.fileNumber(fileSequence) }

    static func fileNumber(_ sequence: Int64) -> String { "LMS-" + zeroPadded(sequence, width: 6) }
}

/// A member of the beneficiary's household.
final class FamilyMember: Model, @unchecked Sendable {
    static let schema = "family_members"

    @ID(key: .id) var id: UUID?
    @Parent(key: "beneficiary_id") var beneficiary: Beneficiary
    @Field(key: "relation") var relation: FamilyRelation
    @Field(key: "full_name") var fullName: String
    @Field(key: "national_id") var nationalID: String
    @Field(key: "birth_date") var birthDate: String
    @Field(key: "sex") var sex: Sex
    @Field(key: "schooling") var schooling: Schooling
    @Field(key: "health_notes") var healthNotes: String
    @Field(key: "monthly_income") var monthlyIncome: Int64
    @Field(key: "is_dependant") var isDependant: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var householdMember: HouseholdMember {
        HouseholdMember(birthDate: CalendarDay(stored: birthDate), isDependant: isDependant)
    }
}

/// An officer's recorded decision that a new file is not a duplicate of a similar existing one.
final class DuplicateDecision: Model, @unchecked Sendable {
    static let schema = "duplicate_decisions"

    @ID(key: .id) var id: UUID?
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "similar_beneficiary_id") var similarBeneficiaryID: UUID
    @Field(key: "matched_on") var matchedOn: String
    @Field(key: "decided_by") var decidedBy: UUID
    @Field(key: "decided_at") var decidedAt: Date

    init() {}

    init(beneficiaryID: UUID, similarBeneficiaryID: UUID, matchedOn: String, decidedBy: UUID, decidedAt: Date) {
        self.beneficiaryID = beneficiaryID
        self.similarBeneficiaryID = similarBeneficiaryID
        self.matchedOn = matchedOn
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }
}
