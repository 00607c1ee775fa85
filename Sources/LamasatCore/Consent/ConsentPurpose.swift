/// What she consents to, each on its own ([P-3], PDPL): her file being processed for her support, messages from the
/// association, satisfaction surveys, and her data shared with a named partner.
public enum ConsentPurpose: String, CaseIterable, Codable, Sendable {
    case processing, messages, surveys, sharing
    public var localizationKey: String { "consent.purpose.\(rawValue)" }
}

/// Where a consent change came from: the registration form, an officer recording what she said or signed, her own
/// portal, a "stop" reply to a message, or the single consent kept before consents were per purpose.
public enum ConsentSource: String, CaseIterable, Codable, Sendable {
    case registration, staff, portal, reply, earlierRecord
    public var localizationKey: String { "consent.source.\(rawValue)" }
}
