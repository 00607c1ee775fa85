import Foundation
import PropertyBased
import Testing
@testable import LamasatCore

@Suite("Saudi value types")
struct SaudiValuesTests {
    // MARK: National ID / iqama

    @Test("real-looking IDs and iqamas with a correct check digit are accepted, in any digits and spacing", arguments: [
        ("1045789326", NationalID.Kind.citizen), ("١١٢٢٣٣٤٤٥٩", .citizen), ("1987 654 322", .citizen),
        ("2456781232", .resident), ("210-987-6546", .resident),
    ])
    func validIDs(raw: String, kind: NationalID.Kind) throws {
        let id = try NationalID(raw)
        #expect(id.kind == kind)
        #expect(id.value.count == 10)
        #expect(id.masked.hasSuffix(String(id.value.suffix(4))))
        #expect(!id.masked.contains(String(id.value.prefix(6))))
    }

    @Test("bad IDs are refused with the precise reason", arguments: [
        ("", NationalID.Problem.empty), ("10457893a6", .invalidCharacters), ("104578932", .wrongLength),
        ("10457893266", .wrongLength), ("3045789326", .wrongPrefix), ("1045789327", .checkDigit),
        ("٢٤٥٦٧٨١٢٣٣", .checkDigit),
    ])
    func invalidIDs(raw: String, problem: NationalID.Problem) {
        #expect(throws: problem) { try NationalID(raw) }
    }

