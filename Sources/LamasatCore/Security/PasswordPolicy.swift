/// Staff passwords: from 10 to 128 characters in any script (Arabic, Latin, digits, symbols). Length counts what
/// a person sees as characters, so an Arabic password is not penalised for being two bytes a letter.
/// Beyond length (ASVS 5.0 6.2.x) it refuses what an attacker tries first: the username, the association's name,
/// and the most common passwords — no composition rules, which only push people to "Password1!".
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumLength = 128
    /// A username shorter than this is not looked for inside the password ("al" is in too many words).
    public static let minimumUsernameLengthToSearch = 3
    /// "password2024!" is refused because "password" is common, but only when what is left is this long:
    /// "abc" + seven digits is not refused for starting with the common "abc".
    public static let minimumCommonStemLength = 6
    /// The association's name in both scripts, already in `ArabicSearch.normalize` form.
    public static let organizationNames = ["lamasat", ArabicSearch.normalize("لمسات")]

    public enum Problem: String, Error, Sendable, Equatable, CaseIterable {
        case tooShort, tooLong, onlyWhitespace, sameAsUsername, containsUsername, containsOrganizationName, common, mismatch
        public var localizationKey: String { "validation.password.\(rawValue)" }
    }

    /// The first problem found, in the order of the cases; nil when the password is acceptable.
    public static func check(_ password: String, username: String? = nil, common: CommonPasswords = .none) -> Problem? {
        if password.count < minimumLength { return .tooShort }
        if password.count > maximumLength { return .tooLong }
        if password.allSatisfy(\.isWhitespace) { return .onlyWhitespace }
        let folded = foldedForNames(password)
        if let username {
            let name = foldedForNames(username)
            if password.lowercased() == username.lowercased() || (!name.isEmpty && folded == name) { return .sameAsUsername }
            if name.count >= minimumUsernameLengthToSearch, folded.contains(name) { return .containsUsername }
        }
        // Spaces are dropped too, so "Lama Sat" and "لمسات ٢٠٢٤" are both caught.
        let joined = folded.filter { !$0.isWhitespace }
        if organizationNames.contains(where: { joined.contains($0) }) { return .containsOrganizationName }
        if common.refuses(password) { return .common }
        return nil
    }

    public static func check(_ password: String, confirmation: String, username: String? = nil,
                             common: CommonPasswords = .none) -> Problem? {
        if let problem = check(password, username: username, common: common) { return problem }
        return password == confirmation ? nil : .mismatch
    }

    /// One folding for names: case, Arabic letter variants, diacritics, tatweel and Arabic-Indic digits as
    /// `ArabicSearch` does, and invisible format characters (zero-width space, direction marks) dropped so that
    /// "lama\u{200B}sat" is still the name.
    static func foldedForNames(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in ArabicSearch.normalize(text).unicodeScalars where scalar.properties.generalCategory != .format {
            scalars.append(scalar)
        }
        return String(scalars)
    }
}

/// The list of passwords too common to allow. LamasatCore has no resources, so the server reads
/// Resources/Security/common-passwords.txt (one password per line) and hands the text in.
public struct CommonPasswords: Sendable {
    private let entries: Set<String>

    /// Blank lines are skipped; each line is folded like a typed password, so the file's case does not matter.
    public init(lines: some StringProtocol) {
        var entries = Set<String>()
        for line in lines.split(whereSeparator: \.isNewline) {
            let entry = Self.fold(String(line).trimmingWhitespace())
            if !entry.isEmpty { entries.insert(entry) }
        }
        self.entries = entries
    }

    /// No list: nothing is refused as common (tests and tools that have no file at hand).
    public static let none = CommonPasswords(lines: "")

    public var count: Int { entries.count }

    /// Whether the password itself is listed, ignoring case and the digit set it was typed in.
    public func contains(_ password: String) -> Bool {
        entries.contains(Self.fold(password))
    }

    /// Listed as is, or listed once the trailing digits and symbols people add to satisfy a rule are taken off
    /// ("Password2024!" → "password"), provided what remains has `PasswordPolicy.minimumCommonStemLength` characters.
    public func refuses(_ password: String) -> Bool {
        let folded = Self.fold(password)
        if entries.contains(folded) { return true }
        var stem = Substring(folded)
        while let last = stem.last, !last.isLetter { stem.removeLast() }
        return stem.count >= PasswordPolicy.minimumCommonStemLength && stem.count < folded.count && entries.contains(String(stem))
    }

    /// Lower case with Arabic-Indic digits as 0–9: "PASSWORD١٢٣" is "password123".
    static func fold(_ text: String) -> String {
        ArabicDigits.westernized(text).lowercased()
    }
}
