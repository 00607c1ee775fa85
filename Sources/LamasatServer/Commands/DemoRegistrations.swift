import Fluent
import Foundation
import LamasatCore

/// Issue 20's online registrations in the demo: in each branch, its two newest applicants registered themselves on
/// the website (one matched by an officer, one waiting), and one woman whose ID already had a file sent the form from
/// another mobile and waits for an officer's call. Added once.
enum DemoRegistrations {
    static func load(now: Date, on db: any Database) async throws -> Int {
        guard try await OnlineRegistration.query(on: db).count() == 0 else { return 0 }
        var made = 0
        for branch in try await Branch.query(on: db).filter(\.$isActive == true).sort(\.$code).all() {
            let branchID = try branch.requireID()
            let officer = try await StaffUser.query(on: db).filter(\.$branch.$id == branchID).filter(\.$role == .relationsOfficer).first()
            let applicants = try await Beneficiary.query(on: db).filter(\.$branch.$id == branchID).filter(\.$status == .applicant)
                .sort(\.$fileSequence, .descending).limit(2).all()
            for (index, file) in applicants.enumerated() {
                let sent = file.createdAt
                let registration = OnlineRegistration(nationalID: file.nationalID, mobile: file.mobile, now: sent.addingTimeInterval(-900))
                (registration.status, registration.branchID, registration.beneficiaryID) = (index == 0 ? .submitted : .reviewed, branchID, try file.requireID())
                (registration.typedName, registration.declarationVersion) = (file.name.full, 1)
                (registration.verifiedAt, registration.submittedAt) = (sent.addingTimeInterval(-800), sent)
                if index == 1, let officer {
                    (registration.reviewedBy, registration.reviewedAt) = (officer.id, min(now, sent.addingTimeInterval(86_400)))
                    registration.reviewNote = "طابقت الهوية والعنوان الوطني مع المستندات"
                }
                try await registration.create(on: db)
                // She is her file's author, and gave her consent online.
                (file.createdBy, file.updatedBy, file.consentMethod, file.consentBy) = (try file.requireID(), try file.requireID(), .portal, nil)
                try await file.save(on: db)
                made += 1
            }
        }
        if let known = try await Beneficiary.query(on: db).filter(\.$status == .registered).sort(\.$fileSequence).first() {
            let conflict = OnlineRegistration(nationalID: known.nationalID, mobile: "+966559001122", now: now.addingTimeInterval(-2 * 86_400))
            (conflict.status, conflict.branchID, conflict.existingBeneficiaryID) = (.conflict, known.$branch.id, try known.requireID())
            (conflict.typedName, conflict.declarationVersion) = (known.name.full, 1)
            (conflict.verifiedAt, conflict.submittedAt) = (conflict.createdAt.addingTimeInterval(60), conflict.createdAt.addingTimeInterval(1_200))
            let answers = ["nameFirst": known.nameFirst, "nameFather": known.nameFather, "nameGrandfather": known.nameGrandfather,
                           "nameFamily": known.nameFamily, "addressCity": known.addressCity, "addressBuilding": known.addressBuilding,
                           "addressPostalCode": known.addressPostalCode, "nationality": known.nationality]
            conflict.answers = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
            try await conflict.create(on: db)
            made += 1
        }
        return made
    }
}
