import Fluent
import Foundation
import LamasatCore

/// One uploaded list: its sheet and kind, its column mapping, its dry run, and its import job's progress.
final class ImportRun: Model, @unchecked Sendable {
    static let schema = "imports"

    enum Status: String, Codable, CaseIterable, Sendable {
        case uploaded, checked, queued, running, done, cancelled, failed
        var localizationKey: String { "import.status.\(rawValue)" }
        var isWorking: Bool { self == .queued || self == .running }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: ImportKind
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "file_name") var fileName: String
    @Field(key: "stored_path") var storedPath: String
    @Field(key: "sheet") var sheet: Int
    @Field(key: "headers") var headersJSON: String
    @Field(key: "mapping") var mappingJSON: String
    @Field(key: "status") var status: Status
    @Field(key: "total_rows") var totalRows: Int
    @Field(key: "good_rows") var goodRows: Int
    @Field(key: "bad_rows") var badRows: Int
    @Field(key: "existing_rows") var existingRows: Int
    @Field(key: "processed_rows") var processedRows: Int
    @Field(key: "written_rows") var writtenRows: Int
    @Field(key: "problems") var problemsJSON: String
    @Field(key: "cancel_requested") var cancelRequested: Bool
    @OptionalField(key: "error") var error: String?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?

    init() {}

    init(kind: ImportKind, branchID: UUID, fileName: String, storedPath: String, createdBy: UUID, now: Date) {
        id = UUID()
        self.kind = kind
        self.branchID = branchID
        self.fileName = fileName
        self.storedPath = storedPath
        sheet = 0
        headersJSON = "[]"
        mappingJSON = "{}"
        status = .uploaded
        totalRows = 0; goodRows = 0; badRows = 0; existingRows = 0; processedRows = 0; writtenRows = 0
        problemsJSON = "[]"
        cancelRequested = false
        self.createdBy = createdBy
        createdAt = now
        updatedAt = now
    }

    var headers: [String] {
        get { (try? JSONDecoder().decode([String].self, from: Data(headersJSON.utf8))) ?? [] }
        set { headersJSON = String(decoding: (try? JSONEncoder().encode(newValue)) ?? Data("[]".utf8), as: UTF8.self) }
    }

    /// Field → column index.
    var mapping: [ImportField: Int] {
        get { ImportRun.decodeMapping(mappingJSON) }
        set { mappingJSON = ImportRun.encodeMapping(newValue) }
    }

    var problems: [ImportProblem] {
        get { (try? JSONDecoder().decode([ImportProblem].self, from: Data(problemsJSON.utf8))) ?? [] }
        set { problemsJSON = String(decoding: (try? JSONEncoder().encode(newValue)) ?? Data("[]".utf8), as: UTF8.self) }
    }

    var url: URL { URL(fileURLWithPath: storedPath) }

    static func decodeMapping(_ json: String) -> [ImportField: Int] {
        let raw = (try? JSONDecoder().decode([String: Int].self, from: Data(json.utf8))) ?? [:]
        return raw.reduce(into: [:]) { result, pair in if let field = ImportField(rawValue: pair.key) { result[field] = pair.value } }
    }

    static func encodeMapping(_ mapping: [ImportField: Int]) -> String {
        let raw = mapping.reduce(into: [String: Int]()) { $0[$1.key.rawValue] = $1.value }
        return String(decoding: (try? JSONEncoder().encode(raw)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// A column mapping she confirmed, found again by the same headers.
final class ImportMapping: Model, @unchecked Sendable {
    static let schema = "import_mappings"

    @ID(key: .id) var id: UUID?
    @Field(key: "signature") var signature: String
    @Field(key: "mapping") var mappingJSON: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    static func remembered(_ signature: String, on db: any Database) async throws -> [ImportField: Int]? {
        try await ImportMapping.query(on: db).filter(\.$signature == signature).first().map { ImportRun.decodeMapping($0.mappingJSON) }
    }

    static func remember(_ signature: String, _ mapping: [ImportField: Int], now: Date, on db: any Database) async throws {
        let row = try await ImportMapping.query(on: db).filter(\.$signature == signature).first() ?? ImportMapping()
        if row.id == nil { row.id = UUID(); row.signature = signature }
        row.mappingJSON = ImportRun.encodeMapping(mapping)
        row.updatedAt = now
        try await row.save(on: db)
    }
}
