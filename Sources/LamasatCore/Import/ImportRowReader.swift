import Foundation

/// One thing wrong with one cell of a list: shown on the page and written to the report as row, column, value,
/// problem (a localization key).
public struct ImportProblem: Codable, Sendable, Equatable {
    public let row: Int
    public let column: String
    public let value: String
    public let key: String

    public init(row: Int, column: String, value: String, key: String) {
        self.row = row
        self.column = column
        self.value = String(value.prefix(200))
        self.key = key
    }
}

/// A file's row, checked with the validators of the file form.
public struct ImportedFile: Sendable, Equatable {
    public var nationalID: NationalID
    public var name: ArabicName
    public var birthDate: CalendarDay
    public var birthCalendar: CalendarDay.Calendar
    public var mobile: SaudiMobile
    public var iban: String
    public var nationality: String
    public var address: NationalAddress
    public var category: String
    public var branch: String
}

/// A household member's row, keyed by the mother's national ID.
public struct ImportedMember: Sendable, Equatable {
    public var motherNationalID: NationalID
    public var fullName: String
    public var relation: FamilyRelation
    public var nationalID: String
    public var birthDate: CalendarDay
    public var sex: Sex

    public init(motherNationalID: NationalID, fullName: String, relation: FamilyRelation, nationalID: String, birthDate: CalendarDay, sex: Sex) {
        self.motherNationalID = motherNationalID
        self.fullName = fullName
        self.relation = relation
        self.nationalID = nationalID
        self.birthDate = birthDate
        self.sex = sex
    }
}

public enum ImportedRecord: Sendable, Equatable {
    case file(ImportedFile)
    case member(ImportedMember)

    /// The natural key: a second row with it, in the file or in the database, is the same record.
    public var key: String {
        switch self {
        case .file(let file): file.nationalID.value
        case .member(let member): member.motherNationalID.value + "|" + (member.nationalID.isEmpty
            ? ArabicSearch.normalize(member.fullName) + "|" + member.birthDate.description : member.nationalID)
        }
    }
}

/// Reads one row of a list into a record, through the same validators as the forms (`NationalID`, `SaudiMobile`,
/// `SaudiIBAN`, `CalendarDay`, `ArabicName`, `NationalAddress`), or says what is wrong with each cell.
public struct ImportRowReader: Sendable {
    public let kind: ImportKind
    public let mapping: [ImportField: Int]
    public let headers: [String]
    public let today: Date

    public init(kind: ImportKind, mapping: [ImportField: Int], headers: [String], today: Date) {
        self.kind = kind
        self.mapping = mapping
        self.headers = headers
        self.today = today
    }

    /// The fields a list of this kind cannot do without; the mapping page asks for them.
    public static func required(_ kind: ImportKind) -> [ImportField] {
        switch kind {
        case .files: [.nationalID, .birthDate, .mobile]
        case .family: [.motherNationalID, .fullName, .birthDate]
        }
    }

    /// A mapping lacks a name unless it has the one-cell name or all four parts.
    public func missingFields() -> [ImportField] {
        var missing = Self.required(kind).filter { mapping[$0] == nil }
        if kind == .files, mapping[.fullName] == nil,
           [ImportField.nameFirst, .nameFather, .nameGrandfather, .nameFamily].contains(where: { mapping[$0] == nil }) {
            missing.append(.fullName)
        }
        return missing
    }

