import Fluent
import Foundation
import LamasatCore
import SQLKit
import Vapor

/// What `lamasat bench-data --requests M --staff` adds for the mixed staff workload (`Benchmarks/mixed-workload.py`):
/// staff across roles and branches, M support requests spread over states, branches and support types with the
/// transition rows, committee decisions and deliveries the workflow writes on their way, and contacts and inquiries
/// beside them. Straight through SQL; the kept request counts are rebuilt from them afterwards.
enum BenchmarkWorkloadData {
    /// The workload's staff of each branch: `bench.<role>.<branch code>`; managers need their second factor.
    static let staffRoles: [(name: String, role: Role)] = [
        ("officer", .relationsOfficer), ("researcher", .researcher), ("service", .serviceOfficer), ("rep", .branchRep), ("manager", .manager),
    ]

    /// Where the requests end up, as shares of 100: most are open or closed, a few in every other state.
    static let statusShares: [(SupportRequestStatus, Int)] = [
        (.draft, 5), (.submitted, 20), (.verification, 8), (.returnedToApplicant, 4), (.awaitingDeclaration, 4), (.socialResearch, 8),
        (.committeeReview, 6), (.approved, 4), (.rejected, 5), (.inService, 3), (.delivered, 8), (.closed, 20), (.withdrawn, 5),
    ]

    static func status(_ index: Int) -> SupportRequestStatus {
        var slot = (index &* 31) % 100
        for (status, share) in statusShares {
            if slot < share { return status }
            slot -= share
        }
        return .submitted
    }

    /// The steps (from, to, action) the workflow takes from creation to `status`.
    static func path(to status: SupportRequestStatus) -> [(SupportRequestStatus?, SupportRequestStatus, String)] {
        func after(_ previous: SupportRequestStatus, _ action: SupportRequestAction) -> [(SupportRequestStatus?, SupportRequestStatus, String)] {
            path(to: previous) + [(previous, status, action.rawValue)]
        }
        switch status {
        case .draft: return [(nil, .draft, "create")]
        case .submitted: return after(.draft, .submit)
        case .verification: return after(.submitted, .startVerification)
        case .returnedToApplicant: return after(.verification, .returnToApplicant)
        case .awaitingDeclaration: return after(.verification, .completeVerification)
        case .socialResearch: return after(.awaitingDeclaration, .signDeclaration)
        case .committeeReview: return after(.socialResearch, .fileResearchReport)
        case .approved: return after(.committeeReview, .approve)
        case .rejected: return after(.committeeReview, .reject)
        case .inService: return after(.approved, .deliverPart)
        case .delivered: return after(.approved, .deliverFinal)
        case .closed: return after(.delivered, .close)
        case .withdrawn: return after(.submitted, .withdraw)
        case .cancelled: return after(.approved, .cancel)
        }
    }

    /// Creates the workload's staff that do not exist yet; returns the relations officer of each branch.
    static func staff(password: String, app: Application) async throws -> [UUID: UUID] {
        let hash = try await app.lamasat.passwords.hash(password, on: app.threadPool)
        let now = Date()
        var officers: [UUID: UUID] = [:]
        for branch in try await Branch.query(on: app.db).sort(\.$code).all() {
            let branchID = try branch.requireID()
            for (name, role) in staffRoles {
                let username = "bench.\(name).\(branch.code.lowercased())"
                var user = try await StaffUser.query(on: app.db).filter(\.$username == username).first()
                if user == nil {
                    let created = StaffUser(username: username, fullName: "موظفة القياس \(name) \(branch.code)", email: nil, role: role, scope: .ownBranch,
                                            branchID: branchID, passwordHash: hash, mustChangePassword: false, now: now)
                    try await created.create(on: app.db)
                    user = created
                }
                if role == .relationsOfficer, let user { officers[branchID] = try user.requireID() }
            }
        }
        return officers
    }

    struct File { let id: UUID; let branch: UUID; let mobile: String; let name: String }

