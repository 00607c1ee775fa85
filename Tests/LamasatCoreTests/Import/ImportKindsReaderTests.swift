import Foundation
import Testing
@testable import LamasatCore

@Suite("Import readers for past aid, donors, donations and volunteers: headers, words and references")
struct ImportKindsReaderTests {
    let today = Date(timeIntervalSince1970: 1_795_600_000)  // 2026-11-24

    func reader(_ kind: ImportKind, _ headers: [String]) -> ImportRowReader {
        ImportRowReader(kind: kind, mapping: HeaderMatcher.guess(headers, kind: kind), headers: headers, today: today)
    }

    @Test("Arabic headers of each list are recognised; 'هوية المستفيدة' is the mother in a family list and the file in a past-aid list")
    func headers() {
        #expect(HeaderMatcher.guess(["هوية المستفيدة", "نوع الدعم", "تاريخ الصرف", "المبلغ"], kind: .pastAid)
                == [.nationalID: 0, .supportType: 1, .day: 2, .amount: 3])
        #expect(HeaderMatcher.guess(["هوية المستفيدة", "الاسم"], kind: .family) == [.motherNationalID: 0, .fullName: 1])
        #expect(HeaderMatcher.guess(["المتبرع", "المبلغ", "تاريخ التبرع", "طريقة الدفع", "الصندوق"], kind: .donations)
                == [.donor: 0, .amount: 1, .day: 2, .method: 3, .fund: 4])
        #expect(reader(.donations, ["المتبرع", "المبلغ"]).missingFields() == [.day, .method])
        #expect(reader(.volunteers, ["رقم الهوية", "الجوال", "المدينة", "الاسم الأول"]).missingFields() == [.fullName])
        #expect(reader(.donors, ["الجوال"]).missingFields() == [.fullName])
    }

    @Test("choices are read in Arabic or English whatever the spelling; a donor is named by number, ID or mobile")
    func words() {
        #expect(ImportWords.method("نقدًا") == .cash && ImportWords.method("تحويل بنكي") == .bankTransfer && ImportWords.method("مدى") == .cardTerminal)
        #expect(ImportWords.method("شيك") == nil)
        #expect(ImportWords.designation("زكاة") == .zakat && ImportWords.designation("Restricted") == .restricted && ImportWords.designation("هبة") == nil)
        #expect(ImportWords.yes("") == false && ImportWords.yes("نعم") == true && ImportWords.yes("ربما") == nil)
        #expect(ImportWords.skill("ترجمة") == .translation && ImportWords.skill("driving") == .driving && ImportWords.skill("طيران") == nil)
        #expect(ImportWords.list("النسيم، الروضة;العليا") == ["النسيم", "الروضة", "العليا"])
        #expect(ImportWords.donorReference("d-2026-000012") == "D-2026-000012")
        #expect(ImportWords.donorReference("٠٥٥١٠٠٠٠٠١") == "+966551000001")
        #expect(ImportWords.donorReference("1010-123-456") == "1010123456")
    }

    @Test("a past-aid row: the file's ID, a Hijri or Gregorian day not after today, an amount in Arabic-Indic digits")
    func aid() {
        let r = reader(.pastAid, ["هوية المستفيدة", "نوع الدعم", "تاريخ الصرف", "المبلغ", "الكمية"])
        let id = NationalID.make(kind: .citizen, body: 1).value
        let (record, problems) = r.read(row: 2, cells: [id, "سلة غذائية", "1447/03/10", "١٬٥٠٠", "2"])
        #expect(problems.isEmpty)
        guard case .aid(let aid)? = record else { Issue.record("no aid read"); return }
        #expect(aid.amount == 150_000 && aid.quantity == 2 && aid.day.description == "2025-09-02")
        let (none, found) = r.read(row: 3, cells: ["123", "", "2027-01-01", "abc", "-1"])
        #expect(none == nil)
        #expect(found.map(\.key) == ["validation.nationalID.wrongLength", "validation.required", "import.problem.dayInFuture", "validation.money.invalid",
                                     "import.problem.quantity"])
    }
}
