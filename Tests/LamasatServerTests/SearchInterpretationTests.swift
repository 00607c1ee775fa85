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
