import Fluent
import Foundation
import LamasatCore

/// Beneficiary files from a list: matched by national ID, written as applicants with their file numbers taken at
/// once and their names indexed for search.
enum FileRows {
    static func sort(_ records: [(Int, ImportedRecord)], _ context: ImportContext) async throws -> ImportSorting {
        let files = records.compactMap { if case .file(let file) = $0.1 { file } else { nil } }
        let present = Set(try await Beneficiary.query(on: context.db).filter(\.$nationalID ~~ files.map(\.nationalID.value)).all(\.$nationalID))
        var sorting = ImportSorting()
        for file in files {
            if present.contains(file.nationalID.value) { sorting.existing += 1 } else { sorting.fresh.append(.file(file)) }
        }
        return sorting
    }

    static func insert(_ records: [ImportEngine.Resolved], _ write: ImportWrite) async throws {
        let newFiles = records.compactMap { if case .file(let file) = $0 { file } else { nil } }
        let sequences = try await BeneficiaryRegistry.nextFileSequences(newFiles.count, on: write.db)
        let files = zip(newFiles, sequences).map { file(of: $0, sequence: $1, write) }
        try await BeneficiaryRegistry.insertMany(files, on: write.db)
        try await BeneficiaryRegistry.indexNewNames(files, on: write.db)
    }

    private static func file(of valid: ImportedFile, sequence: Int64, _ write: ImportWrite) -> Beneficiary {
        let file = Beneficiary()
        file.id = UUID()
        file.nationalID = valid.nationalID.value
        file.nameFirst = valid.name.first
        file.nameFather = valid.name.father
        file.nameGrandfather = valid.name.grandfather
        file.nameFamily = valid.name.family
        file.nameLatin = ""
        file.nameNormalized = ArabicSearch.normalize(valid.name.full)
        file.birthDate = valid.birthDate.description
        file.birthCalendar = valid.birthCalendar
        file.$category.id = write.places.category(valid.category) ?? write.places.defaultCategory
        file.nationality = valid.nationality
        file.mobile = valid.mobile.e164
        file.alternatePhone = ""
        file.email = ""
        file.addressBuilding = valid.address.buildingNumber
        file.addressStreet = valid.address.street
        file.addressDistrict = valid.address.district
        file.addressCity = valid.address.city
        file.addressPostalCode = valid.address.postalCode
        file.addressAdditional = ""
        file.addressShort = ""
        file.$branch.id = write.places.branch(valid.branch) ?? write.places.defaultBranch
        file.education = .none
        file.employment = .other
        file.monthlyIncome = 0
        file.incomeSources = ""
        file.housing = .other
        file.monthlyRent = 0
        file.healthNotes = ""
        file.hasDisability = false
        file.iban = valid.iban
        // Consent is asked for again when she is next seen: a list says nothing about it.
        file.consentGiven = false
        file.consentMethod = .signedPaper
        file.consentNoticeVersion = ""
        file.status = .applicant
        file.statusReason = ""
        file.version = 1
        file.createdAt = write.now
        file.updatedAt = write.now
        file.createdBy = write.actor
        file.updatedBy = write.actor
        file.fileSequence = sequence
        return file
    }
}
