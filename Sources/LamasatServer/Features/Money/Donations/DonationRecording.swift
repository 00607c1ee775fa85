import Fluent
import Foundation
import LamasatCore
import SQLKit
import Vapor

/// How the association reaches a donor: her preferred channel, and nothing at all without her consent or for a
/// phone call (a phone donor is thanked by a person, listed on the gifts page).
enum DonorContact {
    static func route(_ donor: Donor) -> (channel: MessageChannel, recipient: String)? {
        guard donor.consentsToContact else { return nil }
        switch donor.preferredChannel {
        case .sms: return donor.mobile.isEmpty ? nil : (.sms, donor.mobile)
        case .whatsapp: return donor.mobile.isEmpty ? nil : (.whatsapp, donor.mobile)
        case .email: return donor.email.isEmpty ? (donor.mobile.isEmpty ? nil : (.sms, donor.mobile)) : (.email, donor.email)
        case .phone: return nil
        }
    }

    /// Queues `body` to her on her channel inside the caller's transaction; nil when she may not be written to.
    @discardableResult
    static func send(_ donor: Donor, subject: String, body: String, key: String, relatedType: String, relatedID: String,
                     now: Date, on db: any Database) async throws -> OutboxMessage? {
        guard let (channel, recipient) = route(donor) else { return nil }
        return try await Outbox.enqueue(Outbox.Draft(channel: channel, recipient: recipient, subject: subject, body: body, idempotencyKey: key,
                                                     relatedType: relatedType, relatedID: relatedID, branchID: donor.branchID), now: now, on: db)
    }
}

/// Recording a gift and undoing one: the donation, its receipt, its items and their stock, the pledge it pays.
enum DonationRecording {
    /// Writes the gift in the caller's transaction: the donation first (SQLite writes before it reads), its receipt
    /// number, its items with one stock movement each in the donation's branch, and the pledge's next due day.
    static func record(_ valid: DonationForm.Valid, donor: Donor, by staffID: UUID, now: Date, on db: any Database) async throws -> (Donation, Receipt) {
        let donation = Donation()
        donation.donorID = try donor.requireID()
        donation.branchID = donor.branchID
        donation.kind = valid.kind
        donation.method = valid.kind == .cash ? valid.method : .none
        donation.amount = valid.amount
        donation.designation = valid.designation
        donation.fundID = valid.kind == .cash ? try valid.fund?.requireID() : nil
        donation.pledgeID = try valid.pledge?.requireID()
        donation.receivedOn = valid.receivedOn.description
        donation.reference = valid.reference
        donation.note = valid.note
        donation.status = .received
        donation.cancelReason = ""
        donation.recordedBy = staffID
        donation.recordedAt = now
        try await donation.create(on: db)
        for line in valid.lines {
            try await addItem(to: donation, item: line.item.requireID(), quantity: line.quantity, unitValue: line.unitValue, by: staffID, now: now, on: db)
        }
        let (receipt, _) = try await Receipt.issue(for: donation, by: staffID, at: now, on: db)
        if let pledge = valid.pledge { try await PledgeProgress.advance(pledge, on: db) }
        return (donation, receipt)
    }

    /// One line of an in-kind gift, and the items it brings into the gift's branch.
    static func addItem(to donation: Donation, item itemID: UUID, quantity: Int, unitValue: Int64, by staffID: UUID, now: Date,
                        on db: any Database) async throws {
        let line = DonationItem()
        line.donationID = try donation.requireID()
        line.itemID = itemID
        line.quantity = quantity
        line.unitValue = unitValue
        try await line.create(on: db)
        try await movement(itemID, branch: donation.branchID, kind: .received, quantity: quantity, donation: line.donationID, note: "",
                           by: staffID, now: now, on: db)
    }

    static func movement(_ itemID: UUID, branch: UUID, kind: StockMovementKind, quantity: Int, donation: UUID, note: String,
                         by staffID: UUID, now: Date, on db: any Database) async throws {
        let movement = StockMovement()
        movement.itemID = itemID
        movement.branchID = branch
        movement.kind = kind
        movement.quantity = quantity
        movement.donationID = donation
        movement.note = note
        movement.recordedBy = staffID
        movement.recordedAt = now
        try await movement.create(on: db)
    }

