/// An amount written in words as a Saudi receipt writes it (تفقيط): "فقط ألف ومئتان وخمسون ريالًا وخمسون هللة لا غير".
///
/// The counted noun follows Arabic grammar: ريال واحد، ريالان، ثلاثة ريالات (3–10, the numeral in the opposite
/// gender), أحد عشر ريالًا (11–99, singular accusative), مئة ريال (a round hundred, thousand or million: singular
/// genitive, a dual in its construct form: مئتا ريال، ألفا ريال). The thousands and millions follow the same rule
/// (ثلاثة آلاف، أحد عشر ألفًا، مئة ألف). Halalas are feminine: هللة واحدة، هللتان، ثلاث هللات، إحدى عشرة هللة.
/// A last one or two after a larger number is written with its noun: ألف وريال واحد، مئة ألف وألفان.
public enum ArabicAmountWords {
    /// The words in the page's language: Arabic as above, English as "One thousand two hundred fifty riyals and
    /// fifty halalas only".
    public static func words(_ money: Money, language: Language) -> String {
        language == .ar ? arabic(money) : english(money)
    }

    public static func arabic(_ money: Money) -> String {
        let amount = max(0, money.halalas)
        let riyals = amount / 100, halalas = Int(amount % 100)
        var parts: [String] = []
        if riyals > 0 || halalas == 0 { parts.append(riyalWords(riyals)) }
        if halalas > 0 { parts.append(halalaWords(halalas)) }
        return "فقط " + parts.joined(separator: " و") + " لا غير"
    }

    // MARK: Arabic

    /// How a counted noun is written after its number.
    struct Noun {
        let singular: String      // ريال، ألف (after 1, a round hundred, and 11–99 when in construct)
        let dual: String          // ريالان، ألفان
        let dualConstruct: String // ألفا (a dual directly before the next noun)
        let plural: String        // ريالات، آلاف (3–10)
        let accusative: String    // ريالًا، ألفًا (11–99)
    }

    static let riyal = Noun(singular: "ريال", dual: "ريالان", dualConstruct: "ريالان", plural: "ريالات", accusative: "ريالًا")
    static let scales: [(size: Int64, noun: Noun)] = [
        (1_000_000_000, Noun(singular: "مليار", dual: "ملياران", dualConstruct: "مليارا", plural: "مليارات", accusative: "مليارًا")),
        (1_000_000, Noun(singular: "مليون", dual: "مليونان", dualConstruct: "مليونا", plural: "ملايين", accusative: "مليونًا")),
        (1_000, Noun(singular: "ألف", dual: "ألفان", dualConstruct: "ألفا", plural: "آلاف", accusative: "ألفًا")),
    ]

    static let units = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]
    static let teens = ["عشرة", "أحد عشر", "اثنا عشر", "ثلاثة عشر", "أربعة عشر", "خمسة عشر", "ستة عشر", "سبعة عشر", "ثمانية عشر", "تسعة عشر"]
    static let tens = ["", "", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
    static let hundreds = ["", "مئة", "مئتان", "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة", "تسعمئة"]

    /// 1–999 counting a masculine noun; `construct` when a round 200 stands right before its noun (مئتا).
    static func number(_ value: Int, construct: Bool = false) -> String {
        var words: [String] = []
        let hundred = value / 100, rest = value % 100
        if hundred > 0 { words.append(hundred == 2 && rest == 0 && construct ? "مئتا" : hundreds[hundred]) }
        switch rest {
        case 0: break
        case 1...10: words.append(units[rest])
        case 11...19: words.append(teens[rest - 10])
        default: words.append(rest % 10 == 0 ? tens[rest / 10] : "\(units[rest % 10]) و\(tens[rest / 10])")
        }
        return words.joined(separator: " و")
    }

    /// `count` (1–999) of `noun`; `final` when the counted noun comes right after (a round amount: ألف ريال).
    static func counted(_ count: Int, _ noun: Noun, final: Bool) -> String {
        let rest = count % 100
        switch count {
        case 1: return noun.singular
        case 2: return final ? noun.dualConstruct : noun.dual
        default: break
        }
        if count > 100 && (rest == 1 || rest == 2) {
            return counted(count - rest, noun, final: false) + " و" + counted(rest, noun, final: final)
        }
        switch rest {
        case 0: return number(count, construct: true) + " " + noun.singular
        case 3...10: return number(count) + " " + noun.plural
        default: return number(count) + " " + (final ? noun.singular : noun.accusative)
        }
    }

    static func riyalWords(_ riyals: Int64) -> String {
        guard riyals > 0 else { return "صفر ريال" }
        var terms: [String] = []
        var left = riyals
        for scale in scales where left >= scale.size {
            let count = Int(left / scale.size)
            left %= scale.size
            terms.append(counted(count, scale.noun, final: left == 0))
        }
        let last = Int(left)
        let rest = last % 100
        switch last {
        case 0: terms[terms.count - 1] += " " + riyal.singular
        case 1: terms.append("ريال واحد")
        case 2: terms.append(riyal.dual)
        default:
            if last > 100 && (rest == 1 || rest == 2) {
                terms.append(number(last - rest))
                terms.append(rest == 1 ? "ريال واحد" : riyal.dual)
            } else {
                terms.append(counted(last, riyal, final: false))
            }
        }
        return terms.joined(separator: " و")
    }

    static let feminineUnits = ["", "إحدى", "اثنتان", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع", "عشر"]

    /// 1–99 halalas (a feminine noun: the numerals 3–10 take the masculine form).
    static func halalaWords(_ halalas: Int) -> String {
        switch halalas {
        case 1: return "هللة واحدة"
        case 2: return "هللتان"
        case 3...10: return feminineUnits[halalas] + " هللات"
        case 11: return "إحدى عشرة هللة"
        case 12: return "اثنتا عشرة هللة"
        case 13...19: return feminineUnits[halalas - 10] + " عشرة هللة"
        default:
            let unit = halalas % 10, ten = halalas / 10
            return (unit == 0 ? tens[ten] : "\(feminineUnits[unit]) و\(tens[ten])") + " هللة"
        }
    }

    // MARK: English

    public static func english(_ money: Money) -> String {
        let amount = max(0, money.halalas)
        let riyals = amount / 100, halalas = Int(amount % 100)
        var parts: [String] = []
        if riyals > 0 || halalas == 0 { parts.append(englishNumber(riyals) + (riyals == 1 ? " riyal" : " riyals")) }
        if halalas > 0 { parts.append(englishNumber(Int64(halalas)) + (halalas == 1 ? " halala" : " halalas")) }
        let text = parts.joined(separator: " and ") + " only"
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    static let englishSmall = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                               "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
    static let englishTens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    static func englishNumber(_ value: Int64) -> String {
        guard value > 0 else { return "zero" }
        var words: [String] = []
        var left = value
        for (size, name) in [(Int64(1_000_000_000), "billion"), (1_000_000, "million"), (1_000, "thousand")] where left >= size {
            words.append(englishHundreds(Int(left / size)) + " " + name)
            left %= size
        }
        if left > 0 { words.append(englishHundreds(Int(left))) }
        return words.joined(separator: " ")
    }

    static func englishHundreds(_ value: Int) -> String {
        var words: [String] = []
        if value >= 100 { words.append(englishSmall[value / 100] + " hundred") }
        let rest = value % 100
        if rest >= 20 {
            words.append(englishTens[rest / 10] + (rest % 10 > 0 ? "-" + englishSmall[rest % 10] : ""))
        } else if rest > 0 {
            words.append(englishSmall[rest])
        }
        return words.joined(separator: " ")
    }
}
