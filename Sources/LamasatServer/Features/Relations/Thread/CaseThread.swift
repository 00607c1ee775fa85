import Vapor
import Fluent
import Foundation
import LamasatCore
import SQLKit

/// The conversation of a case with her. Her reply goes back to the officer: a closed case opens again with a new
/// target, an open one is marked "her reply waiting" until an officer answers it.
enum CaseThread {
    struct Reply: Sendable {
        var kind: CaseKind
        var caseID: UUID
        var text: String
        var via: String
        /// The provider's message id, when there is one; a second delivery of it changes nothing.
        var sourceKey: String?
        /// Who the audit trail names: "public-status", "sms-gateway", "whatsapp".
        var actorName: String
    }

    /// Her reply, in the caller's transaction. Returns nil when the case is not there or the same provider message
    /// was already received.
    @discardableResult
    static func receive(_ reply: Reply, now: Date, auditKey: SymmetricKey, on db: any Database) async throws -> CaseMessage? {
        if let key = reply.sourceKey, try await CaseMessage.query(on: db).filter(\.$sourceKey == key).first() != nil { return nil }
        let text = String(reply.text.trimmingWhitespace().prefix(4000))
        let message = CaseMessage()
        message.id = UUID()
        message.caseKind = reply.kind
        message.caseID = reply.caseID
        message.direction = .incoming
        message.via = reply.via
        message.body = text
        message.sourceKey = reply.sourceKey
        message.at = now
        let number: String
        switch reply.kind {
        case .inquiry:
            guard let inquiry = try await Inquiry.find(reply.caseID, on: db) else { return nil }
            // Her reply waits for an officer.
            try await db.sql.raw("UPDATE inquiries SET reply_waiting_at = \(bind: now) WHERE id = \(bind: reply.caseID)").run()
            if inquiry.status == .closed {
                let due = try await Holiday.calendar(on: db).due(after: now, workingDays: try await targetDays(inquiry.$category.id, on: db))
                try await db.sql.raw("""
                    UPDATE inquiries SET status = \(bind: InquiryStatus.new.rawValue), closed_at = NULL, due_at = \(bind: due) WHERE id = \(bind: reply.caseID)
                    """).run()
            }
            (message.branchID, message.beneficiaryID, number) = (inquiry.branchID, inquiry.beneficiaryID, inquiry.number)
            try await CaseNotices.replied(to: inquiry, occurrence: reply.sourceKey ?? message.id!.uuidString, now: now, on: db)
        case .complaint:
            guard let complaint = try await Complaint.find(reply.caseID, on: db) else { return nil }
            try await db.sql.raw("UPDATE complaints SET reply_waiting_at = \(bind: now) WHERE id = \(bind: reply.caseID)").run()
            if complaint.status == .closed {
                let due = try await Holiday.calendar(on: db).due(after: now, workingDays: try await targetDays(complaint.$category.id, on: db))
                try await db.sql.raw("""
                    UPDATE complaints SET status = \(bind: ComplaintStatus.open.rawValue), closed_at = NULL, escalated_at = NULL, due_at = \(bind: due)
                    WHERE id = \(bind: reply.caseID)
                    """).run()
                try await ComplaintEvent(complaintID: reply.caseID, action: "reopen", note: "", actorID: nil, at: now).create(on: db)
            }
            try await ComplaintEvent(complaintID: reply.caseID, action: "replied", note: String(text.prefix(2000)), actorID: nil, at: now).create(on: db)
            (message.branchID, message.beneficiaryID, number) = (complaint.branchID, complaint.beneficiaryID, complaint.number)
            try await CaseNotices.replied(to: complaint, occurrence: reply.sourceKey ?? message.id!.uuidString, now: now, on: db)
        }
        try await message.create(on: db)
        try await AuditChain.append(.init(actorName: reply.actorName, action: "\(reply.kind.rawValue).replied", recordType: reply.kind.rawValue,
                                          recordID: reply.caseID.uuidString, outcome: .success, detail: "\(number) \(reply.via)"),
                                    at: now, key: auditKey, on: db)
        return message
    }

    /// An officer answered her: the reply no longer waits.
    static func answered(_ kind: CaseKind, _ caseID: UUID, on db: any Database) async throws {
        let table = kind == .inquiry ? "inquiries" : "complaints"
        try await db.sql.raw("UPDATE \(unsafeRaw: table) SET reply_waiting_at = NULL WHERE id = \(bind: caseID)").run()
    }

    /// A list's order with cases whose reply waits first (the same on SQLite and PostgreSQL, whose NULLs sort apart).
    static let waitingFirst = SQLRaw("CASE WHEN reply_waiting_at IS NULL THEN 1 ELSE 0 END")

    /// The case's messages, oldest first.
    static func messages(_ kind: CaseKind, _ caseID: UUID, on db: any Database) async throws -> [CaseMessage] {
        try await CaseMessage.query(on: db).filter(\.$caseKind == kind).filter(\.$caseID == caseID).sort(\.$at).all()
    }

    private static func targetDays(_ categoryID: UUID, on db: any Database) async throws -> Int {
        try await CaseCategory.find(categoryID, on: db)?.targetDays ?? 5
    }
}
