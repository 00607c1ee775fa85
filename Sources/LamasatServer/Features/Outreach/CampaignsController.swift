import Fluent
import LamasatCore
import SQLKit
import Vapor

/// [P-4] Campaigns: a segment of files (count and sample shown before sending), a message and a channel, a time;
/// the worker queues the messages in batches and the page shows the progress and the delivery report.
struct CampaignsController: RouteCollection {
    static let sendJob = "campaign.send"

    func boot(routes: any RoutesBuilder) throws {
        let campaigns = routes.grouped("campaigns")
        campaigns.get { try await self.index(req: $0) }.requires(.runOutreach)
        routes.exportsList("campaigns", requires: .runOutreach, title: "nav.campaigns") { try await Self.export($0, limit: $1) }
        campaigns.get("new") { try await self.form(req: $0, errors: [:], status: .ok) }.requires(.runOutreach)
        campaigns.post { try await self.create(req: $0) }.requires(.runOutreach)
        campaigns.get(":campaignID") { try await self.show(req: $0) }.requires(.runOutreach)
        campaigns.get(":campaignID", "progress") { try await self.progress(req: $0) }.requires(.runOutreach)
        campaigns.post(":campaignID", "cancel") { try await self.cancel(req: $0) }.requires(.runOutreach)
    }

    struct Row: Encodable { let id: String; let name: String; let status: String; let statusCode: String; let total: Int; let when: String }
    struct IndexView: Encodable { let page: PageContext; let rows: [Row]?; let paging: Paging }

    static func rows(_ campaigns: [Campaign], req: Request) throws -> [Row] {
        let formatter = DualCalendarFormatter(language: req.language)
        return try campaigns.map { Row(id: try $0.requireID().uuidString, name: $0.name, status: req.t($0.status.localizationKey), statusCode: $0.status.rawValue,
                                       total: $0.total, when: formatter.dateTime($0.scheduledAt).combined) }
    }