    enum Refusal: Error {
        case alreadyCancelled
        /// The fund has already committed or paid this money: `available` halalas would be left after cancelling.
        case fund(available: Int64)
        /// Items already issued from the branch's stock.
        case stock(item: UUID)
    }

    /// Cancels a gift for `reason` in the caller's transaction: its status, its valid receipt (the number stays), its
    /// items reversed by an adjustment. Writes first, then checks what the writes left: a fund's available balance
    /// or a branch's stock below zero throws a `Refusal`, and the transaction undoes everything.
    static func cancel(_ donation: Donation, reason: String, by staffID: UUID, now: Date, on db: any Database) async throws {
        let id = try donation.requireID()
        guard donation.status == .received else { throw Refusal.alreadyCancelled }
        donation.status = .cancelled
        donation.cancelReason = reason
        donation.cancelledBy = staffID
        donation.cancelledAt = now
        try await donation.save(on: db)
        try await Receipt.query(on: db).filter(\.$donationID == id).filter(\.$status == .valid)
            .set(\.$status, to: .cancelled).set(\.$cancelReason, to: reason).set(\.$cancelledBy, to: staffID).set(\.$cancelledAt, to: now)
            .update()
        let items = try await DonationItem.query(on: db).filter(\.$donationID == id).all()
        for item in items {
            try await movement(item.itemID, branch: donation.branchID, kind: .adjusted, quantity: -item.quantity, donation: id, note: reason,
                               by: staffID, now: now, on: db)
        }
        if donation.kind == .cash, let fund = donation.fundID {
            let available = try await FundBalances.of(fund, on: db).available
            if available < 0 { throw Refusal.fund(available: available + donation.amount) }
        }
        for item in items {
            if try await stock(item.itemID, branch: donation.branchID, on: db) < 0 { throw Refusal.stock(item: item.itemID) }
        }
        if let pledgeID = donation.pledgeID, let pledge = try await Pledge.find(pledgeID, on: db) { try await PledgeProgress.advance(pledge, on: db) }
    }

    /// A branch's stock of one item: the sum of its movements.
    static func stock(_ itemID: UUID, branch: UUID, on db: any Database) async throws -> Int64 {
        struct Row: Decodable { let total: Int64? }
        return try await db.sql.raw("""
            SELECT CAST(SUM(quantity) AS BIGINT) AS total FROM stock_movements WHERE item_id = \(bind: itemID) AND branch_id = \(bind: branch)
            """).first(decoding: Row.self)?.total ?? 0
    }
}

/// A pledge's next due day follows the gifts that pay it.
enum PledgeProgress {
    /// Recounts the received gifts naming `pledge` and sets its next due day; after the last instalment it is
    /// completed (and active again if a gift paying it is cancelled). A cancelled pledge stays cancelled.
    static func advance(_ pledge: Pledge, on db: any Database) async throws {
        guard pledge.status != .cancelled, let start = CalendarDay(stored: pledge.startsOn) else { return }
        let paid = try await Donation.query(on: db).filter(\.$pledgeID == pledge.requireID()).filter(\.$status == .received).count()
        if let next = PledgeSchedule.nextDue(startsOn: start, frequencyMonths: pledge.frequencyMonths, instalments: pledge.instalments, paid: paid) {
            pledge.nextDueOn = next.description
            pledge.status = .active
        } else {
            pledge.nextDueOn = ""
            pledge.status = .completed
        }
        try await pledge.save(on: db)
    }
}

/// Lookups the gifts pages share.
enum DonationPages {
    /// The receipt of each gift (the valid one, or the cancelled one that kept its number).
    static func receipts(for gifts: [Donation], on db: any Database) async throws -> [UUID: Receipt] {
        let ids = gifts.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        var found: [UUID: Receipt] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            for receipt in try await Receipt.query(on: db).filter(\.$donationID ~~ chunk).sort(\.$issuedAt).all() { found[receipt.donationID] = receipt }
        }
        return found
    }

    static func fundNames(_ req: Request) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await Fund.query(on: req.db).all().compactMap { f in f.id.map { ($0, f.name(in: req.language)) } })
    }
}
