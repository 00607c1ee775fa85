import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// A one-sheet workbook, written with the export's own writer.
func importSheet(_ header: [String], _ rows: [[String]]) throws -> [UInt8] {
    [UInt8](try XLSXWriter.workbook([ReportTable(id: "list", title: "القائمة", columns: header.map { .init(title: $0) },
                                                 rows: rows.map { $0.map { .text($0) } })]))
}

@Suite("Import of past aid, donors, donations and volunteers: validation, reach, idempotence", .serialized)
struct ImportKindsTests {
    let imports = ImportTests()

    /// Dry run, then the job; returns the run as it finished.
    func importAll(_ t: TestContext, _ browser: Browser, _ bytes: [UInt8], kind: String) async throws -> (checked: ImportRun, done: ImportRun) {
        let id = try await imports.uploadAndCheck(browser, bytes, kind: kind)
        let checked = try #require(try await ImportRun.find(UUID(uuidString: id), on: t.db))
        if checked.goodRows > 0 {
            #expect(try await browser.post("/admin/import/\(id)/start").status == .seeOther)
            try await JobWorker(application: t.app).runDueJobs()
        }
        return (checked, try #require(try await ImportRun.find(UUID(uuidString: id), on: t.db)))
    }

    @Test("the import's bulk insert names every column of the file model, and an imported file reads back through the model as written")
    func bulkColumns() async throws {
        #expect(Set(BeneficiaryRegistry.bulkColumns) == Set(Beneficiary.keys.map(\.description)))
        #expect(BeneficiaryRegistry.bulkColumns.count == Beneficiary.keys.count)
        try await withLamasat { t in
            let (manager, user) = try await t.signedIn(as: .manager)
            _ = try await importAll(t, manager, try importWorkbook(files: [importedFileRow(1, branch: "HQ")]), kind: "files")
            let file = try #require(try await Beneficiary.query(on: t.db).with(\.$branch).first())
            #expect(file.nationalID == importedFileRow(1)[0] && file.name.full == "سارة محمد علي الحربي" && file.mobile == "+966510000001")
            #expect(file.birthCalendar == .hijri && file.status == .applicant && !file.consentGiven && file.consentAt == nil)
            #expect(file.createdBy == user.id && file.createdAt == t.clock.now() && file.version == 1 && file.branch.code == "HQ")
        }
    }

    @Test("past aid lands in her entitlement history (marked as before Lamasat), counts for how often a type may be given, and again changes nothing")
    func pastAid() async throws {
        try await withLamasat { t in
            let (manager, _) = try await t.signedIn(as: .manager)
            _ = try await importAll(t, manager, try importWorkbook(files: [importedFileRow(1)]), kind: "files")
            let nid = importedFileRow(1)[0]
            let header = ["هوية المستفيدة", "نوع الدعم", "تاريخ الصرف", "المبلغ", "الكمية", "البيان"]
            let bytes = try importSheet(header, [
                [nid, "سلة غذائية", "2026-10-01", "", "1", "سلة رمضان"],
                [nid, "financial_aid", "1447/03/10", "١٬٥٠٠", "", "إعانة نقدية"],
                [nid, "سيارة", "2026-10-01", "", "", ""],
                [importedFileRow(9)[0], "سلة غذائية", "2026-10-01", "", "", ""],
                [nid, "سلة غذائية", "2027-05-01", "", "", ""],
                [nid, "دعم صحي", "2026-01-01", "", "كثير", ""],
            ])
            let (checked, done) = try await importAll(t, manager, bytes, kind: "pastAid")
            #expect((checked.goodRows, checked.badRows) == (2, 4))
            #expect(Set(checked.problems.map(\.key)) == ["import.problem.supportType", "import.problem.fileNotFound", "import.problem.dayInFuture",
                                                         "import.problem.quantity"])
            #expect(done.writtenRows == 2)
            let aid = try await PastAid.query(on: t.db).sort(\.$deliveredOn).all()
            #expect(aid.map(\.amount) == [150_000, 0])
            #expect(aid.map(\.importID) == [done.id, done.id])
            let file = try #require(try await Beneficiary.query(on: t.db).first())
            let tab = try await manager.get("/beneficiaries/\(try file.requireID())?tab=requests")
            #expect(tab.contains("سلة رمضان") && tab.contains("إعانة نقدية"))
            #expect(tab.contains(t.app.lamasat.localizer.text("entitlement.beforeLamasat", .ar)))
            // A food basket every three months: the one from October waits until January.
            let basket = try #require(try await SupportType.query(on: t.db).filter(\.$code == "food_basket").first())
            let next = try #require(try await Entitlements.nextEligible(try file.requireID(), type: basket, now: t.clock.now(), on: t.db))
            #expect(CalendarDay.today(next).description == "2027-01-01")
            let again = try await importAll(t, manager, bytes, kind: "pastAid")
            #expect((again.checked.goodRows, again.checked.existingRows) == (0, 2))
            #expect(try await PastAid.query(on: t.db).count() == 2)
        }
    }

    @Test("donors then their past gifts: the forms' checks, found again by ID or mobile, the fund that takes the designation, no receipt, and again changes nothing")
    func donorsAndDonations() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            let person = NationalID.make(kind: .citizen, body: 7_100_001).value
            let donors = try importSheet(["اسم المتبرع", "نوع المتبرع", "رقم الهوية أو السجل", "الجوال", "الشخص المسؤول", "يوافق على التواصل"], [
                ["منيرة عبدالله السبيعي", "فرد", person, "0551000001", "", "نعم"],
                ["شركة الخير للتجارة", "جهة", "1010123456", "", "أحمد الزهراني", ""],
                ["مؤسسة بلا مسؤول", "جهة", "1010999999", "", "", ""],
                ["متبرع بلا هوية ولا جوال", "فرد", "", "", "", ""],
                ["جهة برقم خاطئ", "جهة", "12345", "", "سعد", ""],
                ["متبرعة بجوال", "فرد", "", "0551000002", "", "ربما"],
            ])
            let (checked, done) = try await importAll(t, officer, donors, kind: "donors")
            #expect((checked.goodRows, checked.badRows) == (2, 4))
            #expect(Set(checked.problems.map(\.key)) == ["donor.error.contactPerson", "import.problem.donorKey", "donor.error.commercialRegistration",
                                                         "import.problem.yesNo"])
            #expect(done.writtenRows == 2)
            let saved = try await Donor.query(on: t.db).sort(\.$number).all()
            #expect(saved.map(\.name) == ["منيرة عبدالله السبيعي", "شركة الخير للتجارة"])
            #expect(saved.map(\.consentsToContact) == [true, false])
            #expect(Set(saved.map(\.number)).count == 2 && saved.allSatisfy { $0.number.hasPrefix("D-") })

            let gifts = try importSheet(["المتبرع", "المبلغ", "تاريخ التبرع", "طريقة الدفع", "المرجع", "نوع التبرع", "الصندوق"], [
                ["0551000001", "500", "2026-09-01", "تحويل بنكي", "TRX-1", "زكاة", ""],
                [person, "250.50", "1447/04/01", "نقدًا", "", "صدقة", "صندوق الصدقات"],
                [saved[1].number, "10000", "2026-08-15", "شبكة", "POS-9", "عام", "الصندوق العام"],
                ["0551000001", "100", "2026-09-02", "نقدا", "", "عام", ""],
                ["0559999999", "100", "2026-09-02", "نقدا", "", "", ""],
                [person, "100", "2026-09-03", "تحويل", "", "", ""],
                [person, "0", "2026-09-03", "نقدا", "", "", ""],
            ])
            let (giftsChecked, giftsDone) = try await importAll(t, officer, gifts, kind: "donations")
            #expect((giftsChecked.goodRows, giftsChecked.badRows) == (3, 4))
            #expect(Set(giftsChecked.problems.map(\.key)) == ["import.problem.fundChoose", "import.problem.donorNotFound", "donation.error.reference",
                                                              "donation.error.zero"])
            #expect(giftsDone.writtenRows == 3)
            let written = try await Donation.query(on: t.db).sort(\.$receivedOn).all()
            #expect(written.map(\.amount) == [25_050, 1_000_000, 50_000])  // 1447/04/01 is September 2025
            let zakat = try #require(try await Fund.query(on: t.db).filter(\.$code == "zakat").first())
            #expect(written.first { $0.designation == .zakat }?.fundID == zakat.id)
            #expect(try await Receipt.query(on: t.db).count() == 0)
            let page = try await officer.get("/donors/\(try saved[0].requireID())")
            #expect(page.status == .ok && page.contains(zakat.nameArabic))
            let gift = try await officer.get("/donations/\(try #require(written.first { $0.designation == .zakat }?.id))")
            #expect(gift.status == .ok && gift.contains("TRX-1"))
            let again = try await importAll(t, officer, gifts, kind: "donations")
            #expect((again.checked.goodRows, again.checked.existingRows) == (0, 3))
            let donorsAgain = try await importAll(t, officer, donors, kind: "donors")
            #expect((donorsAgain.checked.goodRows, donorsAgain.checked.existingRows) == (0, 2))
            #expect(try await Donation.query(on: t.db).count() == 3)
            #expect(try await Donor.query(on: t.db).count() == 2)
        }
    }

    @Test("volunteers arrive paused until the coordinator completes them, with their skills read in Arabic; again changes nothing")
    func volunteers() async throws {
        try await withLamasat { t in
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let first = NationalID.make(kind: .citizen, body: 7_200_001).value
            let bytes = try importSheet(["رقم الهوية", "الاسم الرباعي", "الجوال", "المدينة", "الأحياء", "المهارات", "الجنس"], [
                [first, "هيفاء سعد محمد القحطاني", "0552000001", "الرياض", "النسيم، الروضة", "قيادة، ترجمة", "أنثى"],
                [NationalID.make(kind: .citizen, body: 7_200_002).value, "سلمان علي أحمد الدوسري", "0552000002", "الرياض", "", "", "ذكر"],
                [NationalID.make(kind: .citizen, body: 7_200_003).value, "ريم خالد سعد العتيبي", "0552000003", "الرياض", "", "طيران", ""],
                [NationalID.make(kind: .citizen, body: 7_200_004).value, "ريم خالد سعد العتيبي", "0552000004", "", "", "", ""],
                [first, "هيفاء سعد محمد القحطاني", "0552000001", "الرياض", "", "", ""],
            ])
            let (checked, done) = try await importAll(t, coordinator, bytes, kind: "volunteers")
            #expect((checked.goodRows, checked.badRows) == (2, 3))
            #expect(Set(checked.problems.map(\.key)) == ["import.problem.skill", "validation.required", "import.problem.duplicateInFile"])
            #expect(done.writtenRows == 2)
            let saved = try await Volunteer.query(on: t.db).sort(\.$number).all()
            #expect(saved.map(\.status) == [.paused, .paused])
            #expect(saved[0].skillList == [.driving, .translation] && saved[0].districtList == ["النسيم", "الروضة"])
            #expect(saved.map(\.gender) == [.female, .male])
            let page = try await coordinator.get("/volunteers/\(try saved[0].requireID())")
            #expect(page.status == .ok && page.contains("هيفاء"))
            let again = try await importAll(t, coordinator, bytes, kind: "volunteers")
            #expect((again.checked.goodRows, again.checked.existingRows) == (0, 2))
            #expect(try await Volunteer.query(on: t.db).count() == 2)
        }
    }

    @Test("wrong role: each kind needs its own page permission besides importData")
    func wrongRole() async throws {
        try await withLamasat { t in
            let sheet = try importSheet(["الاسم"], [["س"]])
            let (donorOfficer, _) = try await t.signedIn(as: .donorOfficer)
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let (manager, _) = try await t.signedIn(as: .manager)
            for (browser, refused) in [(donorOfficer, ["volunteers", "pastAid"]), (coordinator, ["donors", "donations", "pastAid"]),
                                       (manager, ["donors", "donations", "volunteers"])] {
                for kind in refused {
                    #expect(try await browser.upload("/admin/import", ["kind": kind], file: sheet, filename: "a.xlsx").status == .forbidden, "\(kind)")
                }
            }
            #expect(try await ImportRun.query(on: t.db).count() == 0)
            let page = try await donorOfficer.get("/admin/import")
            #expect(page.contains(t.app.lamasat.localizer.text("import.kind.donations", .ar)))
            #expect(!page.contains(t.app.lamasat.localizer.text("import.kind.volunteers", .ar)))
        }
    }

    @Test("other branch: gifts of a donor, and aid of a file, outside her branch are refused as not found; a donor's branch column stays in scope")
    func otherBranch() async throws {
        try await withLamasat { t in
            let north = try await t.makeBranch("NTH")
            let (everywhere, _) = try await t.signedIn(as: .donorOfficer, username: "all")
            _ = try await importAll(t, everywhere, try importSheet(["اسم المتبرع", "الجوال", "الفرع"], [["متبرعة الشمال", "0553000001", "NTH"]]),
                                    kind: "donors")
            let (own, _) = try await t.signedIn(as: .donorOfficer, scope: .ownBranch)
            let gifts = try await importAll(t, own, try importSheet(["المتبرع", "المبلغ", "التاريخ", "طريقة الدفع", "نوع التبرع"],
                                                                    [["0553000001", "100", "2026-09-01", "نقد", "زكاة"]]), kind: "donations")
            #expect(gifts.checked.problems.map(\.key) == ["import.problem.donorNotFound"])
            let branchColumn = try await importAll(t, own, try importSheet(["اسم المتبرع", "الجوال", "الفرع"], [["أخرى", "0553000002", "NTH"]]),
                                                   kind: "donors")
            #expect(branchColumn.checked.problems.map(\.key) == ["import.problem.branchOutOfScope"])

            let (northManager, _) = try await t.signedIn(as: .manager, username: "north", branch: north, scope: .ownBranch)
            _ = try await importAll(t, northManager, try importWorkbook(files: [importedFileRow(1)]), kind: "files")
            let (manager, _) = try await t.signedIn(as: .manager, scope: .ownBranch)
            let aid = try await importAll(t, manager, try importSheet(["هوية المستفيدة", "نوع الدعم", "التاريخ"],
                                                                      [[importedFileRow(1)[0], "سلة غذائية", "2026-10-01"]]), kind: "pastAid")
            #expect(aid.checked.problems.map(\.key) == ["import.problem.fileNotFound"])
            #expect(try await PastAid.query(on: t.db).count() == 0)
            #expect(try await Donation.query(on: t.db).count() == 0)
        }
    }
}