    /// M requests over `files`, with transitions, then M/2 contacts and M/10 inquiries.
    static func fill(requests count: Int, files: [File], actors: [UUID: UUID], fallbackActor: UUID, app: Application, console: any Console) async throws {
        guard !files.isEmpty else { throw CommandProblem("--requests needs files (--count N)") }
        let types = try await app.db.sql.raw("SELECT id FROM support_types ORDER BY sort_order").all().map { try $0.decode(column: "id", as: UUID.self) }
        let categories = try await app.db.sql.raw("SELECT id FROM case_categories WHERE kind = 'inquiry' ORDER BY sort_order").all()
            .map { try $0.decode(column: "id", as: UUID.self) }
        let now = Date()
        let span = 365.0 * 86_400
        let channels = ContactChannel.allCases
        @Sendable func staffOf(_ file: File) -> UUID { actors[file.branch] ?? fallbackActor }
        @Sendable func moment(_ i: Int, of total: Int) -> Date { now.addingTimeInterval(-span + span * Double(i) / Double(max(total, 1)) - 86_400) }

        // Request i gets tracking sequence first + i + 1 when it was submitted; drafts leave their number unused.
        let firstTracking = try await counter("support_request", on: app.db)
        let meetings = try await meetingPerBranch(Set(files.map(\.branch)), actor: fallbackActor, at: now.addingTimeInterval(-span - 86_400), on: app.db)
        let reasons = try await app.db.sql.raw("SELECT id FROM rejection_reasons ORDER BY sort_order").all().map { try $0.decode(column: "id", as: UUID.self) }
        try await batches(count, label: "requests", console: console, on: app.db) { range, sql in
            var rows: [any SQLExpression] = [], steps: [any SQLExpression] = [], decisions: [any SQLExpression] = [], deliveries: [any SQLExpression] = []
            for i in range {
                let file = files[(i &* 7) % files.count]
                let state = Self.status(i)
                let id = UUID(), created = moment(i, of: count), who = staffOf(file)
                let submitted: Date? = state == .draft ? nil : created.addingTimeInterval(3_600)
                let tracking = submitted.map { _ in ReferenceNumber("R", sequence: Int64(firstTracking + i + 1), at: now).description }
                let path = Self.path(to: state)
                let values: [any SQLExpression] = [
                    SQLBind(id), optional(tracking), SQLBind(file.id), SQLBind(file.branch), SQLBind(types[i % types.count]),
                    SQLBind(channels[i % channels.count].rawValue), SQLBind("طلب قياس رقم \(i)"), SQLBind(Int64(50_000 + (i % 20) * 10_000)),
                    SQLBind(state.rawValue), optional(submitted), optional(submitted.map { DecisionPeriod.expectedDecisionDate(submittedAt: $0, periodDays: 14) }),
                    SQLBind(false), SQLBind(who), SQLBind(created), SQLBind(created.addingTimeInterval(Double(path.count) * 3_600)),
                ]
                rows.append(SQLGroupExpression(values))
                for (n, step) in path.enumerated() {
                    let at = created.addingTimeInterval(Double(n) * 3_600)
                    steps.append(SQLGroupExpression([
                        SQLBind(UUID()), SQLBind(id), optional(step.0?.rawValue), SQLBind(step.1.rawValue), SQLBind(step.2), SQLBind(who),
                        SQLBind(at), SQLBind(""),
                    ] as [any SQLExpression]))
                    // The committee's decision and the deliveries the workflow records with these steps.
                    if step.1 == .approved || step.1 == .rejected {
                        decisions.append(SQLGroupExpression([
                            SQLBind(UUID()), SQLBind(id), SQLBind(meetings[file.branch] ?? UUID()), SQLBind(step.1.rawValue),
                            SQLBind(Int64(step.1 == .approved ? 40_000 + (i % 20) * 10_000 : 0)),
                            step.1 == .rejected && !reasons.isEmpty ? SQLBind(reasons[i % reasons.count]) : SQLLiteral.null,
                            SQLBind(""), SQLBind("L-B-\(id.uuidString.prefix(13))"), SQLBind(who), SQLBind(at),
                        ] as [any SQLExpression]))
                    }
                    if step.1 == .inService || step.1 == .delivered {
                        deliveries.append(SQLGroupExpression([
                            SQLBind(UUID()), SQLBind(id), SQLBind(file.id), SQLBind(types[i % types.count]), SQLBind("تسليم قياس \(i)"),
                            SQLBind(Int64(20_000)), SQLBind(1), SQLBind(CalendarDay.today(at).description),
                            SQLBind(DeliveryPlace.allCases[i % DeliveryPlace.allCases.count].rawValue), SQLBind("موظفة القياس"),
                            SQLBind(step.1 == .delivered), SQLBind(who), SQLBind(at),
                        ] as [any SQLExpression]))
                    }
                }
            }
            try await sql.raw("""
                INSERT INTO support_requests (id, tracking_number, beneficiary_id, branch_id, support_type_id, channel, description,
                requested_amount, status, submitted_at, expected_decision_at, declaration_signed, created_by, created_at, updated_at)
                VALUES \(SQLList(rows))
                """).run()
            // Several steps per request: insert them in slices that stay under the database's bind limit.
            for start in stride(from: 0, to: steps.count, by: 1_000) {
                try await sql.raw("""
                    INSERT INTO request_transitions (id, request_id, from_status, to_status, action, actor_id, at, note)
                    VALUES \(SQLList(Array(steps[start..<min(start + 1_000, steps.count)])))
                    """).run()
            }
            if !decisions.isEmpty {
                try await sql.raw("""
                    INSERT INTO request_decisions (id, request_id, meeting_id, outcome, approved_amount, reason_id, note, letter_number, decided_by, decided_at)
                    VALUES \(SQLList(decisions))
                    """).run()
            }
            if !deliveries.isEmpty {
                try await sql.raw("""
                    INSERT INTO service_deliveries (id, request_id, beneficiary_id, support_type_id, description, amount, quantity, delivered_on,
                    place, delivered_by, is_final, recorded_by, recorded_at) VALUES \(SQLList(deliveries))
                    """).run()
            }
        }
        try await app.db.sql.raw("UPDATE counters SET value = \(bind: firstTracking + count) WHERE name = 'support_request'").run()

        let contacts = count / 2
        try await batches(contacts, label: "contacts", console: console, on: app.db) { range, sql in
            let rows: [any SQLExpression] = range.map { i in
                let file = files[(i &* 13) % files.count]
                return SQLGroupExpression([
                    SQLBind(UUID()), SQLBind(file.id), SQLLiteral.null, SQLBind(file.branch), SQLBind(channels[i % channels.count].rawValue),
                    SQLBind(i % 3 == 0 ? "outgoing" : "incoming"), SQLBind("متابعة قياس \(i)"), SQLBind(""), SQLBind(Int64(i % 30)),
                    SQLBind(ContactOutcome.allCases[i % ContactOutcome.allCases.count].rawValue), SQLBind(""), SQLBind(false), SQLLiteral.null,
                    SQLBind(staffOf(file)), SQLBind(moment(i, of: contacts)),
                ] as [any SQLExpression])
            }
            try await sql.raw("""
                INSERT INTO contacts (id, beneficiary_id, request_id, branch_id, channel, direction, subject, notes, duration_minutes,
                outcome, follow_up_on, follow_up_done, letter_number, staff_id, at) VALUES \(SQLList(rows))
                """).run()
        }

        let inquiries = count / 10
        guard inquiries > 0, !categories.isEmpty else { return }
        let firstInquiry = try await counter("inquiry", on: app.db)
        try await batches(inquiries, label: "inquiries", console: console, on: app.db) { range, sql in
            let rows: [any SQLExpression] = range.map { i in
                let file = files[(i &* 17) % files.count]
                let created = moment(i, of: inquiries), who = staffOf(file)
                // Six in ten new, three answered, one closed.
                let status: InquiryStatus = i % 10 < 6 ? .new : (i % 10 < 9 ? .answered : .closed)
                let answered: Date? = status == .new ? nil : created.addingTimeInterval(7_200)
                return SQLGroupExpression([
                    SQLBind(UUID()), SQLBind(ReferenceNumber("Q", sequence: Int64(firstInquiry + i + 1), at: now).description), SQLBind(file.id),
                    SQLBind(file.name), SQLBind(file.mobile), SQLBind(file.branch), SQLBind(channels[i % channels.count].rawValue),
                    SQLBind(categories[i % categories.count]), SQLBind("سؤال قياس رقم \(i)؟"), SQLBind(answered == nil ? "" : "جواب قياس"),
                    SQLBind(status.rawValue), SQLBind(""), SQLLiteral.null, SQLBind(who), SQLBind(created),
                    SQLBind(created.addingTimeInterval(5 * 86_400)), optional(answered), optional(answered.map { _ in who }),
                    optional(status == .closed ? answered : nil),
                ] as [any SQLExpression])
            }
            try await sql.raw("""
                INSERT INTO inquiries (id, number, beneficiary_id, contact_name, contact_phone, branch_id, channel, category_id, question,
                answer, status, referral_reason, referred_to, created_by, created_at, due_at, first_response_at, answered_by, closed_at)
                VALUES \(SQLList(rows))
                """).run()
        }
        try await app.db.sql.raw("UPDATE counters SET value = \(bind: firstInquiry + inquiries) WHERE name = 'inquiry'").run()
    }

