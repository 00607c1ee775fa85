/// In or out: who started the contact.
public enum ContactDirection: String, CaseIterable, Codable, Sendable {
    case incoming, outgoing
    public var localizationKey: String { "contact.direction.\(rawValue)" }
}

/// How a contact ended.
public enum ContactOutcome: String, CaseIterable, Codable, Sendable {
    case answered, informationGiven, callBack, noAnswer, referred, other
    public var localizationKey: String { "contact.outcome.\(rawValue)" }
}

/// An inquiry's life: answered and closed, or referred to the social researcher when unclear ([P-20]).
public enum InquiryStatus: String, CaseIterable, Codable, Sendable {
    case new, answered, referred, closed
    public var localizationKey: String { "inquiry.status.\(rawValue)" }
    public var isOpen: Bool { self != .closed }

    public enum Action: String, CaseIterable, Sendable { case answer, refer, close, reopen }

    public func applying(_ action: Action) -> InquiryStatus? {
        switch (self, action) {
        case (.new, .answer), (.referred, .answer), (.answered, .answer): .answered
        case (.new, .refer): .referred
        case (.answered, .close), (.referred, .close): .closed
        case (.closed, .reopen): .new
        default: nil
        }
    }
}

public enum ComplaintKind: String, CaseIterable, Codable, Sendable {
    case complaint, suggestion
    public var localizationKey: String { "complaint.kind.\(rawValue)" }
}

public enum ComplaintSeverity: String, CaseIterable, Codable, Sendable {
    case low, medium, high, critical
    public var localizationKey: String { "complaint.severity.\(rawValue)" }
}

/// A complaint or suggestion's life. Closing needs her acknowledgement of the response; reopening needs a reason.
public enum ComplaintStatus: String, CaseIterable, Codable, Sendable {
    case open, responded, closed
    public var localizationKey: String { "complaint.status.\(rawValue)" }

    public enum Action: String, CaseIterable, Sendable { case respond, close, reopen }

    public func applying(_ action: Action) -> ComplaintStatus? {
        switch (self, action) {
        case (.open, .respond), (.responded, .respond): .responded
        case (.responded, .close): .closed
        case (.closed, .reopen): .open
        default: nil
        }
    }
}

/// Who may see a complaint. Confidential complaints and complaints about a staff member are for managers only, and
/// never for the staff member they are about — whatever her role.
public enum ComplaintVisibility {
    public static func visible<ID: Equatable>(confidential: Bool, aboutStaff: ID?, viewer: ID, viewerIsManager: Bool) -> Bool {
        if let aboutStaff, aboutStaff == viewer { return false }
        if confidential || aboutStaff != nil { return viewerIsManager }
        return true
    }
}

/// Short reply templates with variables such as {name}, {tracking} and {expected}.
public enum ReplyTemplate {
    public static let variables = ["name", "tracking", "expected"]

    /// Fills the known variables; an unknown or empty one is left visible so the officer notices it.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var text = template
        for (key, value) in values where !value.isEmpty { text = text.replacingOccurrences(of: "{\(key)}", with: value) }
        return text
    }

    /// Variables used in the template that are not known.
    public static func unknownVariables(in template: String) -> [String] {
        var found: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            if !variables.contains(name) && !found.contains(name) { found.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return found
    }
}
