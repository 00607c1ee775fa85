/// One line of the append-only audit trail, in the form that is hashed into the chain. It never holds passwords,
/// one-time codes or national IDs: only who did what to which record, when, with which outcome, from where.
public struct AuditRecord: Equatable, Sendable {
    public enum Outcome: String, CaseIterable, Codable, Sendable {
        case success, failure, denied
    }

    public var sequence: Int64
    public var occurredAtMilliseconds: Int64
    public var actorID: String?
    public var actorName: String?
    public var action: String
    public var recordType: String?
    public var recordID: String?
    public var outcome: Outcome
    public var address: String?
    public var detail: String?

    public init(
        sequence: Int64, occurredAtMilliseconds: Int64, actorID: String?, actorName: String?, action: String,
        recordType: String?, recordID: String?, outcome: Outcome, address: String?, detail: String?
    ) {
        self.sequence = sequence
        self.occurredAtMilliseconds = occurredAtMilliseconds
        self.actorID = actorID
        self.actorName = actorName
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.outcome = outcome
        self.address = address
        self.detail = detail
    }

    /// The exact text that is hashed together with the previous row's hash. Each field is length-prefixed so no
    /// two different records can produce the same text.
    public var canonicalText: String {
        let fields: [String?] = [
            String(sequence), String(occurredAtMilliseconds), actorID, actorName, action, recordType, recordID,
            outcome.rawValue, address, detail,
        ]
        return fields.map { field in
            guard let field else { return "-" }
            return "\(field.utf8.count):\(field)"
        }.joined(separator: "|")
    }
}
