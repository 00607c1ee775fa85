import Crypto
import Fluent
import LamasatCore
import Vapor

/// [P-9], [P-14] The board pack: a quarter's or a year's printable report, generated on request and kept as it was
/// generated. Generating reads the reports' figures within the reader's scope; opening a kept pack reads only the
/// stored page, so the board sees tomorrow exactly what it was given today.
struct BoardPackController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let packs = routes.grouped("reports", "board-pack")
        packs.get { try await self.index(req: $0) }.requires(.viewReports)
        packs.post { try await self.generate(req: $0) }.requires(.viewReports)
        packs.get(":packID") { try await self.show(req: $0) }.requires(.viewReports)
    }

    /// The periods a board reviews: quarters and years, Gregorian or Hijri.
    static let kinds: Set<ReportPeriod.Kind> = [.quarter, .year, .hijriYear]

    struct Line: Encodable { let id: String; let period: String; let branch: String; let createdAt: String; let by: String }
    struct IndexView: Encodable {
        let page: PageContext
        let fields: [FormField]
        let error: String?
        let rows: [Line]?
        let paging: Paging
    }

    func index(req: Request, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let staff = try req.requireStaff()
        let query = BoardPack.query(on: req.db).withinReach(of: staff, \.$branchID).sort(\.$createdAt, .descending)
        let page = Paging.requestedPage(req)
        let (packs, total) = try await query.page(page)
        let branches = Dictionary(uniqueKeysWithValues: try await Branch.query(on: req.db).all().map { (try $0.requireID(), $0) })
        let authors = Dictionary(uniqueKeysWithValues: try await StaffUser.query(on: req.db)
            .filter(\.$id ~~ Set(packs.map(\.createdBy))).all().map { (try $0.requireID(), $0.fullName) })
        let formatter = DualCalendarFormatter(language: req.language)
        let rows = try packs.map { pack in
            Line(id: try pack.requireID().uuidString, period: pack.periodLabel,
                 branch: pack.branchID.flatMap { branches[$0]?.name(in: req.language) } ?? req.t("boardPack.allBranches"),
                 createdAt: formatter.dateTime(pack.createdAt).combined, by: authors[pack.createdBy] ?? "—")
        }
        return try await req.render("reports/board-pack/index", IndexView(
            page: PageContext(req, title: req.t("boardPack.title")), fields: try await fields(req),
            error: error, rows: rows.nonEmpty, paging: Paging(req, total: total, page: page, path: "/reports/board-pack", filters: [:])
        )).encodeResponse(status: status, for: req)
    }

    /// The period to choose (this and the previous quarter and year, Gregorian and Hijri) and, for a reader of every
    /// branch, one branch or all.
    private func fields(_ req: Request) async throws -> [FormField] {
        let staff = try req.requireStaff()
        let now = req.now
        var choices: [ReportPeriod] = []
        for period in ReportPeriod.shortcuts(now) where Self.kinds.contains(period.kind) {
            choices.append(period)
            choices.append(period.previous)
        }
        var fields = [FormField.filter(req, name: "period", label: req.t("boardPack.period"), selected: "",
                                       choices: choices.map { ($0.token, $0.title(req.language)) })]
        fields[0].options.removeFirst()  // a pack is always for one period: no "all"
        if staff.ownBranchOnly == nil {
            fields.append(FormField.filter(req, name: "branch", label: req.t("user.branch"), selected: "",
                                           records: try await Branch.query(on: req.db).sort(\.$code).all()))
        }
        return fields.prepared()
    }

    func generate(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let token = (try? req.content.get(String.self, at: "period")) ?? ""
        guard let period = try? ReportPeriod.parse(token), Self.kinds.contains(period.kind), period.start < req.now else {
            return try await index(req: req, error: req.t("boardPack.error.period"), status: .unprocessableEntity)
        }
        var chosenBranch: UUID? = staff.ownBranchOnly
        if chosenBranch == nil, let chosen = UUID(uuidString: (try? req.content.get(String.self, at: "branch")) ?? "") {
            guard try await Branch.find(chosen, on: req.db) != nil else {
                return try await index(req: req, error: req.t("boardPack.error.branch"), status: .unprocessableEntity)
            }
            chosenBranch = chosen
        }
        let pack = try await Self.keep(period: period, branch: chosenBranch, req: req)
        return req.redirect(to: "/reports/board-pack/\(try pack.requireID().uuidString)")
    }

    /// Renders the pack of `period` for the signed-in reader and keeps it, audited, as generated: of her own branch
    /// when that is all she reaches, else of `branch` (nil: every branch). The form above and the demo's pack
    /// (`lamasat demo`) both come through here.
    static func keep(period: ReportPeriod, branch chosen: UUID?, req: Request) async throws -> BoardPack {
        let staff = try req.requireStaff()
        let branch = staff.ownBranchOnly ?? chosen
        let html = try await BoardPackContent.render(period: period, branch: branch, req: req)
        let pack = BoardPack()
        pack.periodToken = period.token
        pack.periodLabel = period.title(req.language)
        pack.branchID = branch
        pack.language = req.language.rawValue
        pack.html = html
        pack.sha256 = SHA256.hash(data: Data(html.utf8)).map { String(format: "%02x", $0) }.joined()
        pack.createdBy = staff.userID
        pack.createdAt = req.now
        try await req.db.writeTransaction { db in
            try await pack.create(on: db)
            try await req.audit("boardPack.generated", record: ("board_pack", try pack.requireID().uuidString),
                                detail: "\(period.token) \(branch?.uuidString ?? "all")", on: db)
        }
        return pack
    }

    /// The kept page, byte for byte, with its checksum in a header for whoever verifies a printed copy.
    func show(req: Request) async throws -> Response {
        let pack = try await req.scoped(BoardPack.self, id: req.parameters.get("packID"), optionalBranch: \.$branchID)
        try await req.auditView("board_pack", id: try pack.requireID().uuidString)
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.add(name: "X-Content-SHA256", value: pack.sha256)
        let response = Response(status: .ok, headers: headers, body: .init(string: pack.html))
        if let style = Self.inlineStyle(of: pack.html) {
            response.storage[OwnStylePolicyKey.self] = "sha256-" + Data(SHA256.hash(data: Data(style.utf8))).base64EncodedString()
        }
        return response
    }

    /// The text of the page's one `<style>` block, which the content security policy then allows by its hash.
    static func inlineStyle(of html: String) -> String? {
        guard let open = html.range(of: "<style>"), let close = html.range(of: "</style>", range: open.upperBound..<html.endIndex) else { return nil }
        return String(html[open.upperBound..<close.lowerBound])
    }
}
