import Fluent
import Foundation
import LamasatCore
import Vapor

extension Receipt {
    /// Gives `donation` its receipt inside the caller's transaction: the next number of the `receipt` counter, which
    /// no other receipt ever gets again, and a link token returned once (only its hash is kept; sending the receipt
    /// again gives a new link).
    static func issue(for donation: Donation, by staffID: UUID, at now: Date, on db: any Database) async throws -> (receipt: Receipt, token: String) {
        let receipt = Receipt()
        receipt.number = ReferenceNumber("RC", sequence: try await Counters.next("receipt", on: db), at: now).description
        receipt.donationID = try donation.requireID()
        receipt.branchID = donation.branchID
        let token = SessionTokens.make()
        receipt.tokenHash = SessionTokens.hash(token)
        receipt.status = .valid
        receipt.cancelReason = ""
        receipt.issuedBy = staffID
        receipt.issuedAt = now
        try await receipt.create(on: db)
        return (receipt, token)
    }
}
