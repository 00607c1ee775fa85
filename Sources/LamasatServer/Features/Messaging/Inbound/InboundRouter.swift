import Fluent
import Foundation
import LamasatCore
import Vapor

/// Where a message she sends by SMS or WhatsApp goes (issue 16), the same for both providers:
/// 1. "STOP" / "إيقاف" stops messages to every file with that mobile;
/// 2. a reply to one of her cases — an inquiry, complaint or suggestion on a file with that mobile or whose contact
///    phone is that mobile, open or closed in the last 30 days — goes to that case through `CaseThread.receive`:
///    the case whose number (Q-… / S-…) the text names, otherwise the one answered most recently (her last answer
///    sent, else its first response, else its opening);
/// 3. otherwise, a known mobile becomes an incoming contact on her file (the most recently updated file of that mobile);
/// 4. an unknown mobile becomes a new inquiry at the head office (branch HQ) in the general inquiry category.
enum InboundRouter {
    /// Who the records made from an inbound message name as their author: the provider's webhook, not a person.
    static let gatewayActor = UUID(uuidString: "00000000-0000-0000-0000-00000000FEE1")!
    /// How long after closing a case a reply still reopens it rather than starting a new inquiry.
    static let reopenWindow: TimeInterval = 30 * 86400

    struct Incoming: Sendable {
        /// "sms-gateway" or "whatsapp".
        var provider: String
        var messageID: String
        var from: String
        var text: String
        /// A name the provider knows her by (WhatsApp's profile name), for a new inquiry.
        var profileName: String = ""
        var hasMedia = false

        var via: String { provider == "whatsapp" ? "whatsapp" : "sms" }
        /// The sender as stored: E.164 when it is a Saudi mobile, otherwise its digits.
        var sender: String { (try? SaudiMobile(from))?.e164 ?? String(ArabicDigits.westernized(from).filter(\.isNumber).prefix(20)) }
    }

    struct Outcome: Sendable {
        var result: InboundMessage.Result
        var id: UUID?
        /// Who a stored attachment belongs to.
        var owner: (type: String, id: UUID)?
    }

    /// Applies the message in the caller's transaction (after `InboundLog.claim`).
    static func route(_ incoming: Incoming, now: Date, auditKey: SymmetricKey, on db: any Database) async throws -> Outcome {
        let mobile = incoming.sender
        let files = mobile.isEmpty ? [] : try await Beneficiary.query(on: db).filter(\.$mobile == mobile).sort(\.$updatedAt, .descending).all()
        if !incoming.hasMedia, MessagesController.isStop(incoming.text) {
            try await stop(files, via: incoming.via, now: now, auditKey: auditKey, on: db)
            return Outcome(result: .stop, id: files.first?.id)
        }
        let text = incoming.text.isEmpty ? "📎" : incoming.text
        if !mobile.isEmpty, let target = try await replyTarget(mobile: mobile, files: files.compactMap(\.id), text: text, now: now, on: db) {
            let reply = CaseThread.Reply(kind: target.kind, caseID: target.id, text: text, via: incoming.via,
                                         sourceKey: "\(incoming.provider):\(incoming.messageID)", actorName: incoming.provider)
            if try await CaseThread.receive(reply, now: now, auditKey: auditKey, on: db) != nil {
                return Outcome(result: .caseReply, id: target.id, owner: (target.kind.rawValue, target.id))
            }
        }
        if let file = files.first {
            let contact = try await contact(on: file, incoming, text: text, now: now, auditKey: auditKey, on: db)
            return Outcome(result: .contact, id: contact, owner: ("contact", contact))
        }
        let inquiry = try await newInquiry(incoming, mobile: mobile, text: text, now: now, auditKey: auditKey, on: db)
        return Outcome(result: .inquiry, id: inquiry, owner: ("inquiry", inquiry))
    }

    static func stop(_ files: [Beneficiary], via: String, now: Date, auditKey: SymmetricKey, on db: any Database) async throws {
        for file in files {
            let id = try file.requireID()
            // A withdrawal of her consent to messages, kept in her consent history.
            try await ConsentLedger.record(.init(purpose: .messages, granted: false, method: nil, source: .reply, note: via), file: file, by: nil,
                                           now: now, on: db)
            try await AuditChain.append(.init(actorName: via == "whatsapp" ? "whatsapp" : "sms-gateway", action: "beneficiary.optedOutByReply",
                                              recordType: "beneficiary", recordID: id.uuidString, outcome: .success, detail: via),
                                        at: now, key: auditKey, on: db)
        }
    }

    struct Target { let kind: CaseKind; let id: UUID; let number: String; let answeredAt: Date }