    @Test("every ID made with its check digit is valid, and changing any one digit makes it invalid")
    func luhnProperty() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...99_999_999), Gen.int(in: 0...9), Gen.int(in: 1...9)) { body, position, bump in
            let id = NationalID.make(kind: body % 2 == 0 ? .citizen : .resident, body: body)
            #expect((try? NationalID(id.value)) == id)
            var digits = Array(id.value)
            guard position > 0 else { return }  // the first digit decides the kind; changing it tests the prefix rule
            digits[position] = Character(String((Int(String(digits[position]))! + bump) % 10))
            #expect((try? NationalID(String(digits))) == nil, "\(String(digits))")
        }
    }

    // MARK: Mobile

    @Test("a mobile typed in any common form is stored as +9665XXXXXXXX", arguments: [
        "0501234567", "501234567", "966501234567", "+966501234567", "00966501234567", "٠٥٠١٢٣٤٥٦٧",
        "050 123 4567", "(050) 123-4567", "+966 0501234567",
    ])
    func mobileForms(raw: String) throws {
        let mobile = try SaudiMobile(raw)
        #expect(mobile.e164 == "+966501234567")
        #expect(mobile.local == "050 123 4567")
    }

    @Test("landlines and non-mobile numbers are refused for the mobile field", arguments: [
        ("0112345678", SaudiMobile.Problem.landline), ("+966112345678", .landline), ("", .empty),
        ("05012345", .wrongLength), ("0501234567890", .wrongLength), ("0601234567", .notSaudiMobile),
        ("05O1234567", .invalidCharacters),
    ])
    func mobileRefused(raw: String, problem: SaudiMobile.Problem) {
        #expect(throws: problem) { try SaudiMobile(raw) }
    }

    @Test("any nine digits after 5 round-trip through every accepted form")
    func mobileProperty() async {
        await propertyCheck(input: Gen.int(in: 0...99_999_999)) { rest in
            let digits = String(rest).count < 8 ? String(repeating: "0", count: 8 - String(rest).count) + String(rest) : String(rest)
            let expected = "+9665" + digits
            for form in ["05" + digits, "5" + digits, "9665" + digits, "+9665" + digits, "009665" + digits] {
                #expect((try? SaudiMobile(form))?.e164 == expected)
            }
        }
    }

    // MARK: IBAN

    @Test("Saudi IBANs with a correct mod-97 are accepted with spaces and lower case", arguments: [
        "SA0380000000608010167519", "sa03 8000 0000 6080 1016 7519", "SA4210000001234567890123",
    ])
    func validIBAN(raw: String) throws {
        let iban = try SaudiIBAN(raw)
        #expect(iban.value.count == 24)
        #expect(iban.grouped.split(separator: " ").count == 6)
    }

    @Test("bad IBANs are refused with the reason", arguments: [
        ("", SaudiIBAN.Problem.empty), ("AE070331234567890123456", .notSaudi), ("SA038000000060801016751", .wrongLength),
        ("SA0380000000608010167518", .checksum), ("SA03800000006080101675*9", .invalidCharacters),
    ])
    func invalidIBAN(raw: String, problem: SaudiIBAN.Problem) {
        #expect(throws: problem) { try SaudiIBAN(raw) }
    }

    @Test("an IBAN made with its check digits validates; swapping two different digits breaks it")
    func ibanProperty() async {
        await propertyCheck(input: Gen.int(in: 10...99), Gen.int(in: 0...999_999_999), Gen.int(in: 4...23)) { bank, account, position in
            let body = String(account)
            let accountDigits = String(repeating: "0", count: 18 - body.count) + body
            let iban = SaudiIBAN.make(bank: String(bank), account: accountDigits)
            #expect((try? SaudiIBAN(iban.value)) == iban)
            // Swap the digit at `position` with the next different digit after it (wrapping within the BBAN).
            var characters = Array(iban.value)
            let other = try #require((1..<20).map { (position - 4 + $0) % 20 + 4 }.first { characters[$0] != characters[position] })
            characters.swapAt(position, other)
            #expect((try? SaudiIBAN(String(characters))) == nil, "\(iban.value) with positions \(position) and \(other) swapped")
        }
    }

    // MARK: Address, name, money, dates

    @Test("a complete national address passes; each code is checked")
    func nationalAddress() {
        let good = NationalAddress(buildingNumber: "٢٩٢٩", street: "طريق الملك فهد", district: "العليا", city: "الرياض",
                                   postalCode: "12214", additionalNumber: "7788", shortAddress: "rrrd 2929")
        #expect(good.problems().isEmpty)
        #expect(good.normalized().shortAddress == "RRRD2929")
        #expect(NationalAddress().problems().isEmpty, "an address may be left out")
        let bad = NationalAddress(buildingNumber: "29", city: "", postalCode: "1221", additionalNumber: "77", shortAddress: "RR2929")
        let problems = bad.problems()
        #expect(problems[.buildingNumber] != nil)
        #expect(problems[.postalCode] != nil)
        #expect(problems[.additionalNumber] != nil)
        #expect(problems[.shortAddress] != nil)
        #expect(problems[.city] == "validation.required")
    }

    @Test("a four-part Arabic name needs every part in Arabic letters")
    func arabicName() {
        let name = ArabicName(first: " نورة ", father: "عبد  الله", grandfather: "سعد", family: "القحطاني")
        #expect(name.problems().isEmpty)
        #expect(name.full == "نورة عبد الله سعد القحطاني")
        #expect(name.short == "نورة القحطاني")
        let bad = ArabicName(first: "Noura", father: "", grandfather: "سعد1", family: String(repeating: "ا", count: 41))
        #expect(bad.problems() == [.first: "validation.name.arabicLetters", .father: "validation.required",
                                   .grandfather: "validation.name.arabicLetters", .family: "validation.tooLong"])
    }

    @Test("money is read in riyals with up to two decimals, in any digits, and kept in halalas", arguments: [
        ("1250", Int64(125_000)), ("1,250.5", 125_050), ("١٬٢٥٠٫٥٠", 125_050), ("0.05", 5), ("300 ر.س", 30_000), (".5", 50),
    ])
    func money(raw: String, halalas: Int64) throws {
        #expect(try Money(raw).halalas == halalas)
    }

    @Test("bad amounts are refused", arguments: [
        ("", Money.Problem.empty), ("-5", .negative), ("12.345", .tooManyDecimals), ("1.2.3", .invalid), ("abc", .invalid),
        ("99999999999999", .tooLarge),
    ])
    func moneyRefused(raw: String, problem: Money.Problem) {
        #expect(throws: problem) { try Money(raw) }
    }

    @Test("money prints with thousands separators and both currency forms")
    func moneyFormat() {
        #expect(Money(halalas: 125_050).plain == "1,250.50")
        #expect(Money(halalas: 5).plain == "0.05")
        #expect(Money(halalas: 30_000).formatted(.ar) == "300.00 ر.س")
    }

    static let today = Date(timeIntervalSince1970: 1_795_586_400)  // 2026-11-25

    @Test("a Hijri birth date is stored as the same Gregorian day")
    func hijriBirthDate() throws {
        let date = try CalendarDay(birth: "1410/05/15", calendar: .hijri, today: Self.today)
        #expect(date.description == "1989-12-13")  // official table; the platform calendar says the 14th
        #expect(date.hijri == "1410-05-15")
        #expect(try CalendarDay(birth: "15-05-١٤١٠", calendar: .hijri, today: Self.today) == date)
        #expect(try CalendarDay(birth: "1989-12-13", calendar: .gregorian, today: Self.today) == date)
        #expect(date.age(on: Self.today) == 36)
    }

    @Test("impossible, future and ancient birth dates are refused", arguments: [
        ("", CalendarDay.Calendar.gregorian, CalendarDay.Problem.empty), ("2001-02-29", .gregorian, .noSuchDay),
        ("1445-13-01", .hijri, .noSuchDay), ("2027-01-01", .gregorian, .inFuture), ("1850-01-01", .gregorian, .tooOld),
        ("yesterday", .gregorian, .invalid),
    ])
    func birthDateRefused(raw: String, calendar: CalendarDay.Calendar, problem: CalendarDay.Problem) {
        #expect(throws: problem) { try CalendarDay(birth: raw, calendar: calendar, today: Self.today) }
    }

    @Test("age counts whole years, turning on the birthday")
    func age() {
        let date = CalendarDay(gregorianYear: 2020, month: 11, day: 26)
        #expect(date.age(on: Self.today) == 5)
        #expect(CalendarDay(gregorianYear: 2020, month: 11, day: 25).age(on: Self.today) == 6)
    }
}

