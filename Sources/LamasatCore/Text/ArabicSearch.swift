/// The one normalization used both to index names and to read what is typed in the search box, so that any
/// spelling finds the same person: no diacritics or tatweel, أ إ آ ٱ → ا, ى → ي, ة → ه, Arabic-Indic digits → 0–9,
/// Latin letters in lower case, runs of spaces folded to one.
public enum ArabicSearch {
    public static func normalize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in ArabicDigits.westernized(text).unicodeScalars {
            let value = scalar.value
            // Harakat, tanwin, shadda, sukun, small marks (U+064B–U+065F), superscript alef, tatweel.
            if (0x064B...0x065F).contains(value) || value == 0x0670 || value == 0x0640 { continue }
            if (0x0610...0x061A).contains(value) || (0x06D6...0x06ED).contains(value) { continue }
            let folded: Unicode.Scalar
            switch value {
            case 0x0623, 0x0625, 0x0622, 0x0671: folded = "\u{0627}"  // أ إ آ ٱ → ا
            case 0x0649: folded = "\u{064A}"  // ى → ي
            case 0x0629: folded = "\u{0647}"  // ة → ه
            default: folded = scalar
            }
            if folded.properties.isWhitespace || folded == "\u{200F}" || folded == "\u{200E}" {
                if !lastWasSpace && folded.properties.isWhitespace { scalars.append(" ") }
                lastWasSpace = lastWasSpace || folded.properties.isWhitespace
                continue
            }
            for lowered in folded.properties.lowercaseMapping.unicodeScalars { scalars.append(lowered) }
            lastWasSpace = false
        }
        if scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }

    /// Only the digits of a text (after Arabic-Indic → Western), for matching IDs and phone numbers.
    public static func digits(_ text: String) -> String {
        String(ArabicDigits.westernized(text).unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
    }
}
