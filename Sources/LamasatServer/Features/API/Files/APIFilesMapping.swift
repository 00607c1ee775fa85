import Foundation
import LamasatAPI
import LamasatCore
import Vapor

/// Between the contract's shapes and the pages' forms and models. Input goes into the very form the page reads, so
/// the form's validation is the API's.
enum APIFilesMapping {
    /// The JSON fields of `input` over `form`'s values: strings as typed, a true boolean as a ticked checkbox.
    static func formValues<T: Encodable>(_ input: T, over values: [String: String]) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(input)) as? [String: Any] ?? [:]
        var merged = values
        for (name, value) in object {
            switch value {
            case let text as String: merged[name] = text.trimmingWhitespace()
            case let flag as Bool: merged[name] = flag ? "on" : nil
            default: break
            }
        }
        return merged
    }

    static func beneficiary(_ b: Beneficiary, _ language: Language) throws -> Components.Schemas.Beneficiary {
        let form = BeneficiaryForm(b)
        return .init(
            id: try b.requireID().uuidString, fileNumber: b.fileNumber, version: b.version, nationalID: b.nationalID,
            nameFirst: b.nameFirst, nameFather: b.nameFather, nameGrandfather: b.nameGrandfather, nameFamily: b.nameFamily,
            nameLatin: b.nameLatin, birthDate: b.birthDate, category: b.$category.id.uuidString,
            categoryName: b.$category.value?.name(in: language) ?? "", nationality: b.nationality, mobile: b.mobile,
            alternatePhone: b.alternatePhone, email: b.email, addressBuilding: b.addressBuilding, addressStreet: b.addressStreet,
            addressDistrict: b.addressDistrict, addressCity: b.addressCity, addressPostalCode: b.addressPostalCode,
            addressAdditional: b.addressAdditional, addressShort: b.addressShort, education: b.education.rawValue,
            employment: b.employment.rawValue, monthlyIncome: form["monthlyIncome"], incomeSources: b.incomeSources,
            housing: b.housing.rawValue, monthlyRent: form["monthlyRent"], healthNotes: b.healthNotes, hasDisability: b.hasDisability,
            iban: b.iban, branch: b.$branch.id.uuidString, branchName: b.$branch.value?.name(in: language) ?? "",
            status: .init(rawValue: b.status.rawValue) ?? .applicant, createdAt: b.createdAt, updatedAt: b.updatedAt)
    }

    static func summary(_ row: BeneficiaryRegistry.ListRow, _ language: Language) -> Components.Schemas.BeneficiarySummary {
        let english = language == .en
        return .init(
            id: row.id.uuidString, fileNumber: Beneficiary.fileNumber(row.file_sequence), name: row.name.full,
            nationalIDMasked: (try? NationalID(row.national_id))?.masked ?? "", mobile: row.mobile,
            status: .init(rawValue: row.status) ?? .applicant,
            category: english && !row.category_en.isEmpty ? row.category_en : row.category_ar,
            branch: english && !row.branch_en.isEmpty ? row.branch_en : row.branch_ar, city: row.address_city, createdAt: row.created_at)
    }

    static func member(_ m: FamilyMember) throws -> Components.Schemas.FamilyMember {
        let form = FamilyMemberForm(m)
        return .init(id: try m.requireID().uuidString, relation: m.relation.rawValue, fullName: m.fullName, nationalID: m.nationalID,
                     birthDate: m.birthDate, sex: m.sex.rawValue, schooling: m.schooling.rawValue, healthNotes: m.healthNotes,
                     monthlyIncome: form["monthlyIncome"])
    }

    static func document(_ d: BeneficiaryDocument, _ type: DocumentType, _ language: Language) throws -> Components.Schemas.Document {
        .init(id: try d.requireID().uuidString, _type: try type.requireID().uuidString, typeName: type.name(in: language),
              issueDate: d.issueDate, expiryDate: d.expiryDate, contentType: d.contentType, size: d.size,
              verification: d.verification.rawValue, uploadedAt: d.uploadedAt)
    }
}
