/// Which form of a counted word a number takes (the CLDR plural rules). Arabic has six: "لا ملفات", "ملف واحد",
/// "ملفان", "3 ملفات", "11 ملفًا", "100 ملف"; English two.
public enum PluralCategory: String, CaseIterable, Sendable {
    case zero, one, two, few, many, other

    public static func of(_ number: Int, in language: Language) -> PluralCategory {
        let n = abs(number)
        switch language {
        case .en:
            return n == 1 ? .one : .other
        case .ar:
            switch n {
            case 0: return .zero
            case 1: return .one
            case 2: return .two
            default:
                switch n % 100 {
                case 3...10: return .few
                case 11...99: return .many
                default: return .other
                }
            }
        }
    }
}