    public func read(row: Int, cells: [String]) -> (ImportedRecord?, [ImportProblem]) {
        var problems: [ImportProblem] = []
        func cell(_ field: ImportField) -> String {
            guard let index = mapping[field], cells.indices.contains(index) else { return "" }
            return cells[index].trimmingWhitespace()
        }
        func column(_ field: ImportField) -> String {
            mapping[field].flatMap { headers.indices.contains($0) ? headers[$0] : nil } ?? field.rawValue
        }
        func problem(_ field: ImportField, _ key: String) { problems.append(ImportProblem(row: row, column: column(field), value: cell(field), key: key)) }
        func check<T>(_ field: ImportField, _ parse: () throws -> T) -> T? {
            do { return try parse() } catch {
                problem(field, Self.key(of: error))
                return nil
            }
        }
        func date(_ field: ImportField) -> (CalendarDay, CalendarDay.Calendar)? {
            let calendar = Self.calendar(of: cell(field))
            return check(field) { (try CalendarDay(birth: cell(field), calendar: calendar, today: today), calendar) }
        }
        switch kind {
        case .files:
            let nationalID = check(.nationalID) { try NationalID(cell(.nationalID)) }
            var name = ArabicName(first: cell(.nameFirst), father: cell(.nameFather), grandfather: cell(.nameGrandfather), family: cell(.nameFamily))
            if mapping[.fullName] != nil {
                if let split = NameSplitter.fourParts(cell(.fullName)) { name = split } else { problem(.fullName, "import.problem.nameParts") }
            }
            let nameField: ImportField = mapping[.fullName] != nil ? .fullName : .nameFirst
            let nameProblems = name.problems()
            if let key = ArabicName.Part.allCases.compactMap({ nameProblems[$0] }).first, !problems.contains(where: { $0.column == column(.fullName) }) {
                problem(nameField, key)
            }
            let birth = date(.birthDate)
            let mobile = check(.mobile) { try SaudiMobile(cell(.mobile)) }
            var iban = ""
            if !cell(.iban).isEmpty { iban = check(.iban) { try SaudiIBAN(cell(.iban)) }?.value ?? "" }
            let address = NationalAddress(buildingNumber: cell(.building), street: cell(.street), district: cell(.district), city: cell(.city),
                                          postalCode: cell(.postalCode), additionalNumber: "", shortAddress: "").normalized()
            for (part, key) in address.problems(required: false) {
                let field: ImportField = switch part {
                case .buildingNumber: .building
                case .street: .street
                case .district: .district
                case .postalCode: .postalCode
                default: .city
                }
                // A list rarely holds the whole national address: only a part it does hold must be well formed.
                if !cell(field).isEmpty { problem(field, key) }
            }
            for field in [ImportField.nationality, .category, .branch, .city] where cell(field).count > 60 { problem(field, "validation.tooLong") }
            guard problems.isEmpty, let nationalID, let birth, let mobile else { return (nil, problems) }
            let nationality = cell(.nationality).isEmpty ? (nationalID.kind == .citizen ? "سعودية" : "") : cell(.nationality)
            if nationality.isEmpty { problem(.nationality, "validation.required"); return (nil, problems) }
            return (.file(ImportedFile(nationalID: nationalID, name: name, birthDate: birth.0, birthCalendar: birth.1, mobile: mobile, iban: iban,
                                       nationality: nationality, address: address, category: cell(.category), branch: cell(.branch))), [])
        case .family:
            let mother = check(.motherNationalID) { try NationalID(cell(.motherNationalID)) }
            let name = cell(.fullName).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if name.isEmpty { problem(.fullName, "validation.required") } else if name.count > 120 { problem(.fullName, "validation.tooLong") }
            var memberID = ""
            if !cell(.nationalID).isEmpty { memberID = check(.nationalID) { try NationalID(cell(.nationalID)) }?.value ?? "" }
            let birth = date(.birthDate)
            let relation = Self.relation(cell(.relation))
            if relation == nil { problem(.relation, "import.problem.relation") }
            let sex = cell(.sex).isEmpty ? relation.map(Self.sex(of:)) : Self.sex(cell(.sex))
            if sex == nil, relation != nil { problem(.sex, "validation.choose") }
            guard problems.isEmpty, let mother, let birth, let relation, let sex else { return (nil, problems) }
            return (.member(ImportedMember(motherNationalID: mother, fullName: name, relation: relation, nationalID: memberID,
                                           birthDate: birth.0, sex: sex)), [])
        }
    }

    static func key(of error: any Error) -> String {
        switch error {
        case let problem as NationalID.Problem: problem.localizationKey
        case let problem as SaudiMobile.Problem: problem.localizationKey
        case let problem as SaudiIBAN.Problem: problem.localizationKey
        case let problem as CalendarDay.Problem: problem.localizationKey
        default: "validation.invalid"
        }
    }

    /// A year below 1700 is a Hijri year (the 1300s and 1400s); otherwise Gregorian.
    static func calendar(of text: String) -> CalendarDay.Calendar {
        let numbers = ArabicDigits.westernized(text).split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count == 3 else { return .gregorian }
        let year = numbers[0] > 31 ? numbers[0] : numbers[2]
        return year < 1700 ? .hijri : .gregorian
    }

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
}

/// Splits a name typed in one cell into the four parts of `ArabicName`: "عبد" and "آل"/"ال" prefixes stay with the
/// next word, "بن"/"بنت" are dropped, and words past the fourth belong to the family name.
public enum NameSplitter {
    static let joinsNext: Set<String> = ["عبد", "آل", "ابو", "أبو", "ام", "أم"]
    static let dropped: Set<String> = ["بن", "بنت", "ابن", "ابنة"]

    public static func fourParts(_ cell: String) -> ArabicName? {
        var parts: [String] = []
        var carry = ""
        for word in cell.split(whereSeparator: \.isWhitespace).map(String.init) where !dropped.contains(word) {
            if joinsNext.contains(word) { carry += word + " "; continue }
            parts.append(carry + word)
            carry = ""
        }
        if !carry.isEmpty { parts.append(carry.trimmingWhitespace()) }
        guard parts.count >= 4 else { return nil }
        return ArabicName(first: parts[0], father: parts[1], grandfather: parts[2], family: parts[3...].joined(separator: " "))
    }
}
