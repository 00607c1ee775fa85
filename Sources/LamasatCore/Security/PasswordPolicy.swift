/// Staff passwords: from 10 to 128 characters in any script (Arabic, Latin, digits, symbols). Length counts what
/// a person sees as characters, so an Arabic password is not penalised for being two bytes a letter.
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumLength = 128

    public enum Problem: String, Error, Sendable, Equatable {
        case tooShort, tooLong, onlyWhitespace, sameAsUsername, mismatch
        public var localizationKey: String { "validation.password.\(rawValue)" }
    }

    public static func check(_ password: String, username: String? = nil) -> Problem? {
        if password.count < minimumLength { return .tooShort }
        if password.count > maximumLength { return .tooLong }
        if password.allSatisfy(\.isWhitespace) { return .onlyWhitespace }
        if let username, password.lowercased() == username.lowercased() { return .sameAsUsername }
        return nil
    }

    public static func check(_ password: String, confirmation: String, username: String? = nil) -> Problem? {
        if let problem = check(password, username: username) { return problem }
        return password == confirmation ? nil : .mismatch
    }
}
