import Fluent
import Foundation
import LamasatCore

/// Aid from before Lamasat: each row names the file by its national ID (in the importer's reach) and the support
/// type by its code or name; the same file, type, day, amount and quantity is the same aid again.
enum AidRows {
    static func sort(_ records: [(Int, ImportedRecord)], _ context: ImportContext) async throws -> ImportSorting {
        let db = context.db
        let rows = records.compactMap { row, record in if case .aid(let aid) = record { (row, aid) } else { nil } }
        var query = Beneficiary.query(on: db).filter(\.$nationalID ~~ rows.map(\.1.nationalID.value))
        if let own = context.ownBranchOnly { query = query.filter(\.$branch.$id == own) }
        let files = try await query.all()
        let fileByID = Dictionary(try files.map { ($0.nationalID, try $0.requireID()) }, uniquingKeysWith: { first, _ in first })
        var types: [String: UUID] = [:]
        for type in try await SupportType.query(on: db).all() {
            for name in [type.code, type.nameArabic, type.nameEnglish] { types[HeaderMatcher.normalized(name)] = try type.requireID() }
        }
        let fileIDs = Array(fileByID.values)
        let past = fileIDs.isEmpty ? [] : try await PastAid.query(on: db).filter(\.$beneficiaryID ~~ fileIDs).all()
        let present = Set(past.map { key($0.beneficiaryID, $0.supportTypeID, $0.deliveredOn, $0.amount, $0.quantity) })
        var sorting = ImportSorting()
        for (row, aid) in rows {
            guard let file = fileByID[aid.nationalID.value] else {
                sorting.refused.append(context.problem(row, .nationalID, aid.nationalID.value, "import.problem.fileNotFound"))
                continue
            }
            guard let type = types[HeaderMatcher.normalized(aid.supportType)] else {
                sorting.refused.append(context.problem(row, .supportType, aid.supportType, "import.problem.supportType"))
                continue
            }
            if present.contains(key(file, type, aid.day.description, aid.amount, aid.quantity)) { sorting.existing += 1 } else {
                sorting.fresh.append(.aid(aid, file: file, type: type))
            }
        }
        return sorting
    }

    private static func key(_ file: UUID, _ type: UUID, _ day: String, _ amount: Int64, _ quantity: Int) -> String {
        "\(file)|\(type)|\(day)|\(amount)|\(quantity)"
    }

    static func insert(_ records: [ImportEngine.Resolved], _ write: ImportWrite) async throws {
        try await write.create(records.compactMap { record -> PastAid? in
            guard case .aid(let valid, let file, let type) = record else { return nil }
            let aid = PastAid()
            aid.id = UUID()
            aid.beneficiaryID = file
            aid.supportTypeID = type
            aid.description = valid.description
            aid.amount = valid.amount
            aid.quantity = valid.quantity
            aid.deliveredOn = valid.day.description
            aid.importID = write.importID
            aid.recordedBy = write.actor
            aid.recordedAt = write.now
            return aid
        })
    }
}
