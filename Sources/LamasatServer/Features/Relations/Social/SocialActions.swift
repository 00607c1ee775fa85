import Fluent
import LamasatCore
import SQLKit
import Vapor

/// What an officer does with a new message. Each action claims the message (write first, from "new" only), creates
/// what it becomes with channel `.socialMedia` and audits both, in one transaction: a second action finds the
/// message already handled and gets the conflict page.
enum SocialActions {
    static func contact(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let message = try await SocialMessagePage.reachable(req)
        guard message.status == .new else { return try await refusedTwice(req) }
        let file = try await req.caseFile()
        let (valid, errors) = SocialContactForm(request: req).validate(req)
        guard let valid else { return try await SocialMessagePage.show(req: req, errors: errors, status: .unprocessableEntity) }
        let contact = Contact()
        contact.id = UUID()
        contact.beneficiaryID = file?.id
        contact.branchID = file?.$branch.id ?? message.branchID
        contact.channel = .socialMedia
        contact.direction = .incoming
        contact.subject = valid.subject
        contact.notes = String(([message.text, message.link].filter { !$0.isEmpty }.joined(separator: "\n")).prefix(4000))
        contact.durationMinutes = 0
        contact.outcome = valid.outcome
        contact.followUpOn = ""
        contact.followUpDone = false
        contact.staffID = staff.userID
        contact.at = message.receivedAt
        let handled = try await handle(message, as: .contact, record: try contact.requireID(), file: file, req: req) { db in
            try await contact.create(on: db)
            try await req.audit("contact.logged", record: try file.map { ("beneficiary", try $0.requireID().uuidString) } ?? ("contact", try contact.requireID().uuidString),
                                detail: "socialMedia incoming", on: db)
            return valid.subject
        }
        guard handled else { return try await refusedTwice(req) }
        return req.redirect(to: "/social/\(try message.requireID().uuidString)?done=socialContact")
    }

    static func inquiry(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let message = try await SocialMessagePage.reachable(req)
        guard message.status == .new else { return try await refusedTwice(req) }
        let file = try await req.caseFile()
        let (valid, errors) = try await SocialCaseForm(.inquiry, request: req).validate(req, file: file)
        guard let valid else { return try await SocialMessagePage.show(req: req, errors: errors, status: .unprocessableEntity) }
        let calendar = try await Holiday.calendar(on: req.db)
        let inquiry = Inquiry.opened(beneficiaryID: file?.id, contactName: valid.name, contactPhone: valid.phone, branchID: file?.$branch.id ?? message.branchID,
                                     channel: .socialMedia, categoryID: try valid.category.requireID(), question: question(message), createdBy: staff.userID,
                                     at: req.now, due: calendar.due(after: req.now, workingDays: valid.category.targetDays))
        let handled = try await handle(message, as: .inquiry, record: try inquiry.requireID(), file: file, req: req) { db in
            try await inquiry.register(now: req.now, on: db)
            try await req.audit("inquiry.created", record: try file.map { ("beneficiary", try $0.requireID().uuidString) } ?? ("inquiry", try inquiry.requireID().uuidString),
                                detail: inquiry.number, on: db)
            return inquiry.number
        }
        guard handled else { return try await refusedTwice(req) }
        return req.redirect(to: "/inquiries/\(try inquiry.requireID().uuidString)?done=inquiryCreated")
    }

