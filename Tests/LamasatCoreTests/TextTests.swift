import Testing
@testable import LamasatCore

@Suite("Digits, language and usernames")
struct TextTests {
    @Test("Arabic-Indic and Extended Arabic-Indic digits become 0-9; other text is kept",
          arguments: [("١٤", "14"), ("٠٥٠٧١٤٢٥٦٠", "0507142560"), ("۱۲۳", "123"), ("رقم ٣", "رقم 3"), ("abc", "abc")])
    func westernized(input: String, expected: String) {
        #expect(ArabicDigits.westernized(input) == expected)
    }

    @Test("whole numbers parse from any digit set, with spaces around", arguments: [
        (" ١٥ ", 15), ("14", 14), ("۳۰", 30), ("-٢", -2),
    ])
    func parsesInt(input: String, expected: Int) {
        #expect(ArabicDigits.parseInt(input) == expected)
    }

    @Test("text that is not a whole number is refused", arguments: ["", "  ", "١٤a", "1.5", "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩"])
    func refusesNonNumbers(input: String) {
        #expect(ArabicDigits.parseInt(input) == nil)
    }

    @Test("Arabic is the default language and writes right to left")
    func language() {
        #expect(Language(tag: nil) == .ar)
        #expect(Language(tag: "xx") == .ar)
        #expect(Language(tag: "EN") == .en)
        #expect(Language.ar.direction == "rtl")
        #expect(Language.en.direction == "ltr")
    }

    @Test("usernames are trimmed and lower-cased")
    func usernameNormalized() throws {
        #expect(try StaffUsername("  Noura.Q ").value == "noura.q")
    }

    @Test("bad usernames are refused with the reason", arguments: [
        ("", StaffUsername.Problem.empty), ("ab", .tooShort), (String(repeating: "a", count: 33), .tooLong),
        ("نورة", .invalidCharacters), ("a b c", .invalidCharacters), ("x@y.z", .invalidCharacters),
    ])
    func usernameRefused(input: String, problem: StaffUsername.Problem) {
        #expect(throws: problem) { try StaffUsername(input) }
    }
}

@Suite("Markdown shown as plain text")
struct PlainTextTests {
    @Test("headings, emphasis, escapes and code marks are dropped; bullets stay bullets")
    func plain() {
        let text = PlainText.fromMarkdown("## تمهيد\n**مهم** جدًا\n- أولًا\nحساب LMSAT\\_1000 و `رمز`")
        #expect(text == "تمهيد\nمهم جدًا\n• أولًا\nحساب LMSAT_1000 و رمز")
    }
}

@Suite("Counted words")
struct PluralTests {
    @Test("Arabic takes six forms by the CLDR rules, English two", arguments: [
        (0, PluralCategory.zero, PluralCategory.other), (1, .one, .one), (2, .two, .other), (3, .few, .other), (10, .few, .other),
        (11, .many, .other), (99, .many, .other), (100, .other, .other), (101, .other, .other), (102, .other, .other),
        (103, .few, .other), (111, .many, .other), (1000, .other, .other),
    ])
    func categories(number: Int, arabic: PluralCategory, english: PluralCategory) {
        #expect(PluralCategory.of(number, in: .ar) == arabic)
        #expect(PluralCategory.of(number, in: .en) == english)
    }
}
