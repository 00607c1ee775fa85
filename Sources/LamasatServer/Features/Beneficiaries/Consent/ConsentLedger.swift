import Fluent
import Foundation
import LamasatCore

/// Her consents: the one writer of a change (history row, and what the change does at once), and what holds now.
enum ConsentLedger {
    struct Change: Sendable {
        var purpose: ConsentPurpose
        var partner = ""
        var granted: Bool
        var method: ConsentMethod?
        var source: ConsentSource
        var noticeVersion = BeneficiaryConsent.noticeVersion
        var note = ""
    }

    /// Records `change` in the caller's transaction and applies it at once: processing is the file's consent flag
    /// (a file without it cannot be made active), messages are her "stop messages" (the outbox and campaigns skip her),
    /// surveys are asked about before an invitation goes.
    @discardableResult
    static func record(_ change: Change, file: Beneficiary, by staffID: UUID?, now: Date, on db: any Database) async throws -> ConsentRecord {
        let fileID = try file.requireID()
        let row = ConsentRecord()
        row.beneficiaryID = fileID
        row.purpose = change.purpose
        row.partner = change.purpose == .sharing ? change.partner : ""
        row.granted = change.granted
        row.method = change.method
        row.source = change.source
        row.noticeVersion = change.noticeVersion
        row.note = change.note
        row.recordedBy = staffID
        row.recordedAt = now
        row.number = (try await ConsentRecord.query(on: db).filter(\.$beneficiaryID == fileID).max(\.$number) ?? 0) + 1
        try await row.create(on: db)
        switch change.purpose {
        case .processing:
            file.consentGiven = change.granted
            if let method = change.method { file.consentMethod = method }
            file.consentNoticeVersion = change.noticeVersion
            file.consentAt = now
            file.consentBy = staffID
            file.updatedAt = now
            try await file.save(on: db)
        case .messages:
            let existing = try await MessagePreference.of(fileID, on: db)
            // Without preferences she gets messages by default: a consent given needs none written.
            if existing == nil, change.granted { break }
            let preference = existing ?? MessagePreference(beneficiaryID: fileID, at: now)
            if preference.optedOut == change.granted { preference.optedOutAt = change.granted ? nil : now }
            preference.optedOut = !change.granted
            preference.updatedAt = now
            try await preference.save(on: db)
        case .surveys, .sharing:
            break
        }
        return row
    }

    /// The latest record of each purpose (and partner, for sharing): what holds now.
    static func current(of fileID: UUID, on db: any Database) async throws -> [ConsentRecord] {
        let all = try await ConsentRecord.query(on: db).filter(\.$beneficiaryID == fileID).sort(\.$number, .descending).all()
        var seen = Set<String>()
        return all.filter { seen.insert("\($0.purpose.rawValue)|\($0.partner)").inserted }
    }

    /// Whether she allows `purpose` now: nil when nothing was ever recorded for it.
    static func allows(_ fileID: UUID, _ purpose: ConsentPurpose, on db: any Database) async throws -> Bool? {
        try await ConsentRecord.query(on: db).filter(\.$beneficiaryID == fileID).filter(\.$purpose == purpose)
            .sort(\.$number, .descending).first()?.granted
    }

    /// The first consents of a new file, from the registration form's one box (processing, messages and surveys).
    static func registered(_ file: Beneficiary, method: ConsentMethod, by staffID: UUID?, now: Date, on db: any Database) async throws {
        for purpose in [ConsentPurpose.processing, .messages, .surveys] {
            try await record(Change(purpose: purpose, granted: true, method: method, source: .registration), file: file, by: staffID, now: now, on: db)
        }
    }
}