    static func complaint(req: Request, kind: ComplaintKind) async throws -> Response {
        let staff = try req.requireStaff()
        let message = try await SocialMessagePage.reachable(req)
        guard message.status == .new else { return try await refusedTwice(req) }
        let file = try await req.caseFile()
        let outcome: SocialOutcome = kind == .suggestion ? .suggestion : .complaint
        let (valid, errors) = try await SocialCaseForm(outcome, request: req).validate(req, file: file)
        guard let valid else { return try await SocialMessagePage.show(req: req, errors: errors, status: .unprocessableEntity) }
        let calendar = try await Holiday.calendar(on: req.db)
        // As on the staff form: a critical complaint is due within a working day whatever its category's target.
        let days = valid.severity == .critical ? min(1, valid.category.targetDays) : valid.category.targetDays
        let complaint = Complaint.opened(kind: kind, beneficiaryID: file?.id, contactName: valid.name, contactPhone: valid.phone,
                                         branchID: file?.$branch.id ?? message.branchID, channel: .socialMedia, categoryID: try valid.category.requireID(),
                                         severity: valid.severity, description: question(message), isConfidential: false, aboutStaffID: nil,
                                         createdBy: staff.userID, at: req.now, due: calendar.due(after: req.now, workingDays: days))
        let handled = try await handle(message, as: outcome, record: try complaint.requireID(), file: file, req: req) { db in
            try await complaint.register(now: req.now, on: db)
            try await ComplaintEvent(complaintID: try complaint.requireID(), action: "created", note: "", actorID: staff.userID, at: req.now).create(on: db)
            try await req.audit("complaint.created", record: ("complaint", try complaint.requireID().uuidString), detail: complaint.number, on: db)
            return complaint.number
        }
        guard handled else { return try await refusedTwice(req) }
        return req.redirect(to: "/complaints/\(try complaint.requireID().uuidString)?done=complaintCreated")
    }

    static func dismiss(req: Request) async throws -> Response {
        let message = try await SocialMessagePage.reachable(req)
        guard message.status == .new else { return try await refusedTwice(req) }
        let (reason, errors) = TextBoxForm(.socialDismissal(req), request: req).validate(req, error: req.t("social.error.dismissReason"))
        guard let reason else { return try await SocialMessagePage.show(req: req, errors: errors, status: .unprocessableEntity) }
        message.dismissReason = reason
        let handled = try await handle(message, as: nil, record: nil, file: nil, req: req) { _ in "" }
        guard handled else { return try await refusedTwice(req) }
        return req.redirect(to: "/social/\(try message.requireID().uuidString)?done=socialDismissed")
    }

    /// The question or description of the case: the message's text, and its link on a line of its own.
    private static func question(_ message: SocialMessage) -> String {
        String([message.text, message.link].filter { !$0.isEmpty }.joined(separator: "\n").prefix(4000))
    }

    private static func refusedTwice(_ req: Request) async throws -> Response {
        try await SocialMessagePage.show(req: req, error: req.t("social.error.handled"), status: .conflict)
    }

    /// Moves the message out of "new" (to handled with `outcome`, or dismissed without one), then runs `create`
    /// (which returns the new record's reference for the audit) — all or nothing. False when another action came first.
    private static func handle(_ message: SocialMessage, as outcome: SocialOutcome?, record: UUID?, file: Beneficiary?, req: Request,
                               create: @escaping @Sendable (any Database) async throws -> String) async throws -> Bool {
        let staff = try req.requireStaff()
        let id = try message.requireID()
        let next: SocialMessageStatus = outcome == nil ? .dismissed : .handled
        return try await req.db.writeTransaction { db -> Bool in
            // Claimed from "new" only: a second officer's action at the same moment finds nothing to do.
            let claimed = try await db.sql.raw("""
                UPDATE social_messages SET status = \(bind: next.rawValue) WHERE id = \(bind: id) AND status = \(bind: SocialMessageStatus.new.rawValue) RETURNING id
                """).all()
            guard !claimed.isEmpty else { return false }
            message.status = next
            message.outcomeKind = outcome
            message.outcomeID = record
            message.beneficiaryID = file?.id
            message.handledBy = staff.userID
            message.handledAt = req.now
            try await message.save(on: db)
            let reference = try await create(db)
            try await req.audit("social.\(outcome?.rawValue ?? "dismissed")", record: ("social_message", id.uuidString),
                                detail: reference.isEmpty ? nil : reference, on: db)
            return true
        }
    }
}
