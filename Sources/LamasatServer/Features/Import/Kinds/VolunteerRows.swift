import Fluent
import Foundation
import LamasatCore

/// Volunteers the association already works with, matched by national ID. They arrive paused: a list rarely holds
/// her availability, languages and emergency contact, and no assignment reaches her before the coordinator has
/// completed them (and she has signed the pledges).
enum VolunteerRows {
    static func sort(_ records: [(Int, ImportedRecord)], _ context: ImportContext) async throws -> ImportSorting {
        let volunteers = records.compactMap { if case .volunteer(let volunteer) = $0.1 { volunteer } else { nil } }
        let present = Set(try await Volunteer.query(on: context.db).filter(\.$nationalID ~~ volunteers.map(\.nationalID.value)).all(\.$nationalID))
        var sorting = ImportSorting()
        for volunteer in volunteers {
            if present.contains(volunteer.nationalID.value) { sorting.existing += 1 } else {
                sorting.fresh.append(.volunteer(volunteer, branch: context.places.branch(volunteer.branch) ?? context.places.defaultBranch))
            }
        }
        return sorting
    }

    static func insert(_ records: [ImportEngine.Resolved], _ write: ImportWrite) async throws {
        let fresh = records.compactMap { if case .volunteer(let volunteer, let branch) = $0 { (volunteer, branch) } else { nil } }
        guard !fresh.isEmpty else { return }
        let last = try await Counters.take(fresh.count, of: "volunteer", on: write.db)
        try await write.create(fresh.enumerated().map { index, pair in
            let (valid, branch) = pair
            let volunteer = Volunteer()
            volunteer.id = UUID()
            volunteer.number = ReferenceNumber("V", sequence: last - Int64(fresh.count - 1 - index), at: write.now).description
            volunteer.name = valid.name.full
            volunteer.nationalID = valid.nationalID.value
            volunteer.mobile = valid.mobile.e164
            volunteer.email = valid.email
            volunteer.gender = valid.gender
            volunteer.branchID = branch
            volunteer.city = valid.city
            volunteer.districts = CodeList.join(valid.districts)
            volunteer.skills = CodeList.join(valid.skills.map(\.rawValue))
            volunteer.languages = CodeList.join(["ar"])
            volunteer.availability = ""
            volunteer.transport = .needsTransport
            volunteer.emergencyName = ""
            volunteer.emergencyPhone = ""
            volunteer.status = .paused
            volunteer.statusReason = "استُوردت من قائمة الجمعية: تُستكمل بياناتها قبل أي تكليف"
            volunteer.applicationID = nil
            volunteer.createdBy = write.actor
            volunteer.createdAt = write.now
            volunteer.updatedAt = write.now
            volunteer.version = 1
            return volunteer
        })
    }
}
