import Fluent
import Foundation
import LamasatCore
import Vapor

/// An officer's words to her about her case, sent through the outbox (her channel, consent and STOP for a file; the
/// mobile she gave otherwise), or recorded as said by phone. The message names the association, the case number and
/// the /status link where she reads the answers and replies.
enum CaseAnswer {
    /// What a message needs of an inquiry or a complaint.
    struct Case: Sendable {
        let kind: CaseKind
        let id: UUID
        let number: String
        let branchID: UUID
        let beneficiaryID: UUID?
        let contactPhone: String
        /// The e-mail given on the public form: answers go there instead of by SMS.
        let contactEmail: String?
        /// A confidential complaint or one about a colleague: the message carries the number and the link only, so
        /// its content is neither on her phone's screen nor on her file, where staff who may not see it look.
        let confidential: Bool

        /// The outbox names it by its kind; a confidential one apart, so her file's tab can leave it out.
        var relatedType: String { confidential ? "complaint.confidential" : kind.rawValue }
    }

    /// Why the message is written: its first line in her language.
    enum Purpose: String, Sendable { case answer, close, ask }

    /// The message as it will be queued, and where it goes — read without writing, for the preview.
    struct Outgoing: Sendable {
        let draft: Outbox.Draft
        let route: Outbox.Route
        let messageID: UUID
    }

    static func compose(_ c: Case, _ purpose: Purpose, text: String, req: Request) async throws -> Outgoing {
        let language = try await MessageTemplate.language(for: c.beneficiaryID, on: req.db)
        let organization = try await req.organization()
        let localizer = req.lamasat.localizer
        let from = language == .en && !organization.nameEnglish.isEmpty ? organization.nameEnglish : organization.nameArabic
        let link = req.lamasat.config.publicURL + "/status"
        var body = localizer.text("caseMessage.body.\(purpose.rawValue)", language, [from, c.number, link])
        let said = text.trimmingWhitespace()
        if !said.isEmpty && !c.confidential { body += "\n\n" + said }
        // The idempotency key names this one message: a double click on "send" queues it once.
        let messageID = UUID(uuidString: req.formText("messageID")) ?? UUID()
        var file: Beneficiary?
        if let id = c.beneficiaryID { file = try await Beneficiary.find(id, on: req.db) }
        // A visitor who gave an e-mail on the public form is answered there; a file's own preferences apply otherwise.
        let email = file == nil ? c.contactEmail.flatMap { $0.isEmpty ? nil : $0 } : nil
        let subject = email != nil ? (c.confidential ? from : "\(from) — \(c.number)") : c.confidential ? c.kind.rawValue : "\(c.kind.rawValue):\(c.number)"
        let draft = Outbox.Draft(channel: email == nil ? .sms : .email, recipient: email ?? file?.mobile ?? c.contactPhone, subject: subject, body: body,
                                 idempotencyKey: "case:\(messageID.uuidString)", relatedType: c.relatedType, relatedID: c.id.uuidString,
                                 branchID: c.branchID, beneficiaryID: c.beneficiaryID)
        var route = try await Outbox.route(draft, on: req.db)
        if route.skipped == nil && route.recipient.isEmpty { route.skipped = "no number" }
        return Outgoing(draft: draft, route: route, messageID: messageID)
    }

    /// Queues the message and keeps it in the case's conversation, in the caller's transaction; her waiting reply
    /// is answered. Without a number the answer is kept and nothing is queued.
    @discardableResult
    static func send(_ outgoing: Outgoing, _ c: Case, text: String, author: UUID, now: Date, on db: any Database) async throws -> CaseMessage {
        var outbox: OutboxMessage?
        if outgoing.route.recipient.isEmpty == false {
            outbox = try await Outbox.enqueue(outgoing.draft, now: now, on: db)
        }
        // What she reads on /status: the officer's words, or the notice itself when there are none (closing).
        let said = text.trimmingWhitespace()
        let message = CaseMessage.outgoing(c, id: outgoing.messageID, via: outbox?.channel.rawValue ?? "none", body: said.isEmpty ? outgoing.draft.body : said,
                                           outbox: outbox?.id, author: author, at: now)
        if try await CaseMessage.find(outgoing.messageID, on: db) == nil { try await message.create(on: db) }
        try await CaseThread.answered(c.kind, c.id, on: db)
        return message
    }

    /// "Answered by phone": a contact on her file (or branch) and the case's conversation; nothing is sent.
    static func byPhone(_ c: Case, text: String, author: UUID, now: Date, on db: any Database) async throws {
        let contact = Contact()
        contact.beneficiaryID = c.beneficiaryID
        contact.branchID = c.branchID
        contact.channel = .phone
        contact.direction = .outgoing
        // The case number links the call to the case; a confidential one's text stays on the case.
        contact.subject = c.number
        contact.notes = c.confidential ? "" : String(text.prefix(2000))
        contact.durationMinutes = 0
        contact.outcome = .answered
        contact.followUpOn = ""
        contact.followUpDone = false
        contact.staffID = author
        contact.at = now
        try await contact.create(on: db)
        try await CaseMessage.outgoing(c, id: UUID(), via: "phone", body: text, outbox: nil, author: author, at: now).create(on: db)
        try await CaseThread.answered(c.kind, c.id, on: db)
    }
}

extension CaseAnswer.Case {
    init(_ inquiry: Inquiry) throws {
        self.init(kind: .inquiry, id: try inquiry.requireID(), number: inquiry.number, branchID: inquiry.branchID, beneficiaryID: inquiry.beneficiaryID,
                  contactPhone: inquiry.contactPhone, contactEmail: inquiry.contactEmail, confidential: false)
    }

    init(_ complaint: Complaint) throws {
        self.init(kind: .complaint, id: try complaint.requireID(), number: complaint.number, branchID: complaint.branchID,
                  beneficiaryID: complaint.beneficiaryID, contactPhone: complaint.contactPhone, contactEmail: complaint.contactEmail,
                  confidential: complaint.isConfidential || complaint.aboutStaffID != nil)
    }
}

extension CaseMessage {
    static func outgoing(_ c: CaseAnswer.Case, id: UUID, via: String, body: String, outbox: UUID?, author: UUID, at now: Date) -> CaseMessage {
        let message = CaseMessage()
        message.id = id
        message.caseKind = c.kind
        message.caseID = c.id
        message.branchID = c.branchID
        message.beneficiaryID = c.beneficiaryID
        message.direction = .outgoing
        message.via = via
        message.body = String(body.prefix(4000))
        message.outboxMessageID = outbox
        message.authorID = author
        message.at = now
        return message
    }
}
