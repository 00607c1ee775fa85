import Foundation
import LamasatCore
import Testing
import Vapor
import ZIPFoundation
@testable import LamasatServer

/// The report downloads: the workbook's XML as Excel reads it, the CSV as RFC 4180 has it, and the routes' rules.
@Suite("Report table exports")
struct TableExportTests {
    /// 30 November 2026, 22:30 UTC: already 1 December in Riyadh (serial 46357).
    static let lateEvening = Date(timeIntervalSince1970: 1_796_077_800)

    static let sample = ReportTable(
        id: "sample", title: "طلبات: الدعم/المالي [الربع الأول] والموسمي معًا في جدول واحد طويل",
        columns: [.init(title: "الاسم"), .init(title: "العدد"), .init(title: "المبلغ"), .init(title: "النسبة"), .init(title: "التاريخ")],
        rows: [
            [.text("أم محمد & بناتها <٣>\u{1}<\u{064E}"), .number(42), .money(Decimal(string: "1500.5")!), .percent(0.25), .date(lateEvening)],
            [.text("=HYPERLINK(\"http://x\")"), .number(-3), .money(7), .percent(nil), .date(nil)],
            [.empty, .text("@SUM(A1)"), .text("-2+3"), .text("+966"), .text("سطر١\nسطر٢, \"مقتبس\"")],
        ])

