/// What a list holds. Each kind has its fields, the header words (Arabic and English) that name them, and the
/// natural key that makes importing the same list twice change nothing.
public enum ImportKind: String, CaseIterable, Codable, Sendable {
    case files, family, pastAid, donors, donations, volunteers

    public var localizationKey: String { "import.kind.\(rawValue)" }

    public var fields: [ImportField] {
        switch self {
        case .files:
            [.nationalID, .fullName, .nameFirst, .nameFather, .nameGrandfather, .nameFamily, .birthDate, .mobile, .iban,
             .nationality, .city, .district, .street, .building, .postalCode, .category, .branch]
        case .family:
            [.motherNationalID, .fullName, .relation, .nationalID, .birthDate, .sex]
        case .pastAid:
            [.nationalID, .supportType, .day, .amount, .quantity, .description]
        case .donors:
            [.fullName, .donorKind, .identifier, .mobile, .email, .city, .contactPerson, .consent, .branch]
        case .donations:
            [.donor, .amount, .day, .method, .reference, .designation, .fund, .description]
        case .volunteers:
            [.nationalID, .fullName, .nameFirst, .nameFather, .nameGrandfather, .nameFamily, .mobile, .email, .sex, .city, .district,
             .skills, .branch]
        }
    }

    /// The fields a list of this kind cannot do without; the mapping page asks for them. A name is either the
    /// one-cell name or its four parts (`ImportRowReader.missingFields`).
    public var required: [ImportField] {
        switch self {
        case .files: [.nationalID, .birthDate, .mobile]
        case .family: [.motherNationalID, .fullName, .birthDate]
        case .pastAid: [.nationalID, .supportType, .day]
        case .donors: [.fullName]
        case .donations: [.donor, .amount, .day, .method]
        case .volunteers: [.nationalID, .mobile, .city]
        }
    }

    /// Kinds whose name may come in four columns instead of one.
    var takesNameParts: Bool { self == .files || self == .volunteers }
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
