import Foundation
import Testing
@testable import LamasatCore

@Suite("Import readers: XLSX and CSV streamed, headers recognised, rows through the form validators")
struct ImportReaderTests {
    static let styles = """
        <?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/mm/dd;@"/></numFmts>\
        <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>
        """

    func rows(_ url: URL, sheet: Int = 0) throws -> [[String]] {
        var rows: [[String]] = []
        try SpreadsheetSource.rows(of: url, sheet: sheet) { _, cells in rows.append(cells); return true }
        return rows
    }

    @Test("an XLSX lists its sheets; shared and inline strings, numbers and date serials (built-in and custom formats) read as text")
    func workbook() throws {
        let url = try WorkbookFixture.write(sheets: [
            ("الملفات", """
             <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>الاسم</t></is></c><c r="C1" t="s"><v>1</v></c></row>\
             <row r="2"><c r="A2"><v>1045789326</v></c><c r="B2" t="inlineStr"><is><r><t>سارة </t></r><r><t>محمد</t></r></is></c>\
             <c r="C2" s="1"><v>33055</v></c><c r="E2" s="2"><v>45000</v></c><c r="F2"><v>12.5</v></c></row>
             """),
            ("الأسر", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>هوية الأم</t></is></c></row>"),
        ], sharedStrings: ["رقم الهوية", "تاريخ الميلاد"], styles: Self.styles)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try SpreadsheetSource.sheetNames(of: url) == ["الملفات", "الأسر"])
        let read = try rows(url)
        #expect(read[0] == ["رقم الهوية", "الاسم", "تاريخ الميلاد"])
        #expect(read[1] == ["1045789326", "سارة محمد", "1990-07-01", "", "2023-03-15", "12.5"])
        #expect(try rows(url, sheet: 1) == [["هوية الأم"]])
        #expect(throws: SpreadsheetSource.Problem.noSuchSheet) { try rows(url, sheet: 2) }
    }

    @Test("reading stops when told to; a row wider than any list is refused")
    func stopAndWide() throws {
        let many = (1...50).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c></row>" }.joined()
        let wide = "<row r=\"1\"><c r=\"ZZ1\"><v>1</v></c></row>"
        let url = try WorkbookFixture.write(sheets: [("a", many), ("b", wide)])
        defer { try? FileManager.default.removeItem(at: url) }
        var seen = 0
        try SpreadsheetSource.rows(of: url) { _, _ in seen += 1; return seen < 3 }
        #expect(seen == 3)
        #expect(throws: SpreadsheetSource.Problem.rowTooLong) { try rows(url, sheet: 1) }
    }

