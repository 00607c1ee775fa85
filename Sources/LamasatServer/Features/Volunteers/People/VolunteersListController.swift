import Fluent
import LamasatCore
import Vapor

/// `/volunteers`: the volunteers within the coordinator's reach, searched by name, number or mobile, filtered by
/// status, skill, district and branch. National IDs are masked in the list.
struct VolunteersListController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("volunteers") { try await self.index(req: $0) }.requires(.manageVolunteers)
        routes.exportsList("volunteers", requires: .manageVolunteers, title: "nav.volunteers") { try await Self.export($0, limit: $1) }
    }

    struct Row: Encodable {
        let id: String; let number: String; let name: String; let maskedID: String; let mobile: String; let branch: String
        let skills: String; let status: String; let statusCode: String
    }
    struct IndexView: Encodable { let page: PageContext; let filters: [FormField]; let rows: [Row]?; let paging: Paging }

    static let filterNames = ["q", "status", "skill", "district", "branch"]

    /// The volunteers of the list's filter within her reach, as the page and its export read them.
    static func listQuery(_ req: Request, typed: [String: String], branches: [Branch]) throws -> QueryBuilder<Volunteer> {
        let query = Volunteer.query(on: req.db).sort(\.$name)
        query.withinReach(of: try req.requireStaff(), \.$branchID)
        let q = ArabicDigits.westernized(typed["q"]!)
        if !q.isEmpty {
            let mobile = (try? SaudiMobile(q))?.e164
            query.group(.or) { or in
                or.filter(\.$name ~~ q).filter(\.$number ~~ q.uppercased())
                if let mobile { or.filter(\.$mobile == mobile) } else if q.allSatisfy(\.isNumber), q.count >= 4 { or.filter(\.$mobile ~~ q) }
            }
        }
        if let status = VolunteerStatus(rawValue: typed["status"]!) { query.filter(\.$status == status) }
        // Skill codes are not substrings of one another, so a match inside the comma list is exact.
        if let skill = VolunteerSkill(rawValue: typed["skill"]!) { query.filter(\.$skills ~~ skill.rawValue) }
        if !typed["district"]!.isEmpty { query.filter(\.$districts ~~ typed["district"]!) }
        if let branch = branches.first(where: { $0.id?.uuidString == typed["branch"] }) { query.filter(\.$branchID == branch.id!) }
        return query
    }

    static func rows(_ items: [Volunteer], req: Request, branches: [Branch]) -> [Row] {
        let names = Dictionary(uniqueKeysWithValues: branches.compactMap { b in b.id.map { ($0, b.name(in: req.language)) } })
        return items.map { v in
            Row(id: v.id!.uuidString, number: v.number, name: v.name, maskedID: (try? NationalID(v.nationalID))?.masked ?? "••••",
                mobile: (try? SaudiMobile(v.mobile))?.local ?? v.mobile, branch: names[v.branchID] ?? "—",
                skills: v.skillList.map { req.t($0.localizationKey) }.joined(separator: req.language == .ar ? "، " : ", "),
                status: req.t(v.status.localizationKey), statusCode: v.status.rawValue)
        }
    }

    /// Every volunteer of the filter; her ID as the reader may take it out.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let typed = filterNames.reduce(into: [String: String]()) { $0[$1] = (req.query[String.self, at: $1] ?? "").trimmingWhitespace() }
        let branches = try await req.formBranches()
        let items = try await listQuery(req, typed: typed, branches: branches).limit(limit).all()
        return ListExport.Table(
            columns: ["listExport.column.number", "listExport.column.name", "listExport.column.nationalID", "listExport.column.mobile", "user.branch",
                      "volunteer.record.field.skills", "volunteer.list.status"],
            rows: zip(items, rows(items, req: req, branches: branches)).map { v, r in
                [.text(r.number), .text(r.name), ListExport.nationalID(v.nationalID, req), .text(r.mobile), .text(r.branch), .text(r.skills), .text(r.status)]
            }, filter: ListExport.searchHidden(typed))
    }

    func index(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let typed = Self.filterNames.reduce(into: [String: String]()) {
            $0[$1] = (req.query[String.self, at: $1] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let branches = try await req.formBranches()
        let query = try Self.listQuery(req, typed: typed, branches: branches)
        let page = Paging.requestedPage(req)
        let (items, total) = try await query.page(page)
        var filters = [
            FormField.search(req, value: typed["q"]!, hint: req.t("volunteer.list.searchHint")),
            FormField.filter(req, name: "status", label: req.t("volunteer.list.status"), selected: typed["status"]!,
                             choices: VolunteerStatus.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "skill", label: req.t("volunteer.record.field.skills"), selected: typed["skill"]!,
                             choices: VolunteerSkill.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "district", label: req.t("volunteer.record.field.district"), selected: typed["district"]!,
                             choices: try await Self.districts(staff, on: req.db).map { ($0, $0) }),
        ]
        if branches.count > 1 {
            filters.append(FormField.filter(req, name: "branch", label: req.t("user.branch"), selected: typed["branch"]!, records: branches))
        }
        try await req.audit("view", record: ("volunteers", "list"))
        return try await req.render("volunteers/people", IndexView(
            page: PageContext(req, title: req.t("nav.volunteers")), filters: filters,
            rows: Self.rows(items, req: req, branches: branches).nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/volunteers", filters: typed, exports: true)
        )).encodeResponse(for: req)
    }

    /// The districts volunteers within reach cover, for the district filter.
    static func districts(_ staff: StaffContext, on db: any Database) async throws -> [String] {
        let query = Volunteer.query(on: db).field(\.$districts)
        query.withinReach(of: staff, \.$branchID)
        return Set(try await query.all().flatMap(\.districtList)).sorted()
    }
}
