/// A staff member's sign-in name: 3–32 Latin letters, digits, dot, dash or underscore, compared without case.
public struct StaffUsername: Hashable, Sendable, CustomStringConvertible {
    public enum Problem: String, Error, Sendable {
        case empty, tooShort, tooLong, invalidCharacters
        public var localizationKey: String { "validation.username.\(rawValue)" }
    }

    public let value: String
    public var description: String { value }

    public init(_ raw: String) throws(Problem) {
        let candidate = raw.trimmingWhitespace().lowercased()
        guard !candidate.isEmpty else { throw .empty }
        guard candidate.count >= 3 else { throw .tooShort }
        guard candidate.count <= 32 else { throw .tooLong }
        let allowed = candidate.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "0"..."9", ".", "-", "_": true
            default: false
            }
        }
        guard allowed else { throw .invalidCharacters }
        value = candidate
    }
}
