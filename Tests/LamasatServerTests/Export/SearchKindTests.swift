import Testing
@testable import LamasatServer

@Suite("The export audit's search kind")
struct SearchKindTests {
    @Test("the export's audit names a typed search by the same kind as the files search understands it")
    func agreesWithTheFilesSearch() {
        for text in ["", "  ", "1045789326", "١٠٤٥٧٨٩٣٢٦", "0501234567", "+966501234567", "LMS-000123", "123", "٤٥", "نورة الحربي",
                     "1234567890123", "سارة 12"] {
            let expected = switch BeneficiaryRegistry.interpret(text) {
            case .none: ""
            case .nationalID: "nationalID"
            case .mobile: "mobile"
            case .fileNumber: "fileNumber"
            case .name: "name"
            }
            #expect(ListExport.searchKind(text) == expected, "\(text)")
        }
    }
}
