import Fluent
import Foundation
import LamasatCore

/// Past cash gifts from a list: each names a donor already in Lamasat (by number, identifier or mobile) within the
/// importer's reach, and a fund that takes its designation. No receipt is issued: the gift was thanked for in its
/// day. The same donor, day, amount and reference is the same gift again.
enum DonationRows {
    static func sort(_ records: [(Int, ImportedRecord)], _ context: ImportContext) async throws -> ImportSorting {
        let db = context.db
        let rows = records.compactMap { row, record in if case .donation(let gift) = record { (row, gift) } else { nil } }
        let references = Array(Set(rows.map(\.1.donor)))
        var query = Donor.query(on: db).group(.or) { or in
            or.filter(\.$number ~~ references)
            or.filter(\.$identifier ~~ references)
            or.filter(\.$mobile ~~ references)
        }
        if let own = context.ownBranchOnly { query = query.filter(\.$branchID == own) }
        var donors: [String: Donor] = [:]
        for donor in try await query.all() {
            for reference in [donor.number, donor.identifier, donor.mobile] where !reference.isEmpty { donors[reference] = donors[reference] ?? donor }
        }
        let funds = try await Fund.query(on: db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        let donorIDs = try Set(donors.values.map { try $0.requireID() })
        let gifts = donorIDs.isEmpty ? [] : try await Donation.query(on: db).filter(\.$donorID ~~ Array(donorIDs)).filter(\.$status == .received).all()
        let present = Set(gifts.map { "\($0.donorID)|\($0.receivedOn)|\($0.amount)|\($0.reference)" })
        var sorting = ImportSorting()
        for (row, gift) in rows {
            guard let donor = donors[gift.donor], let donorID = donor.id else {
                sorting.refused.append(context.problem(row, .donor, gift.donor, "import.problem.donorNotFound"))
                continue
            }
            guard let fund = fund(for: gift, among: funds), let fundID = fund.id else {
                sorting.refused.append(context.problem(row, .fund, gift.fund, gift.fund.isEmpty ? "import.problem.fundChoose" : "import.problem.fund"))
                continue
            }
            if present.contains("\(donorID)|\(gift.day.description)|\(gift.amount)|\(gift.reference)") { sorting.existing += 1 } else {
                sorting.fresh.append(.donation(gift, donor: donorID, branch: donor.branchID, fund: fundID))
            }
        }
        return sorting
    }

    /// The fund the list names (by code or name) if it takes the gift's designation; with none named, the one
    /// active fund that takes it, when there is only one.
    static func fund(for gift: ImportedDonation, among funds: [Fund]) -> Fund? {
        let fitting = funds.filter { gift.designation.fits(fund: $0.designation) }
        guard !gift.fund.isEmpty else { return fitting.count == 1 ? fitting[0] : nil }
        let name = HeaderMatcher.normalized(gift.fund)
        return fitting.first { [$0.code, $0.nameArabic, $0.nameEnglish].contains { HeaderMatcher.normalized($0) == name } }
    }

    static func insert(_ records: [ImportEngine.Resolved], _ write: ImportWrite) async throws {
        try await write.create(records.compactMap { record -> Donation? in
            guard case .donation(let valid, let donor, let branch, let fund) = record else { return nil }
            let gift = Donation()
            gift.id = UUID()
            gift.donorID = donor
            gift.branchID = branch
            gift.kind = .cash
            gift.method = valid.method
            gift.amount = valid.amount
            gift.designation = valid.designation
            gift.fundID = fund
            gift.pledgeID = nil
            gift.receivedOn = valid.day.description
            gift.reference = valid.reference
            gift.note = valid.note
            gift.status = .received
            gift.cancelReason = ""
            gift.recordedBy = write.actor
            gift.recordedAt = write.now
            return gift
        })
    }
}