    /// Every part of an XLSX by its path, as text.
    static func parts(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read, pathEncoding: nil)
        var parts: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return parts
    }

    @Test("the workbook is a right-to-left sheet with a bold frozen header, numbers as numbers and days as serials in a date style")
    func workbookXML() throws {
        let parts = try Self.parts(try XLSXWriter.workbook([Self.sample]))
        #expect(Set(parts.keys) == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                    "xl/styles.xml", "xl/worksheets/sheet1.xml"])
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<sheetView rightToLeft=\"1\""))
        #expect(sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(sheet.contains("<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">الاسم</t></is></c>"))
        // Numbers carry no string type; money has two decimals in style 3, a share is a fraction in style 4.
        #expect(sheet.contains("<c r=\"B2\"><v>42</v></c>") && sheet.contains("<c r=\"B3\"><v>-3</v></c>"))
        #expect(sheet.contains("<c r=\"C2\" s=\"3\"><v>1500.50</v></c>") && sheet.contains("<c r=\"C3\" s=\"3\"><v>7.00</v></c>"))
        #expect(sheet.contains("<c r=\"D2\" s=\"4\"><v>0.25</v></c>"))
        // The day in Riyadh, not in UTC: 46357 is 1 December 2026.
        #expect(sheet.contains("<c r=\"E2\" s=\"2\"><v>46357</v></c>"))
        #expect(!sheet.contains("r=\"D3\"") && !sheet.contains("r=\"E3\"") && !sheet.contains("r=\"A4\""), "no value, no cell")
        #expect(!sheet.contains("t=\"s\""))
        // Escaped, control characters dropped, formulas kept as text.
        #expect(sheet.contains(">أم محمد &amp; بناتها &lt;٣&gt;&lt;\u{064E}</t>"), "a combining mark after < does not hide it")
        #expect(sheet.contains(">&apos;=HYPERLINK(&quot;http://x&quot;)</t>"))
        #expect(sheet.contains(">&apos;@SUM(A1)</t>") && sheet.contains(">&apos;-2+3</t>") && sheet.contains(">&apos;+966</t>"))
        #expect(sheet.contains("<cols><col min=\"1\" max=\"1\" width=\""))
        let styles = try #require(parts["xl/styles.xml"])
        #expect(styles.contains("<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"))
        let formats = styles.components(separatedBy: "<cellXfs")[1].components(separatedBy: "<xf ").dropFirst().map {
            $0.components(separatedBy: "numFmtId=\"")[1].prefix { $0 != "\"" }
        }
        #expect(formats == ["0", "0", "164", "4", "10"], "styles 2, 3, 4 are date, money and percent")
        #expect(styles.components(separatedBy: "<font>")[2].hasPrefix("<b/>"), "the header's font is bold")
        let workbook = try #require(parts["xl/workbook.xml"])
        #expect(workbook.contains("<sheet name=\"طلبات الدعمالمالي الربع الأول و\" sheetId=\"1\" r:id=\"rId1\"/>"))
        #expect(try #require(parts["[Content_Types].xml"]).contains("/xl/worksheets/sheet1.xml"))
    }

    @Test("sheet names keep Excel's rules: at most 31 characters, none of []:*?/\\, no two alike")
    func sheetNames() {
        let names = XLSXWriter.sheetNames(["a/b", "A/B", "a?b", String(repeating: "ط", count: 40), String(repeating: "ط", count: 40), "'[]'", ""])
        #expect(names == ["ab", "AB (2)", "ab (3)", String(repeating: "ط", count: 31), String(repeating: "ط", count: 27) + " (2)", "Sheet6", "Sheet7"])
        #expect(names.allSatisfy { $0.utf16.count <= 31 })
        #expect(XLSXWriter.columnName(0) == "A" && XLSXWriter.columnName(25) == "Z" && XLSXWriter.columnName(26) == "AA" && XLSXWriter.columnName(701) == "ZZ")
    }

    @Test("a left-to-right workbook of several tables has one sheet each, the first selected")
    func severalSheets() throws {
        let other = ReportTable(id: "other", title: "Other", columns: [.init(title: "x")], rows: [])
        let parts = try Self.parts(try XLSXWriter.workbook([Self.sample, other], rightToLeft: false))
        #expect(parts["xl/worksheets/sheet2.xml"]?.contains("<dimension ref=\"A1:A1\"/>") == true)
        #expect(parts["xl/worksheets/sheet1.xml"]?.contains("rightToLeft") == false)
        #expect(parts["xl/worksheets/sheet1.xml"]?.contains("tabSelected=\"1\"") == true)
        #expect(parts["xl/_rels/workbook.xml.rels"]?.contains("Target=\"worksheets/sheet2.xml\"") == true)
        #expect(throws: XLSXWriter.Failure.self) { try XLSXWriter.workbook([]) }
    }

    @Test("the CSV starts with a byte-order mark, ends lines in CRLF, quotes per RFC 4180 and guards formulas")
    func csv() {
        let data = CSVWriter.csv(Self.sample)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text == """
            الاسم,العدد,المبلغ,النسبة,التاريخ\r
            أم محمد & بناتها <٣><\u{064E},42,1500.50,25%,2026-12-01\r
            "'=HYPERLINK(""http://x"")",-3,7.00,,\r
            ,'@SUM(A1),'-2+3,'+966,"سطر١
            سطر٢, ""مقتبس""\"\r

            """)
    }

    @Test("cell values: money rounds to two decimals, shares to a percent, days fall in Riyadh")
    func cellFormats() {
        #expect(CellFormat.money(Decimal(string: "0.005")!) == "0.01" && CellFormat.money(-12) == "-12.00" && CellFormat.money(Decimal(string: "3.1")!) == "3.10")
        #expect(CellFormat.percent(0.25) == "25%" && CellFormat.percent(1.0 / 3) == "33.33%" && CellFormat.percent(0.125) == "12.5%")
        #expect(CellFormat.excelSerial(CalendarDay(gregorianYear: 1970, month: 1, day: 1)) == 25_569)
        #expect(CellFormat.riyadhDay(Self.lateEvening).description == "2026-12-01")
        #expect(CellFormat.finite(.nan) == nil && CellFormat.finite(.infinity) == nil)
        #expect(TableExport.attributeEncoded("حسب القناة.xlsx") == "%D8%AD%D8%B3%D8%A8%20%D8%A7%D9%84%D9%82%D9%86%D8%A7%D8%A9.xlsx")
    }

    @Test("the relations report downloads each table as XLSX and CSV for the manager, within her branch, audited; other roles get 403")
    func relationsDownloads() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            try await officer.get("/contacts/new")
            try await officer.post("/contacts", ["channel": "website", "direction": "incoming", "subject": "سؤال", "outcome": "answered"])
            let (manager, _) = try await t.signedIn(as: .manager)
            let page = try await manager.get("/reports/relations?from=2026-11-01&to=2026-11-30")
            #expect(page.contains("href=\"/reports/relations/export/channels.xlsx?from=2026-11-01&amp;to=2026-11-30\""))
            #expect(page.contains("href=\"/reports/relations/export/timings.csv?from=2026-11-01&amp;to=2026-11-30\""))
            #expect(page.contains("href=\"/reports/relations/export/all.xlsx?from=2026-11-01&amp;to=2026-11-30\""))

            let xlsx = try await manager.get("/reports/relations/export/channels.xlsx?from=2026-11-01&to=2026-11-30")
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers.first(name: .contentType) == XLSXWriter.contentType)
            let title = t.app.lamasat.localizer.text("report.byChannel", .ar)
            #expect(xlsx.headers.first(name: .contentDisposition) ==
                    "attachment; filename=\"reports-relations-channels.xlsx\"; filename*=UTF-8''\(TableExport.attributeEncoded(title + ".xlsx"))")
            let sheet = try #require(try Self.parts(Data(xlsx.bytes))["xl/worksheets/sheet1.xml"])
            let website = t.app.lamasat.localizer.text(ContactChannel.website.localizationKey, .ar)
            #expect(sheet.contains(">\(website)</t></is></c><c r=\"B"), "the website row")
            #expect(sheet.contains("<v>1</v>"))
            let audit = try #require(try await t.auditEntries(action: "report.exported").last)
            #expect(audit.recordType == "report" && audit.recordID == "reports/relations/channels")
            #expect(audit.detail == "format=xlsx filter=from=2026-11-01&to=2026-11-30")

            let csv = try await manager.get("/reports/relations/export/channels.csv")
            #expect(csv.status == .ok && csv.headers.first(name: .contentType) == "text/csv; charset=utf-8")
            #expect(Array(csv.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF] && csv.body.contains("\(website),1,0,0\r\n"))
            // Another branch's manager downloads her branch's figures only, as on her page.
            let (jeddah, _) = try await t.signedIn(as: .manager, username: "jed.manager", branch: try await t.makeBranch("JED"))
            #expect(try await jeddah.get("/reports/relations/export/channels.csv").body.contains("\(website),0,0,0\r\n"))
            let whole = try Self.parts(Data(try await manager.get("/reports/relations/export/all.xlsx").bytes))
            #expect(whole.keys.filter { $0.hasPrefix("xl/worksheets/") }.count == 4)
            #expect(try await t.auditEntries(action: "report.exported").count == 4)

            for path in ["unknown.xlsx", "channels.pdf", "all.csv", "channels"] {
                #expect(try await manager.get("/reports/relations/export/\(path)").status == .notFound, "\(path)")
            }
            #expect(try await officer.get("/reports/relations/export/channels.xlsx").status == .forbidden)
            #expect(try await officer.get("/reports/relations/export/channels.csv").status == .forbidden)
            #expect(try await t.auditEntries(action: "report.exported").count == 4)
        }
    }
}