    /// One closed committee meeting per branch, which the generated decisions were taken in.
    private static func meetingPerBranch(_ branches: Set<UUID>, actor: UUID, at: Date, on db: any Database) async throws -> [UUID: UUID] {
        var meetings: [UUID: UUID] = [:]
        for branch in branches {
            let id = UUID()
            try await db.insert(into: "committee_meetings", [
                "id": id, "number": "M-BENCH-\(id.uuidString.prefix(8))", "branch_id": branch, "scheduled_at": at, "location": "قاعة القياس",
                "quorum": 2, "is_closed": true, "created_by": actor, "created_at": at,
            ])
            meetings[branch] = id
        }
        return meetings
    }

    private static func optional(_ value: (any Encodable & Sendable)?) -> any SQLExpression {
        guard let value else { return SQLLiteral.null }
        return SQLBind(value)
    }

    private static func counter(_ name: String, on db: any Database) async throws -> Int {
        try await db.sql.raw("SELECT value FROM counters WHERE name = \(bind: name)").first()?.decode(column: "value", as: Int.self) ?? 0
    }

    /// Runs `insert` over 0..<count in statements of 250 rows, 10,000 rows a transaction.
    private static func batches(_ count: Int, label: String, console: any Console, on db: any Database,
                                _ insert: @escaping @Sendable (Range<Int>, any SQLDatabase) async throws -> Void) async throws {
        var index = 0
        while index < count {
            let upper = min(index + 10_000, count), first = index
            try await db.writeTransaction { tx in
                for start in stride(from: first, to: upper, by: 250) { try await insert(start..<min(start + 250, upper), tx.sql) }
            }
            index = upper
            console.print("  \(index) \(label)")
        }
    }
}