    @Test("a file that is neither XLSX nor CSV text, or a broken ZIP, is unreadable rather than a crash")
    func brokenFiles() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).xlsx")
        try Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 1, 2, 3]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: SpreadsheetSource.Problem.unreadable) { try SpreadsheetSource.sheetNames(of: url) }
    }

    func csv(_ bytes: [UInt8]) throws -> [[String]] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("list-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try rows(url)
    }

    @Test("CSV in UTF-8 with a byte-order mark, commas, quoted fields with commas, quotes and line breaks")
    func csvUTF8() throws {
        let text = "\u{FEFF}رقم الهوية,الاسم,ملاحظة\r\n1045789326,\"الحربي, سارة\",\"قالت \"\"نعم\"\"\nثم ذهبت\"\r\n\r\n2000000008,ليلى,\n"
        #expect(try csv(Array(text.utf8)) == [["رقم الهوية", "الاسم", "ملاحظة"], ["1045789326", "الحربي, سارة", "قالت \"نعم\"\nثم ذهبت"],
                                              ["2000000008", "ليلى", ""]])
    }

    @Test("CSV as Arabic Excel saves it: Windows-1256 with semicolons, without a byte-order mark")
    func csvWindows1256() throws {
        let bytes: [UInt8] = [209, 222, 227, 32, 199, 225, 229, 230, 237, 201, 59, 199, 225, 199, 211, 227, 59, 202, 199, 209, 237, 206, 32, 199, 225, 227,
                              237, 225, 199, 207, 59, 199, 225, 204, 230, 199, 225, 13, 10, 49, 48, 52, 53, 55, 56, 57, 51, 50, 54, 59, 211, 199, 209, 201,
                              32, 227, 205, 227, 207, 32, 218, 225, 237, 32, 199, 225, 205, 209, 200, 237, 59, 49, 52, 49, 48, 47, 48, 53, 47, 49, 53, 59,
                              48, 53, 48, 49, 50, 51, 52, 53, 54, 55, 13, 10]
        #expect(try csv(bytes) == [["رقم الهوية", "الاسم", "تاريخ الميلاد", "الجوال"],
                                   ["1045789326", "سارة محمد علي الحربي", "1410/05/15", "0501234567"]])
    }

    @Test("the Windows-1256 table: ASCII as it is, Arabic letters, the euro sign and the right-to-left mark")
    func windows1256Table() {
        #expect(Windows1256.decode([0x41, 0xC7, 0xE1, 0x80, 0xFE]) == "Aال€\u{200F}")
        #expect(Windows1256.upperHalf.count == 128)
    }

    @Test("Arabic and English headers are recognised whatever the hamza, case or spacing; the signature ignores them too")
    func headers() {
        let headers = ["رقم  الهوية", "الإسم الرباعي", "تاريخ الميلاد", "رقم الجوال", "IBAN", "ملاحظات"]
        let mapping = HeaderMatcher.guess(headers, kind: .files)
        #expect(mapping == [.nationalID: 0, .fullName: 1, .birthDate: 2, .mobile: 3, .iban: 4])
        #expect(HeaderMatcher.signature(headers, kind: .files) == HeaderMatcher.signature(["رقم الهوية", "الاسم الرباعي", "تاريخ الميلاد", "رقم الجوال", "iban", "ملاحظات"], kind: .files))
        #expect(HeaderMatcher.guess(["هوية الأم", "الاسم", "صلة القرابة", "تاريخ الميلاد"], kind: .family) == [.motherNationalID: 0, .fullName: 1, .relation: 2, .birthDate: 3])
    }

    let today = Date(timeIntervalSince1970: 1_790_000_000)
    var files: ImportRowReader {
        ImportRowReader(kind: .files, mapping: [.nationalID: 0, .fullName: 1, .birthDate: 2, .mobile: 3, .iban: 4],
                        headers: ["رقم الهوية", "الاسم", "تاريخ الميلاد", "الجوال", "الآيبان"], today: today)
    }

    @Test("a good row: Arabic-Indic digits, a Hijri date, a compound name split into four parts, mobile in E.164")
    func goodRow() throws {
        let (record, problems) = files.read(row: 2, cells: ["١٠٤٥٧٨٩٣٢٦", "سارة بنت عبد الله محمد آل سعود", "١٤١٠/٠٥/١٥", "٠٥٠١٢٣٤٥٦٧", ""])
        #expect(problems.isEmpty)
        guard case .file(let file)? = record else { Issue.record("no record"); return }
        #expect(file.nationalID.value == "1045789326")
        #expect(file.name == ArabicName(first: "سارة", father: "عبد الله", grandfather: "محمد", family: "آل سعود"))
        #expect(file.birthCalendar == .hijri)
        #expect(file.birthDate.year == 1989)
        #expect(file.mobile.e164 == "+966501234567")
        #expect(file.nationality == "سعودية")
        #expect(record?.key == "1045789326")
    }

    @Test("bad cells each give their problem, with the column's header and the value as typed")
    func badRow() {
        let (record, problems) = files.read(row: 7, cells: ["1045789327", "سارة محمد", "2090-01-01", "0112345678", "SA00"])
        #expect(record == nil)
        #expect(Array(problems.map(\.key).prefix(4)) == ["validation.nationalID.checkDigit", "import.problem.nameParts", "validation.birthDate.inFuture",
                                                         "validation.mobile.landline"])
        #expect(problems.count == 5 && problems[4].key.hasPrefix("validation.iban."))
        #expect(problems.first == ImportProblem(row: 7, column: "رقم الهوية", value: "1045789327", key: "validation.nationalID.checkDigit"))
        #expect(problems.contains { $0.column == "الجوال" && $0.key == "validation.mobile.landline" })
        #expect(problems.contains { $0.column == "الاسم" && $0.key == "import.problem.nameParts" })
    }

    @Test("a family member's row: relation and sex in Arabic, keyed by the mother's ID; an unknown relation is a problem")
    func memberRow() {
        let reader = ImportRowReader(kind: .family, mapping: [.motherNationalID: 0, .fullName: 1, .relation: 2, .birthDate: 3],
                                     headers: ["هوية الأم", "الاسم", "القرابة", "الميلاد"], today: today)
        let (record, problems) = reader.read(row: 2, cells: ["1045789326", "  نورة   سعد ", "ابنة", "2015-03-01"])
        #expect(problems.isEmpty)
        guard case .member(let member)? = record else { Issue.record("no record"); return }
        #expect(member.fullName == "نورة سعد")
        #expect(member.relation == .daughter)
        #expect(member.sex == .female)
        #expect(record?.key == "1045789326|نوره سعد|2015-03-01")
        let (_, bad) = reader.read(row: 3, cells: ["1045789326", "فهد", "جار", "2015-03-01"])
        #expect(bad.map(\.key) == ["import.problem.relation"])
    }

    @Test("a mapping without an ID, a birth date or a name is incomplete")
    func missingFields() {
        let reader = ImportRowReader(kind: .files, mapping: [.nationalID: 0, .nameFirst: 1], headers: ["a", "b"], today: today)
        #expect(Set(reader.missingFields()) == [.birthDate, .mobile, .fullName])
    }
}
