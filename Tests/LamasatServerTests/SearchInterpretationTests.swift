import Testing
@testable import LamasatServer

@Suite("How the search box is understood")
struct SearchInterpretationTests {
    @Test("IDs, mobiles and file numbers are recognised in any digits; names are normalized words without wildcards", arguments: [
        ("١٠٤٥٧٨٩٣٢٦", BeneficiaryRegistry.Term.nationalID("1045789326")),
        ("050 123 4567", .mobile("+966501234567")),
        ("+966501234567", .mobile("+966501234567")),
        ("LMS-000123", .fileNumber(123)),
        ("42", .fileNumber(42)),
        ("أميرة  القحطانى", .name(["اميره", "القحطاني"])),
        ("نو%ره_", .name(["نوره"])),
        ("%", .none),
        ("   ", .none),
    ])
    func interpret(text: String, expected: BeneficiaryRegistry.Term) {
        #expect(BeneficiaryRegistry.interpret(text) == expected)
    }
}

@Suite("The word index of names")
struct NameWordIndexTests {
    @Test("a name's words are split on its spaces, each once")
    func words() {
        #expect(NameWordIndex.words(of: "نوره عبد الله عبد العزيز") == ["العزيز", "الله", "عبد", "نوره"])
    }

    @Test("each typed word becomes a group of quoted indexed words, quotes doubled")
    func matchExpression() {
        #expect(NameWordIndex.matchExpression(["عبد": ["عبد", "عبدالله"], "نو": ["نوره"], "x": ["a\"x"]])
            == "(\"a\"\"x\") AND (\"عبد\" OR \"عبدالله\") AND (\"نوره\")")
    }

    @Test("the index alone decides only when every typed word is expanded into words that are one token each")
    func exactness() {
        #expect(NameWordIndex.isExact(["عبد", "نوره"], ["عبد": ["عبدالله"], "نوره": ["نوره"]]))
        #expect(NameWordIndex.isExact(["noura"], ["noura": ["noura2"]]))
        #expect(!NameWordIndex.isExact(["عبد", "ن"], ["عبد": ["عبدالله"]]))
        #expect(!NameWordIndex.isExact(["ال"], ["ال": ["ال-سعود"]]))
        #expect(!NameWordIndex.isExact(["o"], ["o": ["o'brien"]]))
    }

    @Test("a word FTS5 sees no token in cannot be looked up")
    func tokens() {
        #expect(NameWordIndex.hasToken("ال-سعود"))
        #expect(NameWordIndex.hasToken("7"))
        #expect(!NameWordIndex.hasToken("-"))
        #expect(!NameWordIndex.hasToken("'."))
    }
}