    /// Her case this message answers, by the rule above; nil when she has none open or recently closed.
    static func replyTarget(mobile: String, files: [UUID], text: String, now: Date, on db: any Database) async throws -> Target? {
        let since = now.addingTimeInterval(-reopenWindow)
        let owners = files.map { Optional($0) }
        let inquiries = try await Inquiry.query(on: db)
            .group(.or) { mine in
                mine.filter(\.$contactPhone == mobile)
                if !owners.isEmpty { mine.filter(\.$beneficiaryID ~~ owners) }
            }
            .group(.or) { $0.filter(\.$status != .closed).filter(\.$closedAt >= since) }.all()
        let complaints = try await Complaint.query(on: db)
            .group(.or) { mine in
                mine.filter(\.$contactPhone == mobile)
                if !owners.isEmpty { mine.filter(\.$beneficiaryID ~~ owners) }
            }
            .group(.or) { $0.filter(\.$status != .closed).filter(\.$closedAt >= since) }.all()
        var targets = try inquiries.map { Target(kind: .inquiry, id: try $0.requireID(), number: $0.number, answeredAt: $0.firstResponseAt ?? $0.createdAt) }
            + complaints.map { Target(kind: .complaint, id: try $0.requireID(), number: $0.number, answeredAt: $0.respondedAt ?? $0.createdAt) }
        guard !targets.isEmpty else { return nil }
        let named = Set(caseNumbers(in: text))
        if let chosen = targets.first(where: { named.contains($0.number) }) { return chosen }
        let sent = try await CaseMessage.query(on: db).filter(\.$caseID ~~ targets.map(\.id)).filter(\.$direction == .outgoing).all()
        let lastSent = Dictionary(sent.map { ($0.caseID, $0.at) }, uniquingKeysWith: max)
        targets = targets.map { Target(kind: $0.kind, id: $0.id, number: $0.number, answeredAt: max($0.answeredAt, lastSent[$0.id] ?? .distantPast)) }
        return targets.max { ($0.answeredAt, $0.number) < ($1.answeredAt, $1.number) }
    }

    /// Case numbers written in a text, Arabic-Indic digits and lower case accepted: "q-2026-000123" → "Q-2026-000123".
    static func caseNumbers(in text: String) -> [String] {
        let western = ArabicDigits.westernized(text).uppercased()
        guard let pattern = try? NSRegularExpression(pattern: #"\b[QS]-\d{4}-\d{6}\b"#) else { return [] }
        return pattern.matches(in: western, range: NSRange(western.startIndex..., in: western)).compactMap {
            Range($0.range, in: western).map { String(western[$0]) }
        }
    }

    static func contact(on file: Beneficiary, _ incoming: Incoming, text: String, now: Date, auditKey: SymmetricKey, on db: any Database) async throws -> UUID {
        let contact = Contact()
        let id = UUID()
        contact.id = id
        contact.beneficiaryID = try file.requireID()
        contact.branchID = file.$branch.id
        // Of the eight policy channels, a message to the association's number is the phone; `transport` says which kind.
        contact.channel = .phone
        contact.transport = incoming.via
        contact.direction = .incoming
        contact.subject = String(text.replacingOccurrences(of: "\n", with: " ").prefix(120))
        contact.notes = String(text.prefix(4000))
        contact.durationMinutes = 0
        contact.outcome = .other
        contact.followUpOn = ""
        contact.followUpDone = false
        contact.staffID = gatewayActor
        contact.at = now
        try await contact.create(on: db)
        try await AuditChain.append(.init(actorName: incoming.provider, action: "contact.received", recordType: "beneficiary",
                                          recordID: try file.requireID().uuidString, outcome: .success, detail: incoming.via),
                                    at: now, key: auditKey, on: db)
        return id
    }

    static func newInquiry(_ incoming: Incoming, mobile: String, text: String, now: Date, auditKey: SymmetricKey, on db: any Database) async throws -> UUID {
        var branch = try await Branch.query(on: db).filter(\.$code == "HQ").first()
        if branch == nil { branch = try await Branch.query(on: db).sort(\.$createdAt).first() }
        var category = try await CaseCategory.query(on: db).filter(\.$kind == .inquiry).filter(\.$code == "general").first()
        if category == nil { category = try await CaseCategory.query(on: db).filter(\.$kind == .inquiry).filter(\.$isActive == true).sort(\.$sortOrder).first() }
        guard let branchID = try branch?.requireID(), let category else { throw Abort(.serviceUnavailable, reason: "no branch or inquiry category") }
        let due = try await Holiday.calendar(on: db).due(after: now, workingDays: category.targetDays)
        let name = incoming.profileName.trimmingWhitespace()
        let shownName = name.isEmpty ? ((try? SaudiMobile(mobile))?.local ?? mobile) : String(name.prefix(120))
        let inquiry = Inquiry.opened(beneficiaryID: nil, contactName: shownName, contactPhone: mobile, branchID: branchID, channel: .phone,
                                     categoryID: try category.requireID(), question: String(text.prefix(4000)), createdBy: gatewayActor, at: now, due: due)
        try await inquiry.register(now: now, on: db)
        try await AuditChain.append(.init(actorName: incoming.provider, action: "inquiry.created", recordType: "inquiry",
                                          recordID: try inquiry.requireID().uuidString, outcome: .success, detail: "\(incoming.via) \(inquiry.number)"),
                                    at: now, key: auditKey, on: db)
        return try inquiry.requireID()
    }
}
