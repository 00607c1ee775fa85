import Fluent
import Foundation

/// Part B of issue 18's demo: every gift has its receipt (part A issues them; any gift left without one gets one
/// here); the receipts of cancelled gifts are cancelled with the gift's reason; one receipt with a misspelt name is
/// cancelled and given again under a new number; most receipts of donors who consented were sent.
enum DemoReceipts {
    static func load(officer: String, now: Date, on db: any Database) async throws -> Int {
        guard let staff = try await StaffUser.query(on: db).filter(\.$username == officer).first(), let staffID = staff.id else { return 0 }
        let donations = try await Donation.query(on: db).sort(\.$recordedAt).all()
        let receipted = Set(try await Receipt.query(on: db).all().map(\.donationID))
        for donation in donations where !receipted.contains(try donation.requireID()) {
            _ = try await db.writeTransaction { try await Receipt.issue(for: donation, by: staffID, at: donation.recordedAt, on: $0) }
        }
        let gifts = Dictionary(uniqueKeysWithValues: donations.compactMap { d in d.id.map { ($0, d) } })
        let consenting = Set(try await Donor.query(on: db).filter(\.$consentsToContact == true).all().compactMap(\.id))
        var reissued = false
        for (index, receipt) in try await Receipt.query(on: db).sort(\.$number).all().enumerated() {
            guard let gift = gifts[receipt.donationID] else { continue }
            if gift.status == .cancelled, receipt.status == .valid {
                receipt.status = .cancelled
                receipt.cancelReason = gift.cancelReason.isEmpty ? "أُلغي التبرع" : gift.cancelReason
                receipt.cancelledBy = gift.cancelledBy ?? staffID
                receipt.cancelledAt = gift.cancelledAt ?? gift.recordedAt
            } else if consenting.contains(gift.donorID), index % 5 != 4 {
                receipt.sentAt = receipt.issuedAt.addingTimeInterval(3_600)
            }
            try await receipt.save(on: db)
            // The tenth receipt had the donor's name misspelt: cancelled and given again.
            if !reissued, index >= 9, gift.status == .received, receipt.status == .valid {
                reissued = true
                receipt.status = .cancelled
                receipt.cancelReason = "كُتب اسم المتبرع خطأً؛ أُعيد إصداره"
                receipt.cancelledBy = staffID
                receipt.cancelledAt = receipt.issuedAt.addingTimeInterval(86_400)
                receipt.sentAt = nil
                try await receipt.save(on: db)
                let (again, _) = try await db.writeTransaction {
                    try await Receipt.issue(for: gift, by: staffID, at: receipt.issuedAt.addingTimeInterval(86_400), on: $0)
                }
                again.sentAt = consenting.contains(gift.donorID) ? again.issuedAt.addingTimeInterval(600) : nil
                try await again.save(on: db)
            }
        }
        return try await Receipt.query(on: db).count()
    }
}
