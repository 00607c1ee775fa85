/// The interface languages. Arabic is the default and is written right to left.
public enum Language: String, CaseIterable, Codable, Sendable {
    case ar
    case en

    public static let `default`: Language = .ar

    public var direction: String { self == .ar ? "rtl" : "ltr" }

    public init(tag: String?) {
        self = tag.flatMap { Language(rawValue: $0.lowercased()) } ?? .default
    }
}