    /// Every campaign, newest first, as the list shows them.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let rows = try rows(try await Campaign.query(on: req.db).sort(\.$createdAt, .descending).limit(limit).all(), req: req)
        return ListExport.Table(columns: ["listExport.column.name", "request.status", "listExport.column.recipients", "listExport.column.when"],
                                rows: rows.map { [.text($0.name), .text($0.status), .number($0.total), .text($0.when)] }, filter: [:])
    }

    func index(req: Request) async throws -> View {
        let page = Paging.requestedPage(req)
        let (campaigns, total) = try await Campaign.query(on: req.db).sort(\.$createdAt, .descending).page(page)
        return try await req.render("campaigns/index", IndexView(
            page: PageContext(req, title: req.t("nav.campaigns")), rows: try Self.rows(campaigns, req: req).nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/campaigns", filters: [:], exports: true)))
    }

    struct FormView: Encodable {
        let page: PageContext
        let filters: [FormField]
        let fields: [FormField]
        let previewed: Bool
        let count: Int
        let sample: [String]?
    }

    func form(req: Request, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let staff = try req.requireStaff()
        let typed = CampaignForm(request: req)
        let (segment, segmentErrors) = try typed.segment(req)
        let errors = errors.merging(segmentErrors) { a, _ in a }
        let categories = try await BeneficiaryCategory.query(on: req.db).sort(\.$sortOrder).all()
        // A filter that cannot be read gives no count: the number would not be the segment she meant.
        let previewing = (req.method == .POST || req.query[String.self, at: "preview"] != nil) && segmentErrors.isEmpty
        let count = previewing ? try await segment.count(ownBranch: nil, today: req.now, on: req.db) : nil
        let sample = previewing ? try await segment.members(ownBranch: nil, today: req.now, limit: 5, on: req.db) : []
        let files = try await Beneficiary.query(on: req.db).filter(\.$id ~~ sample.map(\.id)).all()
        let filters = try typed.filters(req, errors: errors, categories: categories,
                                        branches: staff.ownBranchOnly == nil ? try await req.formBranches() : nil)
        return try await req.render("campaigns/form", FormView(
            page: PageContext(req, title: req.t("campaign.new")), filters: filters, fields: typed.fields(req, errors: errors), previewed: count != nil,
            count: count ?? 0, sample: files.map(\.name.full).nonEmpty)).encodeResponse(status: segmentErrors.isEmpty ? status : .unprocessableEntity, for: req)
    }

    func create(req: Request) async throws -> Response {
        // One form: "count and sample" shows the segment as typed now; "schedule" creates from the same fields.
        let form = CampaignForm(request: req)
        let (segment, segmentErrors) = try form.segment(req)
        if form.previewOnly {
            return try await self.form(req: req, errors: [:], status: segmentErrors.isEmpty ? .ok : .unprocessableEntity)
        }
        let staff = try req.requireStaff()
        let (valid, messageErrors) = form.validate(req)
        var errors = segmentErrors.merging(messageErrors) { a, _ in a }
        let total = try await segment.count(ownBranch: nil, today: req.now, on: req.db)
        if total == 0 && errors.isEmpty { errors["name"] = req.t("campaign.error.empty") }
        guard errors.isEmpty, let valid else { return try await self.form(req: req, errors: errors, status: .unprocessableEntity) }
        let when = valid.when
        let campaign = Campaign()
        campaign.id = UUID()
        campaign.name = form.name
        campaign.segment = String(decoding: try JSONEncoder().encode(segment), as: UTF8.self)
        campaign.channel = valid.channel
        campaign.body = form.body
        campaign.status = .scheduled
        campaign.scheduledAt = when
        campaign.total = total
        campaign.queued = 0
        campaign.createdBy = staff.userID
        campaign.createdAt = req.now
        try await req.db.writeTransaction { db in
            try await campaign.create(on: db)
            try await JobQueue.enqueue(Self.sendJob, payload: try campaign.requireID().uuidString, runAt: when, now: req.now, on: db)
            try await req.audit("campaign.created", record: ("campaign", try campaign.requireID().uuidString), detail: "\(total) files", on: db)
        }
        return req.redirect(to: "/campaigns/\(try campaign.requireID().uuidString)?done=campaignCreated")
    }

    /// The job: queues one message per file of the segment, in batches, counting as it goes. Run again after a crash,
    /// the idempotency keys keep each file to one message.
    static func send(_ context: JobContext) async throws {
        guard let id = UUID(uuidString: context.job.payload), let campaign = try await Campaign.find(id, on: context.db),
              campaign.status == .scheduled || campaign.status == .sending else { return }
        let now = context.application.lamasat.clock.now()
        campaign.status = .sending
        try await campaign.save(on: context.db)
        let segment = try JSONDecoder().decode(Segment.self, from: Data(campaign.segment.utf8))
        let members = try await segment.members(ownBranch: nil, today: now, on: context.db)
        campaign.total = members.count
        for batch in stride(from: 0, to: members.count, by: 100).map({ Array(members[$0..<min($0 + 100, members.count)]) }) {
            try await context.db.writeTransaction { db in
                for member in batch {
                    try await Outbox.enqueue(Outbox.Draft(channel: campaign.channel, recipient: member.mobile, subject: "campaign:\(campaign.name)",
                                                          body: ReplyTemplate.fill(campaign.body, ["name": member.name_first]),
                                                          idempotencyKey: "campaign:\(id.uuidString):\(member.id.uuidString)", relatedType: "campaign",
                                                          relatedID: id.uuidString, branchID: member.branch_id, beneficiaryID: member.id), now: now, on: db)
                }
                campaign.queued = try await OutboxMessage.query(on: db).filter(\.$relatedType == "campaign").filter(\.$relatedID == id.uuidString).count()
                try await campaign.save(on: db)
            }
        }
        campaign.status = .done
        try await campaign.save(on: context.db)
    }

    struct Report: Content {
        let total: Int; let queued: Int; let sent: Int; let failed: Int; let skipped: Int; let waiting: Int; let status: String
        var statusLabel: String?
    }

    static func report(_ campaign: Campaign, on db: any Database) async throws -> Report {
        let messages = try await OutboxMessage.query(on: db).filter(\.$relatedType == "campaign").filter(\.$relatedID == campaign.requireID().uuidString).all()
        func count(_ status: OutboxMessage.Status) -> Int { messages.filter { $0.status == status }.count }
        return Report(total: campaign.total, queued: messages.count, sent: count(.sent), failed: count(.failed), skipped: count(.skipped),
                      waiting: count(.queued), status: campaign.status.rawValue)
    }

    private func campaign(_ req: Request) async throws -> Campaign {
        guard let id = req.parameters.get("campaignID", as: UUID.self), let campaign = try await Campaign.find(id, on: req.db) else { throw Abort(.notFound) }
        // A campaign of one branch is seen by the staff of that branch.
        // A campaign over every branch is for all-branches staff only.
        let branch = (try? JSONDecoder().decode(Segment.self, from: Data(campaign.segment.utf8)))?.branchID
        let staff = try req.requireStaff()
        guard branch.map({ staff.mayReach(branch: $0) }) ?? (staff.ownBranchOnly == nil) else {
            try await req.refusedOutOfScope(Campaign.schema, id: id)
            throw Abort(.notFound)
        }
        return campaign
    }

    struct ShowView: Encodable {
        let page: PageContext; let id: String; let name: String; let status: String; let channel: String; let body: String; let when: String
        let report: Report; let done: Int; let finished: Bool; let canCancel: Bool
    }

    func show(req: Request) async throws -> View {
        let campaign = try await campaign(req)
        let report = try await Self.report(campaign, on: req.db)
        return try await req.render("campaigns/show", ShowView(
            page: PageContext(req, title: campaign.name), id: try campaign.requireID().uuidString, name: campaign.name, status: req.t(campaign.status.localizationKey),
            channel: req.t(campaign.channel.localizationKey), body: campaign.body,
            when: DualCalendarFormatter(language: req.language).dateTime(campaign.scheduledAt).combined, report: report,
            done: report.sent + report.failed + report.skipped, finished: campaign.status == .done && report.waiting == 0,
            canCancel: campaign.status == .scheduled))
    }

    /// A campaign not yet started can be called off; one already sending has its messages queued.
    func cancel(req: Request) async throws -> Response {
        let campaign = try await campaign(req)
        let moved = try await req.db.sql.raw("""
            UPDATE campaigns SET status = 'cancelled' WHERE id = \(bind: try campaign.requireID()) AND status = 'scheduled' RETURNING id
            """).all()
        guard moved.count == 1 else { throw Abort(.conflict) }
        try await req.audit("campaign.cancelled", record: ("campaign", try campaign.requireID().uuidString))
        return req.redirect(to: "/campaigns/\(try campaign.requireID().uuidString)?done=campaignCancelled")
    }

    /// The numbers behind the progress bar, for the page's script.
    func progress(req: Request) async throws -> Report {
        let campaign = try await campaign(req)
        var report = try await Self.report(campaign, on: req.db)
        report.statusLabel = req.t(campaign.status.localizationKey)
        return report
    }
}
