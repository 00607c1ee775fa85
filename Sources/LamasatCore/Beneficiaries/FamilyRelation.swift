/// How a household member is related to the beneficiary.
public enum FamilyRelation: String, CaseIterable, Codable, Sendable {
    case son, daughter, mother, father, sister, brother, other
    public var localizationKey: String { "family.relation.\(rawValue)" }
}

public enum Sex: String, CaseIterable, Codable, Sendable {
    case female, male
    public var localizationKey: String { "sex.\(rawValue)" }
}

public enum Schooling: String, CaseIterable, Codable, Sendable {
    case none, kindergarten, primary, intermediate, secondary, university, graduated, specialNeeds
    public var localizationKey: String { "schooling.\(rawValue)" }
}

public enum Housing: String, CaseIterable, Codable, Sendable {
    case owned, rented, withFamily, other
    public var localizationKey: String { "housing.\(rawValue)" }
}

public enum Employment: String, CaseIterable, Codable, Sendable {
    case unemployed, employed, selfEmployed, retired, student, other
    public var localizationKey: String { "employment.\(rawValue)" }
}

public enum Education: String, CaseIterable, Codable, Sendable {
    case none, primary, intermediate, secondary, diploma, bachelor, postgraduate
    public var localizationKey: String { "education.\(rawValue)" }
}

/// How the beneficiary gave her PDPL consent.
public enum ConsentMethod: String, CaseIterable, Codable, Sendable {
    case signedPaper, portal, recordedVerbal
    public var localizationKey: String { "consent.method.\(rawValue)" }
}
