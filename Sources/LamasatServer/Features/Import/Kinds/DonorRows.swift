import Fluent
import Foundation
import LamasatCore

/// Donors from a list: one already holding the identifier or the mobile is the same donor (as the donor form
/// refuses a second one); new ones take their numbers at once.
enum DonorRows {
    static func sort(_ records: [(Int, ImportedRecord)], _ context: ImportContext) async throws -> ImportSorting {
        let donors = records.compactMap { if case .donor(let donor) = $0.1 { donor } else { nil } }
        // An empty identifier or mobile matches nobody: many donors have none.
        let identifiers = donors.map(\.identifier).filter { !$0.isEmpty } + ["-"], mobiles = donors.map(\.mobile).filter { !$0.isEmpty } + ["-"]
        let known = try await Donor.query(on: context.db).group(.or) { or in
            or.filter(\.$identifier ~~ identifiers)
            or.filter(\.$mobile ~~ mobiles)
        }.all()
        let present = Set(known.flatMap { [$0.identifier, $0.mobile] }.filter { !$0.isEmpty })
        var sorting = ImportSorting()
        for donor in donors {
            if present.contains(donor.identifier) || present.contains(donor.mobile) { sorting.existing += 1 } else {
                sorting.fresh.append(.donor(donor, branch: context.places.branch(donor.branch) ?? context.places.defaultBranch))
            }
        }
        return sorting
    }

    static func insert(_ records: [ImportEngine.Resolved], _ write: ImportWrite) async throws {
        let fresh = records.compactMap { if case .donor(let donor, let branch) = $0 { (donor, branch) } else { nil } }
        guard !fresh.isEmpty else { return }
        let last = try await Counters.take(fresh.count, of: "donor", on: write.db)
        try await write.create(fresh.enumerated().map { index, pair in
            let (valid, branch) = pair
            let donor = Donor()
            donor.id = UUID()
            donor.number = ReferenceNumber("D", sequence: last - Int64(fresh.count - 1 - index), at: write.now).description
            donor.kind = valid.kind
            donor.name = valid.name
            donor.contactPerson = valid.contactPerson
            donor.identifier = valid.identifier
            donor.mobile = valid.mobile
            donor.email = valid.email
            donor.city = valid.city
            donor.preferredChannel = valid.mobile.isEmpty && !valid.email.isEmpty ? .email : .sms
            donor.consentsToContact = valid.consents
            donor.consentAt = valid.consents ? write.now : nil
            donor.isAnonymous = false
            donor.branchID = branch
            donor.notes = ""
            donor.isActive = true
            donor.createdBy = write.actor
            donor.createdAt = write.now
            donor.updatedAt = write.now
            donor.version = 1
            return donor
        })
    }
}
