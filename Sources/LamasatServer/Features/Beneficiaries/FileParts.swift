import Fluent
import LamasatCore
import Vapor

/// The seam between her file and the features that keep records of hers. The file page names no feature: each
/// feature registers a part at start-up (`routes.swift`), and the page asks every part for its tab, its cards on
/// the summary and its lines of her story. A part is asked only for what is shown.
protocol FilePart: Sendable {
    /// The tab this part owns, if any.
    var tab: FileTab? { get }
    /// The open tab's body, rendered from the part's own template.
    func tabBody(_ file: FilePage) async throws -> RenderedHTML
    /// A card on the summary tab.
    func summaryCard(_ file: FilePage) async throws -> FileCard?
    /// Dated lines for the timeline tab.
    func timeline(_ file: FilePage) async throws -> [FileTimelineLine]
    /// Ids of records of hers this part keeps: messages about them belong to her file.
    func relatedRecordIDs(_ file: FilePage) async throws -> [String]
    /// Whether what this part requires of her file is there (her documents), before the file is made active.
    func requirementsMet(_ file: Beneficiary, today: Date, on db: any Database) async throws -> Bool
    /// Tables of this part whose rows belong to her file (`beneficiary_id`) and carry the branch that may see them
    /// (`branch_id`): they follow her file to another branch (`FileBranchMove`).
    var followingTables: [String] { get }
    /// Whether her file must stay in its branch for now (a request on that branch committee's agenda).
    func holdsFileInBranch(_ file: UUID, on db: any Database) async throws -> Bool
    /// What else moving her file to `branch` changes in this part, counted by what it is, for the audit entry.
    func fileMoved(_ file: UUID, to branch: UUID, on db: any Database) async throws -> [String: Int]
    /// Runs `edit`, a change of her file (her category, her branch), so the part can keep what it derives from the
    /// file in step, in the edit's transaction `db`.
    func aroundFileEdit(_ file: UUID, on db: any Database, _ edit: () async throws -> Void) async throws
}

extension FilePart {
    var tab: FileTab? { nil }
    func tabBody(_ file: FilePage) async throws -> RenderedHTML { .empty }
    func summaryCard(_ file: FilePage) async throws -> FileCard? { nil }
    func timeline(_ file: FilePage) async throws -> [FileTimelineLine] { [] }
    func relatedRecordIDs(_ file: FilePage) async throws -> [String] { [] }
    func requirementsMet(_ file: Beneficiary, today: Date, on db: any Database) async throws -> Bool { true }
    var followingTables: [String] { [] }
    func holdsFileInBranch(_ file: UUID, on db: any Database) async throws -> Bool { false }
    func fileMoved(_ file: UUID, to branch: UUID, on db: any Database) async throws -> [String: Int] { [:] }
    func aroundFileEdit(_ file: UUID, on db: any Database, _ edit: () async throws -> Void) async throws { try await edit() }
}

extension Array where Element == any FilePart {
    /// Runs `edit` inside every part's `aroundFileEdit`.
    func aroundFileEdit(_ file: UUID, on db: any Database, _ edit: () async throws -> Void) async throws {
        try await Self.nest(self[...], file, db, edit)
    }

    private static func nest(_ parts: ArraySlice<any FilePart>, _ file: UUID, _ db: any Database, _ edit: () async throws -> Void) async throws {
        guard let part = parts.first else { return try await edit() }
        try await part.aroundFileEdit(file, on: db) { try await nest(parts.dropFirst(), file, db, edit) }
    }
}

struct FileTab: Sendable {
    /// The `?tab=` value and the `beneficiary.tab.<key>` label.
    let key: String
    /// Where the tab stands among the others (summary is 0, the timeline 100).
    let order: Int
}

struct FileCard {
    let html: RenderedHTML
    /// Shown above her facts rather than below them.
    var leads = false
}

struct FileTimelineLine: Sendable {
    let at: Date
    let actor: String
    let action: String
    let detail: String
}

/// One rendering of her file, as the parts see it.
struct FilePage {
    let req: Request
    /// The page's context, for the parts' templates (their forms' CSRF token).
    let page: PageContext
    let file: Beneficiary
    let staff: StaffContext
    let formatter: DualCalendarFormatter
    /// Messages for a part, by its tab key (an upload refused on the documents tab).
    let errors: [String: [String]]
    /// Every part's `relatedRecordIDs`, gathered before tab bodies and timelines are asked for.
    var relatedRecordIDs: [String] = []

    /// The page is made for a file read from the database (`reachableBeneficiary`), so it has an id.
    var id: UUID { file.id! }

    /// A part's template rendered for the file page, which embeds it with `#unsafeHTML`.
    func render(_ template: String, _ context: some Encodable) async throws -> RenderedHTML {
        try await RenderedHTML.render(template, context, for: req)
    }
}

typealias FileParts = Registry<any FilePart>

extension Registry where Element == any FilePart {
    /// Whether every part's requirements of her file are met.
    func requirementsMet(_ file: Beneficiary, today: Date, on db: any Database) async throws -> Bool {
        for part in all where try await !part.requirementsMet(file, today: today, on: db) { return false }
        return true
    }
}

extension Application {
    private struct FilePartsKey: StorageKey { typealias Value = FileParts }

    /// Features register their parts in `routes`.
    var fileParts: FileParts { registry(FilePartsKey.self) }
}
