import Fluent
import Foundation
import LamasatCore
import SQLKit

extension BeneficiaryRegistry {
    /// Every column of `beneficiaries`, in the order `insertMany` binds them; a test holds it to the model's keys.
    static let bulkColumns = [
        "id", "file_sequence", "national_id", "name_first", "name_father", "name_grandfather", "name_family", "name_latin", "name_normalized",
        "birth_date", "birth_calendar", "category_id", "nationality", "mobile", "alternate_phone", "email", "address_building", "address_street",
        "address_district", "address_city", "address_postal_code", "address_additional", "address_short", "branch_id", "education", "employment",
        "monthly_income", "income_sources", "housing", "monthly_rent", "health_notes", "has_disability", "iban", "consent_given",
        "consent_method", "consent_notice_version", "consent_at", "consent_by", "status", "status_reason", "version", "created_at", "updated_at",
        "created_by", "updated_by", "anonymised_at",
    ]

    /// Many new files, 100 to a statement, their values read straight from the models: Fluent's create reflects
    /// over each model's properties, which was 40% of a 100,000-row import.
    static func insertMany(_ files: [Beneficiary], on db: any Database) async throws {
        for start in stride(from: 0, to: files.count, by: 100) {
            let rows = try files[start..<min(start + 100, files.count)].map { f -> any SQLExpression in
                let values: [any Encodable & Sendable] = [
                    try f.requireID(), f.fileSequence, f.nationalID, f.nameFirst, f.nameFather, f.nameGrandfather, f.nameFamily, f.nameLatin,
                    f.nameNormalized, f.birthDate, f.birthCalendar.rawValue, f.$category.id, f.nationality, f.mobile, f.alternatePhone, f.email,
                    f.addressBuilding, f.addressStreet, f.addressDistrict, f.addressCity, f.addressPostalCode, f.addressAdditional, f.addressShort,
                    f.$branch.id, f.education.rawValue, f.employment.rawValue, f.monthlyIncome, f.incomeSources, f.housing.rawValue, f.monthlyRent,
                    f.healthNotes, f.hasDisability, f.iban, f.consentGiven, f.consentMethod.rawValue, f.consentNoticeVersion, f.consentAt, f.consentBy,
                    f.status.rawValue, f.statusReason, f.version, f.createdAt, f.updatedAt, f.createdBy, f.updatedBy, f.anonymisedAt,
                ]
                return SQLGroupExpression(values.map { SQLBind($0) })
            }
            try await db.sql.raw("INSERT INTO beneficiaries (\(unsafeRaw: bulkColumns.joined(separator: ", "))) VALUES \(SQLList(rows))").run()
        }
    }
}
