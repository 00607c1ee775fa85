/// What a list holds. Each kind has its fields, the header words (Arabic and English) that name them, and the
/// natural key that makes importing the same list twice change nothing.
public enum ImportKind: String, CaseIterable, Codable, Sendable {
    case files, family

    public var localizationKey: String { "import.kind.\(rawValue)" }

    public var fields: [ImportField] {
        switch self {
        case .files:
            [.nationalID, .fullName, .nameFirst, .nameFather, .nameGrandfather, .nameFamily, .birthDate, .mobile, .iban,
             .nationality, .city, .district, .street, .building, .postalCode, .category, .branch]
        case .family:
            [.motherNationalID, .fullName, .relation, .nationalID, .birthDate, .sex]
        }
    }
}

public enum ImportField: String, CaseIterable, Codable, Sendable {
    case nationalID, fullName, nameFirst, nameFather, nameGrandfather, nameFamily, birthDate, mobile, iban, nationality
    case city, district, street, building, postalCode, category, branch
    case motherNationalID, relation, sex

    public var localizationKey: String { "import.field.\(rawValue)" }

    /// Header words that name this field, compared after `HeaderMatcher.normalized`.
    var synonyms: [String] {
        switch self {
        case .nationalID: ["رقم الهوية", "الهوية", "رقم الهوية الوطنية", "السجل المدني", "رقم السجل المدني", "رقم الاقامة", "هوية", "national id", "id number", "nationalid", "id"]
        case .fullName: ["الاسم", "الاسم الرباعي", "الاسم الكامل", "اسم المستفيدة", "الاسم الثلاثي", "name", "full name", "fullname"]
        case .nameFirst: ["الاسم الاول", "first name", "first"]
        case .nameFather: ["اسم الاب", "father name", "father"]
        case .nameGrandfather: ["اسم الجد", "grandfather name", "grandfather"]
        case .nameFamily: ["اسم العائلة", "العائلة", "القبيلة", "family name", "family", "surname", "last name"]
        case .birthDate: ["تاريخ الميلاد", "الميلاد", "birth date", "date of birth", "dob", "birthdate"]
        case .mobile: ["الجوال", "رقم الجوال", "الهاتف", "رقم الهاتف", "جوال", "mobile", "phone", "mobile number"]
        case .iban: ["الايبان", "رقم الايبان", "الحساب البنكي", "رقم الحساب", "iban", "bank account"]
        case .nationality: ["الجنسية", "nationality"]
        case .city: ["المدينة", "city"]
        case .district: ["الحي", "district"]
        case .street: ["الشارع", "street"]
        case .building: ["رقم المبنى", "المبنى", "building", "building number"]
        case .postalCode: ["الرمز البريدي", "postal code", "zip"]
        case .category: ["الفئة", "الحالة الاجتماعية", "التصنيف", "category"]
        case .branch: ["الفرع", "رمز الفرع", "branch", "branch code"]
        case .motherNationalID: ["هوية الام", "رقم هوية الام", "هوية المستفيدة", "رقم هوية المستفيدة", "mother id", "mother national id", "beneficiary id"]
        case .relation: ["صلة القرابة", "القرابة", "الصلة", "relation", "relationship"]
        case .sex: ["الجنس", "النوع", "sex", "gender"]
        }
    }
}

/// Recognises columns by their header, in Arabic or English, whatever the hamza, spacing or case.
public enum HeaderMatcher {
    public static func normalized(_ header: String) -> String {
        ArabicSearch.normalize(header.lowercased().replacingOccurrences(of: "_", with: " ")
            .replacingOccurrences(of: ":", with: " "))
    }

    /// Column index → field, for the headers recognised (each field taken once, the first column wins).
    public static func guess(_ headers: [String], kind: ImportKind) -> [ImportField: Int] {
        var mapping: [ImportField: Int] = [:]
        for (index, header) in headers.enumerated() {
            let name = normalized(header)
            guard !name.isEmpty else { continue }
            if let field = kind.fields.first(where: { field in mapping[field] == nil && field.synonyms.contains { normalized($0) == name } }) {
                mapping[field] = index
            }
        }
        return mapping
    }

    /// The key a remembered mapping is kept under: the same headers, in any order of spelling, find it again.
    public static func signature(_ headers: [String], kind: ImportKind) -> String {
        kind.rawValue + "|" + headers.map(normalized).joined(separator: "|")
    }
}
