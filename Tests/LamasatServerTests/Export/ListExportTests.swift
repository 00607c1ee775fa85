import Fluent
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// The downloads of every list page (issue 19): the page's query and permission, every row of the filter (not one
/// page), IDs masked for a role that may not take them out, one audit entry without the typed search.
@Suite("List exports", .serialized)
struct ListExportTests {
    /// The cells of the first sheet, row by row, as text (inline strings and numbers alike).
    static func sheetRows(_ page: Browser.Page) throws -> [[String]] {
        let parts = try TableExportTests.parts(Data(page.bytes))
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        return sheet.components(separatedBy: "<row ").dropFirst().map { row in
            row.components(separatedBy: "<c ").dropFirst().map { cell in
                if let t = cell.range(of: "<t xml:space=\"preserve\">") {
                    return String(cell[t.upperBound...].prefix { $0 != "<" })
                }
                if let v = cell.range(of: "<v>") { return String(cell[v.upperBound...].prefix { $0 != "<" }) }
                return ""
            }
        }
    }

    /// CSV data lines (header dropped).
    static func csvLines(_ page: Browser.Page) -> [String] {
        Array(page.body.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty })
    }

    static func id(_ n: Int) -> String { NationalID.make(kind: .citizen, body: 4_500_000 + n).value }

    /// `count` files in `branch`, registered through the form by `officer`; the first `inJeddah` of them in Jeddah.
    static func registerFiles(_ t: TestContext, _ officer: Browser, count: Int, from: Int = 0, branch: Branch? = nil, inJeddah: Int = 0) async throws {
        for n in from..<(from + count) {
            var form = try await fileForm(t, id: id(n), mobile: "05012\(String(format: "%05d", n))", first: n >= 100 ? "سلمى" : "أميرة",
                                        birth: "1410/05/\(n % 28 + 1)", branch: branch)
            if n - from < inJeddah { form["addressCity"] = "جدة" }
            try await registerFile(officer, form)
        }
    }

    @Test("files: every row of the filter as XLSX and CSV, IDs in full or masked by role, POSTed search kept out of the address and the audit, wrong role and other branch refused")
    func files() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            try await Self.registerFiles(t, officer, count: 28, inJeddah: 5)
            let jed = try await t.makeBranch("JED")
            let (jedOfficer, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jed)
            try await Self.registerFiles(t, jedOfficer, count: 2, from: 100, branch: jed)

            // More than a page: all 28 of the head office, none of Jeddah's; the officer may take IDs out in full.
            let page = try await officer.get("/beneficiaries")
            #expect(page.contains("/beneficiaries/export.xlsx") && page.contains("تنزيل Excel"))
            let xlsx = try await officer.get("/beneficiaries/export.xlsx")
            #expect(xlsx.status == .ok && xlsx.headers.first(name: .contentType)?.hasPrefix("application/vnd.openxmlformats") == true)
            let rows = try Self.sheetRows(xlsx)
            #expect(rows.count == 29 && rows[0].contains("رقم الهوية أو الإقامة"))
            let ids = Set(rows.dropFirst().map { $0[2] })
            #expect(ids == Set((0..<28).map(Self.id)))
            #expect(!ids.contains(Self.id(100)))

            // The filter of the page, by GET: the five in Jeddah city.
            let csv = try await officer.get("/beneficiaries/export.csv?city=%D8%AC%D8%AF%D8%A9")
            #expect(csv.status == .ok && Self.csvLines(csv).count == 5)

            // A search by national ID is POSTed with the form; the audit says its kind, never the number.
            _ = try await officer.get("/beneficiaries")
            let searched = try await officer.post("/beneficiaries/export.csv", ["q": Self.id(7)])
            #expect(searched.status == .ok && Self.csvLines(searched).count == 1 && searched.contains(Self.id(7)))
            let entries = try await t.auditEntries(action: "list.exported")
            #expect(entries.count == 3)
            let last = try #require(entries.last?.detail)
            #expect(last.contains("format=csv") && last.contains("rows=1") && last.contains("search=nationalID"))
            #expect(!entries.contains { ($0.detail ?? "").contains(Self.id(7)) })
            #expect(entries.dropFirst().first?.detail?.contains("city=جدة") == true)
            #expect(entries.allSatisfy { $0.recordID == "beneficiaries" })

            // A researcher reads the list but may not take IDs out: masked to the last four.
            let (researcher, _) = try await t.signedIn(as: .researcher)
            let masked = try Self.sheetRows(try await researcher.get("/beneficiaries/export.xlsx"))
            #expect(masked.count == 29)
            #expect(masked.dropFirst().allSatisfy { $0[2].hasPrefix("••••••") && $0[2].count == 10 })
            #expect(masked.dropFirst().contains { $0[2] == "••••••" + Self.id(3).suffix(4) })

            // Wrong role: refused as the page is (404 for money roles); other branch: only her own branch's files.
            for role in [Role.donorOfficer, .volunteerCoordinator, .admin] {
                let (other, _) = try await t.signedIn(as: role, username: "wrong.\(role.rawValue.lowercased())")
                #expect(try await other.get("/beneficiaries/export.xlsx").status == role.refusal(of: .viewBeneficiaries))
            }
            let jedRows = try Self.sheetRows(try await jedOfficer.get("/beneficiaries/export.xlsx"))
            #expect(Set(jedRows.dropFirst().map { $0[2] }) == [Self.id(100), Self.id(101)])
            #expect(try await t.auditEntries(action: "list.exported").count == 5)
        }
    }

    @Test("complaints: the export holds every complaint of the filter, with the page's permission and branch reach")
    func complaints() async throws {
        try await withLamasat { t in
            for n in 0..<27 { try await BoardPackTests.lodgeComplaint(t, description: "شكوى رقم \(n)") }
            let (officer, _) = try await t.signedIn(as: .relationsOfficer, username: "complaints.reader")
            let page = try await officer.get("/complaints?kind=complaint")
            #expect(page.contains("/complaints/export.xlsx?kind=complaint"))
            let rows = try Self.sheetRows(try await officer.get("/complaints/export.xlsx?kind=complaint"))
            let numbers = try await Complaint.query(on: t.db).all().map(\.number)
            #expect(rows.count == 28 && Set(rows.dropFirst().map { $0[0] }) == Set(numbers))
            #expect(Self.csvLines(try await officer.get("/complaints/export.csv?kind=suggestion")).isEmpty)
            let entry = try #require(try await t.auditEntries(action: "list.exported").last)
            #expect(entry.recordID == "complaints" && entry.detail?.contains("kind=suggestion") == true && entry.detail?.contains("rows=0") == true)

            let (researcher, _) = try await t.signedIn(as: .researcher)
            #expect(try await researcher.get("/complaints/export.xlsx").status == .forbidden)
            let jed = try await t.makeBranch("JED")
            let (jedOfficer, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.complaints", branch: jed)
            #expect(try Self.sheetRows(try await jedOfficer.get("/complaints/export.xlsx")).count == 1, "only the header")
        }
    }

    @Test("every other list downloads for its role as XLSX and CSV, and refuses a role without the page's permission")
    func everyList() async throws {
        try await withLamasat { t in
            let lists: [(path: String, role: Role, permission: Permission)] = [
                ("/requests", .relationsOfficer, .viewBeneficiaries), ("/committee", .manager, .viewCommittee),
                ("/inquiries", .relationsOfficer, .handleInquiries), ("/contacts", .relationsOfficer, .logContacts),
                ("/social", .relationsOfficer, .logContacts), ("/letters", .relationsOfficer, .logContacts),
                ("/donors", .donorOfficer, .manageDonors), ("/donations", .donorOfficer, .manageDonors),
                ("/receipts", .donorOfficer, .manageDonors), ("/pledges", .donorOfficer, .manageDonors),
                ("/volunteers", .volunteerCoordinator, .manageVolunteers), ("/volunteers/applications", .volunteerCoordinator, .manageVolunteers),
                ("/campaigns", .manager, .runOutreach), ("/improvements", .manager, .recordImprovements),
                ("/admin/users", .admin, .manageUsers), ("/admin/audit", .admin, .viewAuditLog), ("/admin/outbox", .admin, .viewOutbox),
            ]
            // Rows for lists whose page shows its paging and buttons only when it has some.
            let gift = try await t.giveCash(250, to: "general")
            let volunteer = try await t.makeVolunteer()
            var browsers: [Role: Browser] = [:]
            for role in Set(lists.map(\.role)).union([.researcher]) { browsers[role] = try await t.signedIn(as: role).0 }
            for list in lists {
                let reader = try #require(browsers[list.role])
                let page = try await reader.get(list.path)
                // Every page with rows shows the buttons (a few pages show no paging while empty).
                #expect(page.status == .ok, "\(list.path)")
                if page.contains("<tbody") { #expect(page.contains("\(list.path)/export.xlsx") && page.contains("تنزيل CSV"), "\(list.path)") }
                let xlsx = try await reader.get("\(list.path)/export.xlsx")
                #expect(xlsx.status == .ok && xlsx.headers.first(name: .contentDisposition)?.contains("attachment") == true, "\(list.path)")
                let rows = try Self.sheetRows(xlsx)
                #expect(rows.count >= 1, "\(list.path)")
                if list.path == "/donations" { #expect(rows.count == 2 && rows[1][2] == "250.00") }
                if list.path == "/volunteers" { #expect(rows.count == 2 && rows[1][1] == volunteer.name) }
                if list.path == "/donors" { #expect(rows.count == 2) }
                let csv = try await reader.get("\(list.path)/export.csv")
                #expect(csv.status == .ok && csv.body.hasPrefix("\u{FEFF}"), "\(list.path)")
                // The researcher reads files and inquiries but nothing of money, volunteers or administration.
                let wrongRole = RolePermissions.allows(.researcher, list.permission) ? Role.volunteerCoordinator : .researcher
                let wrong = try #require(browsers[wrongRole])
                #expect(try await wrong.get("\(list.path)/export.xlsx").status == .forbidden, "\(list.path)")
            }
            #expect(try await t.auditEntries(action: "list.exported").count == lists.count * 2)
            _ = gift
        }
    }

    @Test("volunteers' IDs are masked for the coordinator, who may not take personal data out; another branch's volunteers stay out")
    func volunteers() async throws {
        try await withLamasat { t in
            let volunteer = try await t.makeVolunteer()
            let jed = try await t.makeBranch("JED")
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let rows = try Self.sheetRows(try await coordinator.get("/volunteers/export.xlsx"))
            #expect(rows.count == 2 && rows[1][1] == volunteer.name && rows[1][2] == "••••••" + volunteer.nationalID.suffix(4))
            let (jedCoordinator, _) = try await t.signedIn(as: .volunteerCoordinator, username: "jed.coordinator", branch: jed)
            #expect(try Self.sheetRows(try await jedCoordinator.get("/volunteers/export.xlsx")).count == 1)
        }
    }

    @Test("over the cap the reader is told to narrow the filter, and nothing is downloaded or audited")
    func overTheCap() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            try await Self.registerFiles(t, officer, count: 3)
            t.app.listExportCap = 2
            let refused = try await officer.get("/beneficiaries/export.xlsx")
            #expect(refused.status == .unprocessableEntity && refused.contains("تزيد القائمة على 2 صف"))
            #expect(refused.headers.first(name: .contentDisposition) == nil)
            #expect(try await t.auditEntries(action: "list.exported").isEmpty)
            t.app.listExportCap = 3
            #expect(try Self.sheetRows(try await officer.get("/beneficiaries/export.xlsx")).count == 4)
        }
    }
}
