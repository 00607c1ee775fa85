/// How a message reaches a person. The development provider records them; real providers come later.
public enum MessageChannel: String, CaseIterable, Codable, Sendable {
    case sms
    case whatsapp
    case email
    case letter

    public var localizationKey: String { "messageChannel.\(rawValue)" }
}

/// The eight channels of [P-16] through which beneficiaries reach the association. Every request, inquiry,
/// complaint and interaction records one.
public enum ContactChannel: String, CaseIterable, Codable, Sendable {
    case interview
    case phone
    case socialMedia
    case letter
    case assistanceRequest
    case volunteerService
    case website
    case branchRep

    public var localizationKey: String { "channel.\(rawValue)" }
}
