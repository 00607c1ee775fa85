import Testing
@testable import LamasatCore

// The amount in words on a receipt (issue 18), every case checked by hand against the rules of تفقيط.

private let arabicCases: [(halalas: Int64, words: String)] = [
    (0, "فقط صفر ريال لا غير"),
    (100, "فقط ريال واحد لا غير"),
    (200, "فقط ريالان لا غير"),
    (300, "فقط ثلاثة ريالات لا غير"),
    (800, "فقط ثمانية ريالات لا غير"),
    (1_000, "فقط عشرة ريالات لا غير"),
    (1_100, "فقط أحد عشر ريالًا لا غير"),
    (1_200, "فقط اثنا عشر ريالًا لا غير"),
    (1_500, "فقط خمسة عشر ريالًا لا غير"),
    (2_000, "فقط عشرون ريالًا لا غير"),
    (2_100, "فقط واحد وعشرون ريالًا لا غير"),
    (2_200, "فقط اثنان وعشرون ريالًا لا غير"),
    (9_900, "فقط تسعة وتسعون ريالًا لا غير"),
    (10_000, "فقط مئة ريال لا غير"),
    (10_100, "فقط مئة وريال واحد لا غير"),
    (10_200, "فقط مئة وريالان لا غير"),
    (10_300, "فقط مئة وثلاثة ريالات لا غير"),
    (15_000, "فقط مئة وخمسون ريالًا لا غير"),
    (20_000, "فقط مئتا ريال لا غير"),
    (25_000, "فقط مئتان وخمسون ريالًا لا غير"),
    (30_000, "فقط ثلاثمئة ريال لا غير"),
    (99_900, "فقط تسعمئة وتسعة وتسعون ريالًا لا غير"),
    (100_000, "فقط ألف ريال لا غير"),
    (100_100, "فقط ألف وريال واحد لا غير"),
    (120_000, "فقط ألف ومئتا ريال لا غير"),
    (125_050, "فقط ألف ومئتان وخمسون ريالًا وخمسون هللة لا غير"),
    (200_000, "فقط ألفا ريال لا غير"),
    (250_000, "فقط ألفان وخمسمئة ريال لا غير"),
    (300_000, "فقط ثلاثة آلاف ريال لا غير"),
    (1_000_000, "فقط عشرة آلاف ريال لا غير"),
    (1_100_000, "فقط أحد عشر ألف ريال لا غير"),
    (1_150_000, "فقط أحد عشر ألفًا وخمسمئة ريال لا غير"),
    (2_500_000, "فقط خمسة وعشرون ألف ريال لا غير"),
    (10_000_000, "فقط مئة ألف ريال لا غير"),
    (10_100_000, "فقط مئة ألف وألف ريال لا غير"),
    (20_000_000, "فقط مئتا ألف ريال لا غير"),
    (100_000_000, "فقط مليون ريال لا غير"),
    (250_000_000, "فقط مليونان وخمسمئة ألف ريال لا غير"),
    (300_000_000, "فقط ثلاثة ملايين ريال لا غير"),
    (1_200_000_000, "فقط اثنا عشر مليون ريال لا غير"),
    (Money.maximumHalalas, "فقط مليار ريال لا غير"),
    (1, "فقط هللة واحدة لا غير"),
    (2, "فقط هللتان لا غير"),
    (5, "فقط خمس هللات لا غير"),
    (10, "فقط عشر هللات لا غير"),
    (11, "فقط إحدى عشرة هللة لا غير"),
    (12, "فقط اثنتا عشرة هللة لا غير"),
    (18, "فقط ثماني عشرة هللة لا غير"),
    (50, "فقط خمسون هللة لا غير"),
    (75, "فقط خمس وسبعون هللة لا غير"),
    (121, "فقط ريال واحد وإحدى وعشرون هللة لا غير"),
    (502, "فقط خمسة ريالات وهللتان لا غير"),
    (123_456_789_01, "فقط مئة وثلاثة وعشرون مليونًا وأربعمئة وستة وخمسون ألفًا وسبعمئة وتسعة وثمانون ريالًا وهللة واحدة لا غير"),
]

@Test("Arabic words for hand-checked amounts", arguments: arabicCases)
func arabicWords(halalas: Int64, words: String) {
    #expect(ArabicAmountWords.arabic(Money(halalas: halalas)) == words)
    #expect(ArabicAmountWords.words(Money(halalas: halalas), language: .ar) == words)
}

private let englishCases: [(halalas: Int64, words: String)] = [
    (0, "Zero riyals only"),
    (100, "One riyal only"),
    (1, "One halala only"),
    (125_050, "One thousand two hundred fifty riyals and fifty halalas only"),
    (2_100_000, "Twenty-one thousand riyals only"),
    (Money.maximumHalalas, "One billion riyals only"),
    (123_456_700, "One million two hundred thirty-four thousand five hundred sixty-seven riyals only"),
]

@Test("English words for the English page", arguments: englishCases)
func englishWords(halalas: Int64, words: String) {
    #expect(ArabicAmountWords.english(Money(halalas: halalas)) == words)
    #expect(ArabicAmountWords.words(Money(halalas: halalas), language: .en) == words)
}

@Test("Every amount up to the maximum gets words framed by فقط … لا غير, never an empty group")
func framingHolds() {
    var value: Int64 = 1
    while value <= Money.maximumHalalas {
        for amount in [value, value + 1, value * 3 - 1] where amount <= Money.maximumHalalas {
            let text = ArabicAmountWords.arabic(Money(halalas: amount))
            #expect(text.hasPrefix("فقط ") && text.hasSuffix(" لا غير"))
            #expect(!text.contains("  ") && !text.contains("و "))
        }
        value *= 7
    }
}
