import Foundation

/// The words lists use for choices (relations, sex, kinds, methods…), in Arabic or English, read after
/// `HeaderMatcher.normalized` so hamza, taa marbuta and case do not matter.
enum ImportWords {
    static func relation(_ text: String) -> FamilyRelation? {
        let word = HeaderMatcher.normalized(text)
        if word.isEmpty { return .other }
        if let known = FamilyRelation(rawValue: word) { return known }
        switch word {
        case "ابن", "ولد", "الابن": return .son
        case "ابنه", "بنت", "الابنه", "البنت": return .daughter
        case "ام", "الام", "والده", "الوالده": return .mother
        case "اب", "الاب", "والد", "الوالد": return .father
        case "اخت", "الاخت": return .sister
        case "اخ", "الاخ": return .brother
        case "اخرى", "اخري", "اخر", "غير ذلك": return .other
        default: return nil
        }
    }

    static func sex(_ text: String) -> Sex? {
        switch HeaderMatcher.normalized(text) {
        case "female", "f", "انثي", "انثى", "ا": .female
        case "male", "m", "ذكر", "ذ": .male
        default: nil
        }
    }

    static func sex(of relation: FamilyRelation) -> Sex {
        switch relation {
        case .son, .father, .brother: .male
        default: .female
        }
    }

    static func gender(_ text: String) -> Gender? {
        sex(text).map { $0 == .female ? .female : .male }
    }

    static func donorKind(_ text: String) -> DonorKind? {
        switch HeaderMatcher.normalized(text) {
        case "individual", "person", "فرد", "شخص", "فردي": .individual
        case "organization", "organisation", "company", "جهه", "منظمه", "شركه", "مؤسسه", "موسسه", "جمعيه": .organization
        default: nil
        }
    }

    static func method(_ text: String) -> DonationMethod? {
        switch HeaderMatcher.normalized(text) {
        case "banktransfer", "bank transfer", "transfer", "تحويل", "تحويل بنكي", "حواله", "حواله بنكيه": .bankTransfer
        case "cardterminal", "card", "card terminal", "pos", "mada", "شبكه", "مدى", "مدي", "بطاقه", "نقاط البيع": .cardTerminal
        case "cash", "نقد", "نقدا", "نقدي", "كاش": .cash
        default: nil
        }
    }

    static func designation(_ text: String) -> Designation? {
        switch HeaderMatcher.normalized(text) {
        case "zakat", "زكاه", "زكاة": .zakat
        case "sadaqa", "sadaqah", "صدقه": .sadaqa
        case "general", "عام", "عامه", "تبرع عام": .general
        case "restricted", "مقيد", "مخصص", "مقيده", "مخصصه": .restricted
        default: nil
        }
    }

    /// Yes or no; an empty cell is no (consent is never assumed).
    static func yes(_ text: String) -> Bool? {
        switch HeaderMatcher.normalized(text) {
        case "", "no", "n", "false", "0", "لا", "غير موافق", "غير موافقه": false
        case "yes", "y", "true", "1", "نعم", "موافق", "موافقه": true
        default: nil
        }
    }

    static func skill(_ text: String) -> VolunteerSkill? {
        let word = HeaderMatcher.normalized(text)
        if let known = VolunteerSkill.allCases.first(where: { HeaderMatcher.normalized($0.rawValue) == word }) { return known }
        switch word {
        case "قياده", "سياقه", "توصيل": return .driving
        case "تدريس", "تعليم", "دروس": return .tutoring
        case "ترجمه": return .translation
        case "تمريض": return .nursing
        case "عمل اجتماعي", "خدمه اجتماعيه", "بحث اجتماعي": return .socialWork
        case "تغليف", "تعبئه", "فرز": return .packing
        case "فعاليات", "مناسبات", "تنظيم": return .events
        case "رعايه اطفال", "رعايه الاطفال", "حضانه": return .childcare
        case "تقنيه", "حاسب", "تقنيه معلومات": return .technology
        default: return nil
        }
    }

    /// A cell holding several values: split at commas (Arabic or Latin), semicolons or "/".
    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { ",،;؛/".contains($0) }).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// A donor named by her number ("D-2026-000012"), her identifier's digits or her mobile (read as E.164).
    static func donorReference(_ text: String) -> String {
        let cell = ArabicDigits.westernized(text).trimmingWhitespace()
        if cell.uppercased().hasPrefix("D-") { return cell.uppercased() }
        if let mobile = try? SaudiMobile(cell) { return mobile.e164 }
        return cell.filter { !$0.isWhitespace && $0 != "-" }
    }
}
