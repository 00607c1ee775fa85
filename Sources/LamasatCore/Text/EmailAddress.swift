/// An e-mail address checked strictly enough to be written into an SMTP command and a mail header as is: an
/// address that passes cannot carry a line break, a control or invisible character, or a second address.
/// Deliberately narrower than RFC 5322 (no quoted local parts, comments or IP-literal domains): nobody types
/// those into a form, and each one is a way to smuggle text past a mail server.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address as typed, without surrounding white space; nothing else is changed (not even case).
    public let value: String
    public var description: String { value }

    /// Limits of RFC 5321 §4.5.3.1, counted in UTF-8 octets as they travel.
    static let maximumLocalPartOctets = 64
    static let maximumDomainOctets = 255
    static let maximumLabelOctets = 63
    static let maximumOctets = 254
    /// Characters RFC 5322 only allows inside a quoted local part, which is not accepted here.
    static let localPartSpecials = Set("<>()[]\\,;:\"".unicodeScalars)

    public init?(_ raw: String) {
        let text = raw.trimmingWhitespace()
        guard text.utf8.count <= Self.maximumOctets else { return nil }
        // No white space, no control (Cc: tab, CR, LF, NUL…) and no format character (Cf: RLM, zero-width…).
        guard !text.unicodeScalars.contains(where: { scalar in
            let category = scalar.properties.generalCategory
            return category == .control || category == .format || scalar.properties.isWhitespace
        }) else { return nil }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, Self.isValidLocalPart(parts[0]), Self.isValidDomain(parts[1]) else { return nil }
        value = text
    }

    /// 1–64 octets of anything but the specials, dots only between other characters.
    static func isValidLocalPart(_ local: Substring) -> Bool {
        guard (1...maximumLocalPartOctets).contains(local.utf8.count) else { return false }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        return !local.unicodeScalars.contains(where: localPartSpecials.contains)
    }

    /// A host name of at least two labels: letters (any script, for internationalised names), digits and inner
    /// hyphens, 1–63 octets a label, and a top-level label that is not a number (so "a@1.2.3.4" is refused).
    static func isValidDomain(_ domain: Substring) -> Bool {
        guard (1...maximumDomainOctets).contains(domain.utf8.count) else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy(isValidLabel) else { return false }
        guard let top = labels.last else { return false }
        return !top.unicodeScalars.allSatisfy(isASCIIDigit)
    }

    /// The length is checked on the UTF-8 form; the ASCII (punycode) form of a non-Latin label can be a little
    /// longer, so a rare very long Arabic label may pass here and be refused by the mail server.
    static func isValidLabel(_ label: Substring) -> Bool {
        guard (1...maximumLabelOctets).contains(label.utf8.count) else { return false }
        guard !label.hasPrefix("-"), !label.hasSuffix("-") else { return false }
        var isFirst = true
        for scalar in label.unicodeScalars {
            defer { isFirst = false }
            if scalar.isASCII {
                guard isASCIIDigit(scalar) || scalar == "-" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) else {
                    return false
                }
                continue
            }
            // Tatweel only stretches a word on screen; IDNA does not allow it in a name.
            if scalar == "\u{0640}" { return false }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: continue
            // Combining marks belong to the letter before them (needed by some scripts), never first.
            case .nonspacingMark, .spacingMark: if isFirst { return false }
            default: return false
            }
        }
        return true
    }

    static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}
