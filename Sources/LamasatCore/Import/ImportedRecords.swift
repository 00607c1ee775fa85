import Foundation

/// One thing wrong with one cell of a list: shown on the page and written to the report as row, column, value,
/// problem (a localization key).
public struct ImportProblem: Codable, Sendable, Equatable {
    public let row: Int
    public let column: String
    public let value: String
    public let key: String

    public init(row: Int, column: String, value: String, key: String) {
        self.row = row
        self.column = column
        self.value = String(value.prefix(200))
        self.key = key
    }
}

/// A file's row, checked with the validators of the file form.
public struct ImportedFile: Sendable, Equatable {
    public var nationalID: NationalID
    public var name: ArabicName
    public var birthDate: CalendarDay
    public var birthCalendar: CalendarDay.Calendar
    public var mobile: SaudiMobile
    public var iban: String
    public var nationality: String
    public var address: NationalAddress
    public var category: String
    public var branch: String
}

/// A household member's row, keyed by the mother's national ID.
public struct ImportedMember: Sendable, Equatable {
    public var motherNationalID: NationalID
    public var fullName: String
    public var relation: FamilyRelation
    public var nationalID: String
    public var birthDate: CalendarDay
    public var sex: Sex

    public init(motherNationalID: NationalID, fullName: String, relation: FamilyRelation, nationalID: String, birthDate: CalendarDay, sex: Sex) {
        self.motherNationalID = motherNationalID
        self.fullName = fullName
        self.relation = relation
        self.nationalID = nationalID
        self.birthDate = birthDate
        self.sex = sex
    }
}

/// Aid a household received before Lamasat: it counts in her entitlement history (how often a type may be given).
public struct ImportedAid: Sendable, Equatable {
    public var nationalID: NationalID
    /// The support type as the list names it (code, Arabic or English name); the engine finds it.
    public var supportType: String
    public var day: CalendarDay
    public var amount: Int64
    public var quantity: Int
    public var description: String
}

public struct ImportedDonor: Sendable, Equatable {
    public var name: String
    public var kind: DonorKind
    /// National ID or iqama for a person, commercial registration for an organization; "" when the list has none.
    public var identifier: String
    /// E.164 or "".
    public var mobile: String
    public var email: String
    public var city: String
    public var contactPerson: String
    public var consents: Bool
    public var branch: String
}

/// A past cash gift, tied to a donor already in Lamasat by her number, identifier or mobile.
public struct ImportedDonation: Sendable, Equatable {
    /// "D-2026-000012", the identifier's digits, or the mobile in E.164.
    public var donor: String
    public var amount: Int64
    public var day: CalendarDay
    public var method: DonationMethod
    public var reference: String
    public var designation: Designation
    /// The fund as the list names it, or "" for the one fund the designation fits.
    public var fund: String
    public var note: String
}

public struct ImportedVolunteer: Sendable, Equatable {
    public var nationalID: NationalID
    public var name: ArabicName
    public var mobile: SaudiMobile
    public var email: String
    public var gender: Gender
    public var city: String
    public var districts: [String]
    public var skills: [VolunteerSkill]
    public var branch: String
}

public enum ImportedRecord: Sendable, Equatable {
    case file(ImportedFile)
    case member(ImportedMember)
    case aid(ImportedAid)
    case donor(ImportedDonor)
    case donation(ImportedDonation)
    case volunteer(ImportedVolunteer)

    /// The natural key: a second row with it, in the file or in the database, is the same record.
    public var key: String {
        switch self {
        case .file(let file): file.nationalID.value
        case .member(let member): member.motherNationalID.value + "|" + (member.nationalID.isEmpty
            ? ArabicSearch.normalize(member.fullName) + "|" + member.birthDate.description : member.nationalID)
        case .aid(let aid): [aid.nationalID.value, HeaderMatcher.normalized(aid.supportType), aid.day.description, String(aid.amount),
                             String(aid.quantity)].joined(separator: "|")
        case .donor(let donor): donor.identifier.isEmpty ? donor.mobile : donor.identifier
        case .donation(let gift): [gift.donor, gift.day.description, String(gift.amount), gift.reference].joined(separator: "|")
        case .volunteer(let volunteer): volunteer.nationalID.value
        }
    }
}
