import Fluent
import Foundation
import LamasatCore

/// Household members from a list: each row names its mother by her national ID, whose file must be in the
/// importer's reach; a member is the same one again by her ID, or by her name and birth date.
enum MemberRows {
    static func sort(_ records: [(Int, ImportedRecord)], _ context: ImportContext) async throws -> ImportSorting {
        let db = context.db
        let rows = records.compactMap { row, record in if case .member(let member) = record { (row, member) } else { nil } }
        var query = Beneficiary.query(on: db).filter(\.$nationalID ~~ rows.map(\.1.motherNationalID.value))
        if let own = context.ownBranchOnly { query = query.filter(\.$branch.$id == own) }
        let files = try await query.all()
        let byID = Dictionary(files.map { ($0.nationalID, $0) }, uniquingKeysWith: { first, _ in first })
        let fileIDs = try files.map { try $0.requireID() }
        let members = fileIDs.isEmpty ? [] : try await FamilyMember.query(on: db).filter(\.$beneficiary.$id ~~ fileIDs).all()
        let nationalIDs = Dictionary(files.map { ($0.id!, $0.nationalID) }, uniquingKeysWith: { first, _ in first })
        let present = Set(members.map { member in
            ImportedRecord.member(ImportedMember(
                motherNationalID: (try? NationalID(nationalIDs[member.$beneficiary.id] ?? "")) ?? NationalID.make(kind: .citizen, body: 0),
                fullName: member.fullName, relation: member.relation, nationalID: member.nationalID,
                birthDate: CalendarDay(stored: member.birthDate) ?? CalendarDay(gregorianYear: 1900, month: 1, day: 1), sex: member.sex)).key
        })
        var sorting = ImportSorting()
        for (row, member) in rows {
            guard let mother = byID[member.motherNationalID.value] else {
                sorting.refused.append(context.problem(row, .motherNationalID, member.motherNationalID.value, "import.problem.motherNotFound"))
                continue
            }
            if present.contains(ImportedRecord.member(member).key) { sorting.existing += 1 } else {
                sorting.fresh.append(.member(member, mother: try mother.requireID()))
            }
        }
        return sorting
    }

    static func insert(_ records: [ImportEngine.Resolved], _ write: ImportWrite) async throws {
        try await write.create(records.compactMap { if case .member(let member, let mother) = $0 { self.member(of: member, mother: mother, write.now) } else { nil } })
    }

    private static func member(of valid: ImportedMember, mother: UUID, _ now: Date) -> FamilyMember {
        let member = FamilyMember()
        member.id = UUID()
        member.$beneficiary.id = mother
        member.relation = valid.relation
        member.fullName = valid.fullName
        member.nationalID = valid.nationalID
        member.birthDate = valid.birthDate.description
        member.sex = valid.sex
        member.schooling = .none
        member.healthNotes = ""
        member.monthlyIncome = 0
        member.isDependant = [.son, .daughter].contains(valid.relation)
        member.createdAt = now
        member.updatedAt = now
        return member
    }
}
