import Fluent
import Foundation
import LamasatCore

/// Issue 20's merged files in the demo: a woman registered twice in the head office (the second time with a mistyped
/// ID and her new mobile), her second file merged into the first by the manager, as the merge page does it. Added once.
enum DemoMerges {
    static func load(manager username: String, now: Date, on db: any Database) async throws -> Int {
        guard try await FileMerge.query(on: db).count() == 0,
              let manager = try await StaffUser.query(on: db).filter(\.$username == username).first(),
              let kept = try await Beneficiary.query(on: db).filter(\.$branch.$id == manager.$branch.id).filter(\.$status == .registered)
                .sort(\.$fileSequence).first()
        else { return 0 }
        let keptID = try kept.requireID()
        let duplicate = Beneficiary()
        duplicate.id = UUID()
        (duplicate.nameFirst, duplicate.nameFather, duplicate.nameGrandfather, duplicate.nameFamily) = (kept.nameFirst, kept.nameFather, kept.nameGrandfather, kept.nameFamily)
        (duplicate.nameNormalized, duplicate.nameLatin, duplicate.birthDate, duplicate.nationality) = (kept.nameNormalized, kept.nameLatin, kept.birthDate, kept.nationality)
        (duplicate.addressBuilding, duplicate.addressStreet, duplicate.addressDistrict, duplicate.addressCity) = (kept.addressBuilding, kept.addressStreet, kept.addressDistrict, kept.addressCity)
        (duplicate.addressPostalCode, duplicate.addressAdditional, duplicate.addressShort) = (kept.addressPostalCode, kept.addressAdditional, kept.addressShort)
        (duplicate.alternatePhone, duplicate.email, duplicate.incomeSources, duplicate.healthNotes, duplicate.iban) = ("", "", kept.incomeSources, "", "")
        // A valid ID no demo file holds: the mistyped one.
        let taken = Set(try await Beneficiary.query(on: db).filter(\.$nationalID >= "1990000000").filter(\.$nationalID < "1991000000").all().map(\.nationalID))
        duplicate.nationalID = (1_990_000_000..<1_991_000_000).lazy.map(String.init).first { (try? NationalID($0)) != nil && !taken.contains($0) } ?? ""
        duplicate.mobile = "+966559090909"
        (duplicate.birthCalendar, duplicate.$category.id, duplicate.$branch.id) = (kept.birthCalendar, kept.$category.id, kept.$branch.id)
        (duplicate.education, duplicate.employment, duplicate.housing) = (kept.education, kept.employment, kept.housing)
        (duplicate.monthlyIncome, duplicate.monthlyRent, duplicate.hasDisability) = (kept.monthlyIncome, kept.monthlyRent, kept.hasDisability)
        let mergedAt = now.addingTimeInterval(-5 * 86_400)
        (duplicate.status, duplicate.statusReason, duplicate.version) = (.closed, "دُمج في الملف \(kept.fileNumber)", 2)
        (duplicate.consentGiven, duplicate.consentMethod, duplicate.consentNoticeVersion, duplicate.consentAt) = (true, .signedPaper, BeneficiaryConsent.noticeVersion, mergedAt)
        (duplicate.createdAt, duplicate.updatedAt, duplicate.createdBy, duplicate.updatedBy) = (mergedAt.addingTimeInterval(-20 * 86_400), mergedAt, keptID, try manager.requireID())
        duplicate.fileSequence = try await BeneficiaryRegistry.nextFileSequence(on: db)
        try await duplicate.create(on: db)
        try await BeneficiaryRegistry.indexName(duplicate, on: db)
        let merge = FileMerge()
        (merge.survivorID, merge.mergedID, merge.mergedBy, merge.mergedAt) = (keptID, try duplicate.requireID(), try manager.requireID(), mergedAt)
        (merge.chosen, merge.moved) = (#"["mobile"]"#, "{}")
        try await merge.create(on: db)
        return 1
    }
}