@Suite("Arabic search normalization")
struct ArabicSearchTests {
    @Test("spellings of the same name normalize to the same text", arguments: [
        ("أميرة", "اميره"), ("إيمان", "ايمان"), ("آمنة", "امنه"), ("مُنِيرَة", "منيره"), ("فاطمـــة", "فاطمه"),
        ("ليلى", "ليلي"), ("ٱلعتيبي", "العتيبي"), ("  نورة   القحطاني ", "نوره القحطاني"), ("٠٥٠١٢", "05012"),
        ("Noura AL-Otaibi", "noura al-otaibi"),
    ])
    func folds(input: String, expected: String) {
        #expect(ArabicSearch.normalize(input) == expected)
    }

    @Test("normalizing twice changes nothing, and never lengthens the text")
    func idempotent() async {
        let letters = Gen.oneOf(Gen.always("أ"), Gen.always("ة"), Gen.always("ى"), Gen.always("ـ"), Gen.always("َ"),
                                Gen.always("ب"), Gen.always(" "), Gen.always("٣"), Gen.always("A"))
        await propertyCheck(input: letters.array(of: 0...20)) { parts in
            let text = parts.joined()
            let once = ArabicSearch.normalize(text)
            #expect(ArabicSearch.normalize(once) == once)
            #expect(once.unicodeScalars.count <= text.unicodeScalars.count)
        }
    }

    @Test("digits() keeps only the digits, in Western form")
    func digits() {
        #expect(ArabicSearch.digits("٠٥٠ ١٢٣-4567") == "0501234567")
    }
}

@Suite("Umm al-Qura table")
struct UmmAlQuraTests {
    @Test("known days convert both ways (official calendar, including years where ICU is a day off)", arguments: [
        (1410, 5, 15, 1989, 12, 13), (1400, 1, 1, 1979, 11, 20), (1380, 3, 3, 1960, 8, 25),
        (1445, 9, 1, 2024, 3, 11), (1448, 6, 15, 2026, 11, 25), (1343, 1, 1, 1924, 8, 1),
    ])
    func knownDays(hy: Int, hm: Int, hd: Int, gy: Int, gm: Int, gd: Int) {
        let gregorian = UmmAlQura.gregorian(year: hy, month: hm, day: hd)
        #expect(gregorian?.year == gy && gregorian?.month == gm && gregorian?.day == gd)
        let hijri = UmmAlQura.hijri(year: gy, month: gm, day: gd)
        #expect(hijri?.year == hy && hijri?.month == hm && hijri?.day == hd)
    }

    @Test("months have 29 or 30 days from 1365 AH on (the published table has a few odd months before), and the 30th of a 29-day month does not exist")
    func monthLengths() {
        for year in 1365...UmmAlQura.yearRange.upperBound {
            for month in 1...12 {
                let length = UmmAlQura.monthLength(year: year, month: month)
                #expect(length == 29 || length == 30, "\(year)-\(month)")
                if length == 29 { #expect(UmmAlQura.gregorian(year: year, month: month, day: 30) == nil) }
            }
        }
    }

    @Test("every Gregorian day in the range maps to a Hijri day and back")
    func roundTrip() async {
        await propertyCheck(count: 500, input: Gen.int(in: 24_000...79_980)) { rjd in
            let day = UmmAlQura.fromReducedJulianDay(rjd)
            #expect(UmmAlQura.reducedJulianDay(year: day.year, month: day.month, day: day.day) == rjd)
            let hijri = UmmAlQura.hijri(year: day.year, month: day.month, day: day.day)!
            let back = UmmAlQura.gregorian(year: hijri.year, month: hijri.month, day: hijri.day)!
            #expect(back.year == day.year && back.month == day.month && back.day == day.day)
        }
    }
}
