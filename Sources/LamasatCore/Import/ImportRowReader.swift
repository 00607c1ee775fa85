import Foundation

/// Reads one row of a list into a record, through the same validators as the forms (`NationalID`, `SaudiMobile`,
/// `SaudiIBAN`, `CalendarDay`, `ArabicName`, `NationalAddress`, `Money`, `EmailAddress`, `DonorIdentifier`), or says
/// what is wrong with each cell. Each kind's reading is in its own extension.
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

    public static func required(_ kind: ImportKind) -> [ImportField] { kind.required }

    /// A mapping lacks a name unless it has the one-cell name or all four parts.
    public func missingFields() -> [ImportField] {
        let parts: [ImportField] = [.nameFirst, .nameFather, .nameGrandfather, .nameFamily]
        var missing = kind.required.filter { mapping[$0] == nil }
        if kind.takesNameParts, mapping[.fullName] == nil, parts.contains(where: { mapping[$0] == nil }) { missing.append(.fullName) }
        return missing
    }

    /// The header of the column a field was mapped to (the report names columns as the list does).
    public func column(_ field: ImportField) -> String {
        mapping[field].flatMap { headers.indices.contains($0) ? headers[$0] : nil } ?? field.rawValue
    }

    public func read(row: Int, cells: [String]) -> (ImportedRecord?, [ImportProblem]) {
        var row = RowCells(reader: self, row: row, cells: cells)
        let record: ImportedRecord? = switch kind {
        case .files: readFile(&row).map(ImportedRecord.file)
        case .family: readMember(&row).map(ImportedRecord.member)
        case .volunteers: readVolunteer(&row).map(ImportedRecord.volunteer)
        case .pastAid: readAid(&row).map(ImportedRecord.aid)
        case .donors: readDonor(&row).map(ImportedRecord.donor)
        case .donations: readDonation(&row).map(ImportedRecord.donation)
        }
        guard let record, row.problems.isEmpty else { return (nil, row.problems) }
        return (record, [])
    }

    static func key(of error: any Error) -> String {
        switch error {
        case let problem as NationalID.Problem: problem.localizationKey
        case let problem as SaudiMobile.Problem: problem.localizationKey
        case let problem as SaudiIBAN.Problem: problem.localizationKey
        case let problem as CalendarDay.Problem: problem.localizationKey
        case let problem as Money.Problem: problem.localizationKey
        case let problem as DonorIdentifier.Problem: problem.localizationKey
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
}

/// One row's cells while it is read, and the problems found so far.
struct RowCells {
    let reader: ImportRowReader
    let row: Int
    let cells: [String]
    var problems: [ImportProblem] = []

    init(reader: ImportRowReader, row: Int, cells: [String]) {
        self.reader = reader
        self.row = row
        self.cells = cells
    }

    func has(_ field: ImportField) -> Bool { reader.mapping[field] != nil }

    func cell(_ field: ImportField) -> String {
        guard let index = reader.mapping[field], cells.indices.contains(index) else { return "" }
        return cells[index].trimmingWhitespace()
    }

    mutating func problem(_ field: ImportField, _ key: String) {
        problems.append(ImportProblem(row: row, column: reader.column(field), value: cell(field), key: key))
    }

    /// The field's cell through a form's parser, or its problem noted.
    mutating func check<T>(_ field: ImportField, _ parse: (String) throws -> T) -> T? {
        do { return try parse(cell(field)) } catch {
            problem(field, ImportRowReader.key(of: error))
            return nil
        }
    }

    /// A birth date in either calendar: a real day, not in the future, after 1900.
    mutating func birth(_ field: ImportField) -> (CalendarDay, CalendarDay.Calendar)? {
        let calendar = ImportRowReader.calendar(of: cell(field)), today = reader.today
        return check(field) { (try CalendarDay(birth: $0, calendar: calendar, today: today), calendar) }
    }

    /// A day something happened, in either calendar: a real day and not after today.
    mutating func pastDay(_ field: ImportField) -> CalendarDay? {
        guard let day = check(field, { try CalendarDay.day($0, calendar: ImportRowReader.calendar(of: $0)) }) else { return nil }
        if CalendarDay.today(reader.today) < day { problem(field, "import.problem.dayInFuture"); return nil }
        return day
    }

    /// An amount in riyals (Arabic-Indic digits allowed); "" is zero unless `required`.
    mutating func money(_ field: ImportField, required: Bool) -> Int64? {
        if cell(field).isEmpty, !required { return 0 }
        return check(field) { try Money($0).halalas }
    }

    /// A name in one cell (split into four parts) or in four columns.
    mutating func arabicName() -> ArabicName {
        var name = ArabicName(first: cell(.nameFirst), father: cell(.nameFather), grandfather: cell(.nameGrandfather), family: cell(.nameFamily))
        if has(.fullName) {
            guard let split = NameSplitter.fourParts(cell(.fullName)) else { problem(.fullName, "import.problem.nameParts"); return name }
            name = split
        }
        let found = name.problems()
        if let key = ArabicName.Part.allCases.compactMap({ found[$0] }).first { problem(has(.fullName) ? .fullName : .nameFirst, key) }
        return name
    }

    /// An optional e-mail address, as strict as the forms'.
    mutating func email() -> String {
        let text = cell(.email)
        if !text.isEmpty, EmailAddress(text)?.value != text { problem(.email, "validation.email") }
        return text
    }

    mutating func limit(_ fields: [ImportField], to length: Int) {
        for field in fields where cell(field).count > length { problem(field, "validation.tooLong") }
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
