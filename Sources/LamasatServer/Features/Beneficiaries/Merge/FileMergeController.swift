import Fluent
import SQLKit
import LamasatCore
import Vapor

/// [P-20] Merging a duplicate file (managers): from the file that stays, the other is found among its similar files
/// or by number or ID; the two side by side, field by field, the survivor's value or the other's; then everything of
/// the other file moves and it is closed as a tombstone pointing to the survivor. Both files must be within her
/// reach and in one branch (a file in another branch is moved there first).
struct FileMergeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let merge = routes.grouped("beneficiaries", ":beneficiaryID", "merge")
        merge.get { try await self.pick(req: $0) }.requires(.mergeFiles)
        merge.get(":otherID") { try await self.compare(req: $0, status: .ok) }.requires(.mergeFiles)
        merge.post(":otherID") { try await self.merge(req: $0) }.requires(.mergeFiles)
    }

    struct PickView: Encodable {
        struct Candidate: Encodable { let path: String; let label: String }
        let page: PageContext
        let id: String
        let fileNumber: String
        let name: String
        let candidates: [Candidate]?
        let search: [FormField]
        let error: String?
    }

    /// The file that stays, its similar files to choose from, and a search by file number or national ID.
    func pick(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let survivor = try await req.reachableBeneficiary()
        let id = try survivor.requireID()
        let typed = (req.query[String.self, at: "with"] ?? "").trimmingCharacters(in: .whitespaces)
        var error: String?
        if !typed.isEmpty {
            let query = Beneficiary.query(on: req.db).filter(\.$id != id)
            switch BeneficiaryRegistry.interpret(typed) {
            case .nationalID(let nationalID): query.filter(\.$nationalID == nationalID)
            case .fileNumber(let number): query.filter(\.$fileSequence == number)
            default: query.filter(\.$id == UUID())
            }
            if let found = try await query.first(), staff.mayReach(branch: found.$branch.id) {
                return req.redirect(to: "/beneficiaries/\(id.uuidString)/merge/\(try found.requireID().uuidString)")
            }
            error = req.t("merge.error.notFound")
        }
        let similar = try await BeneficiaryRegistry.similar(to: survivor, on: req.db).filter { staff.mayReach(branch: $0.0.$branch.id) && $0.0.status != .closed }
        return try await req.render("beneficiaries/merge-pick", PickView(
            page: PageContext(req, title: req.t("merge.title")), id: id.uuidString, fileNumber: survivor.fileNumber, name: survivor.name.full,
            candidates: try similar.map { match, reason in
                .init(path: "/beneficiaries/\(id.uuidString)/merge/\(try match.requireID().uuidString)",
                      label: req.t("beneficiary.similar.\(reason)", match.fileNumber, match.name.full))
            }.nonEmpty,
            search: [FormField(name: "with", label: req.t("merge.search"), value: String(typed.prefix(20)), hint: req.t("merge.searchHint"), error: error,
                               autocomplete: "off", dir: "ltr", maxlength: 20)].prepared(),
            error: error)).encodeResponse(status: error == nil ? .ok : .notFound, for: req)
    }

    struct CompareView: Encodable {
        let page: PageContext
        let id: String
        let otherID: String
        let survivor: String
        let other: String
        let rows: [FileMergeForm.Row]
        let moving: [String]
        let survivorVersion: Int
        let otherVersion: Int
        let error: String?
    }

    /// The two files, within her reach, both open, in one branch; otherwise why not.
    private func pair(_ req: Request) async throws -> (Beneficiary, Beneficiary) {
        let survivor = try await req.reachableBeneficiary()
        let other = try await req.reachableBeneficiary("otherID")
        guard survivor.id != other.id else { throw Abort(.notFound) }
        return (survivor, other)
    }

    func compare(req: Request, form: FileMergeForm = FileMergeForm(), errors: FieldErrors = [:], error: String? = nil, status: HTTPStatus) async throws -> Response {
        let (survivor, other) = try await pair(req)
        try await req.auditView("beneficiary", id: try other.requireID().uuidString)
        let categories = try await BeneficiaryCategory.query(on: req.db).all()
        var refusal = error
        if refusal == nil { refusal = Self.refusal(survivor, other).map { req.t($0) } }
        // What will move, table by table, so she sees the whole of it before she merges.
        var moving: [String] = []
        for (table, column) in try await FileMerger.fileColumns(on: req.db) {
            // The "not the same person" decision between these two goes rather than moves.
            let pairing: SQLQueryString = table == "duplicate_decisions"
                ? " AND beneficiary_id <> \(bind: try survivor.requireID()) AND similar_beneficiary_id <> \(bind: try survivor.requireID())" : ""
            let count = try await req.db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE \(ident: column) = \(bind: try other.requireID())\(pairing)")
                .first(decoding: Count.self)?.n ?? 0
            if count > 0 { moving.append(req.t("merge.moving", req.t("merge.table.\(table)"), String(count))) }
        }
        return try await req.render("beneficiaries/merge", CompareView(
            page: PageContext(req, title: req.t("merge.title")), id: try survivor.requireID().uuidString, otherID: try other.requireID().uuidString,
            survivor: "\(survivor.fileNumber) · \(survivor.name.full)", other: "\(other.fileNumber) · \(other.name.full)",
            rows: form.rows(req, survivor: survivor, other: other, categories: categories, errors: errors), moving: moving,
            survivorVersion: survivor.version, otherVersion: other.version, error: refusal)).encodeResponse(status: status, for: req)
    }

    struct Count: Decodable { let n: Int }

    /// Why these two cannot be merged as they stand, as a localization key.
    static func refusal(_ survivor: Beneficiary, _ other: Beneficiary) -> String? {
        if survivor.status == .closed || other.status == .closed { return "merge.error.closed" }
        if survivor.$branch.id != other.$branch.id { return "merge.error.branches" }
        return nil
    }

    func merge(req: Request) async throws -> Response {
        let (survivor, other) = try await pair(req)
        let form = FileMergeForm(request: req)
        if let refusal = Self.refusal(survivor, other) { return try await compare(req: req, form: form, error: req.t(refusal), status: .conflict) }
        guard let survivorVersion = Int(form.survivorVersion), let otherVersion = Int(form.otherVersion),
              survivorVersion == survivor.version, otherVersion == other.version
        else { return try await compare(req: req, form: form, error: req.t("merge.error.changed"), status: .conflict) }
        // Either file's category may be kept, even one retired since.
        let categories = try await BeneficiaryCategory.query(on: req.db).all()
        let (valid, errors) = form.merged(survivor, other).validate(req, categories: categories, branches: [survivor.branch], isNew: false)
        guard let valid else { return try await compare(req: req, form: form, errors: errors, error: req.t("merge.error.invalid"), status: .unprocessableEntity) }
        do {
            _ = try await FileMerger.merge(other, into: survivor, valid: valid, picks: Array(form.picks), versions: (survivorVersion, otherVersion), req: req)
        } catch let refused as FileMerger.Refused {
            return try await compare(req: req, form: form, error: req.t(refused.key), status: .conflict)
        }
        return req.redirect(to: "/beneficiaries/\(try survivor.requireID().uuidString)?done=fileMerged")
    }
}
