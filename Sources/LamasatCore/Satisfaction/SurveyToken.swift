/// The single-use code of a survey link: 16 characters of Crockford base32 (80 random bits), short enough to print
/// on a receipt and type from it, far too many to guess. Only its hash is stored.
public enum SurveyToken {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    public static let length = 16
    /// Days a link stays open.
    public static let lifetimeDays = 30

    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> String {
        generate(length: length, using: &generator)
    }

    /// `length` random characters of the alphabet (certificate codes are shorter).
    static func generate<G: RandomNumberGenerator>(length: Int, using generator: inout G) -> String {
        String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// What was typed or followed, in canonical form; nil when it cannot be a token. Spaces, dashes and case are
    /// forgiven and the letters that look like digits are read as them.
    public static func canonical(_ typed: String) -> String? { canonical(typed, length: length) }

    static func canonical(_ typed: String, length: Int) -> String? {
        let mapped = typed.uppercased().compactMap { character -> Character? in
            switch character {
            case " ", "-": nil
            case "O": "0"
            case "I", "L": "1"
            default: character
            }
        }
        guard mapped.count == length, mapped.allSatisfy(alphabet.contains) else { return nil }
        return String(mapped)
    }

    /// The token in groups of four, for print.
    public static func grouped(_ token: String) -> String {
        stride(from: 0, to: token.count, by: 4).map { start in
            String(token.dropFirst(start).prefix(4))
        }.joined(separator: "-")
    }
}
