import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// The home page's cockpits: the manager's KPI figures against a hand-counted set in two branches, her branch reach,
/// and each role's own cockpit — the administrator's health tiles for nobody else.
@Suite("Dashboards by role") struct DashboardTests {
    /// Two branches, files in each, and the rows whose counts are written out in the test below.
    struct Seed {
        let hq: Branch
        let jed: Branch
    }

    func seed(_ t: TestContext, author: UUID) async throws -> Seed {
        let hq = try await t.headOffice()
        let jed = try await t.makeBranch("JED")
        // Files alternate HQ, JED, HQ, JED (codes in order).
        try await DemoFiles.load(count: 4, branches: ["HQ": hq.id!, "JED": jed.id!], author: author, on: t.app)
        let files = try await Beneficiary.query(on: t.db).sort(\.$fileSequence).all()
        let a = files.first { $0.$branch.id == hq.id! }!, b = files.first { $0.$branch.id == jed.id! }!
        let type = try #require(try await SupportType.query(on: t.db).filter(\.$code == "rent").first()).id!
        let now = t.clock.now()
        let day = 86_400.0
        let meeting = CommitteeMeeting()
        meeting.id = UUID()
        meeting.number = "C-2026-0001"
        meeting.branchID = hq.id!
        meeting.scheduledAt = now.addingTimeInterval(-40 * day)
        meeting.location = "قاعة"
        meeting.quorum = 2
        meeting.isClosed = true
        meeting.createdBy = author
        meeting.createdAt = meeting.scheduledAt
        try await meeting.create(on: t.db)

        func request(_ file: Beneficiary, _ status: SupportRequestStatus, submittedDaysAgo: Double?, expectedInDays: Double?) async throws -> SupportRequest {
            let request = SupportRequest()
            request.id = UUID()
            request.trackingNumber = submittedDaysAgo == nil ? nil : "R-T-\(UUID().uuidString.prefix(6))"
            request.$beneficiary.id = file.id!
            request.branchID = file.$branch.id
            request.$supportType.id = type
            request.channel = .phone
            request.description = "اختبار"
            request.requestedAmount = 100_000
            request.status = status
            request.submittedAt = submittedDaysAgo.map { now.addingTimeInterval(-$0 * day) }
            request.expectedDecisionAt = expectedInDays.map { now.addingTimeInterval($0 * day) }
            request.declarationSigned = false
            request.createdBy = author
            request.createdAt = now.addingTimeInterval(-(submittedDaysAgo ?? 1) * day)
            request.updatedAt = request.createdAt
            try await request.create(on: t.db)
            return request
        }
        func decide(_ request: SupportRequest, daysAgo: Double) async throws {
            let decision = RequestDecision()
            decision.requestID = request.id!
            decision.meetingID = meeting.id!
            decision.outcome = request.status
            decision.approvedAmount = request.status == .approved ? 100_000 : 0
            decision.note = ""
            decision.letterNumber = "L-T-\(UUID().uuidString.prefix(6))"
            decision.decidedBy = author
            decision.decidedAt = now.addingTimeInterval(-daysAgo * day)
            try await decision.create(on: t.db)
        }
        // HQ: open and on time, open and late (two), decided this month on time, decided last month after its date, a draft.
        _ = try await request(a, .submitted, submittedDaysAgo: 2, expectedInDays: 12)
        _ = try await request(a, .socialResearch, submittedDaysAgo: 20, expectedInDays: -6)
        _ = try await request(a, .committeeReview, submittedDaysAgo: 16, expectedInDays: -2)
        try await decide(try await request(a, .approved, submittedDaysAgo: 10, expectedInDays: 4), daysAgo: 1)
        try await decide(try await request(a, .rejected, submittedDaysAgo: 50, expectedInDays: -36), daysAgo: 30)
        _ = try await request(a, .draft, submittedDaysAgo: nil, expectedInDays: nil)
        // JED: open and late, decided this month.
        _ = try await request(b, .verification, submittedDaysAgo: 18, expectedInDays: -4)
        try await decide(try await request(b, .approved, submittedDaysAgo: 9, expectedInDays: 5), daysAgo: 2)

        // Complaints: HQ one open past its target, one open within it, one answered in time; JED one open past its target.
        let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .complaint).first()).id!
        for (file, dueInDays, responded) in [(a, -1.0, false), (a, 3.0, false), (a, -2.0, true), (b, -3.0, false)] {
            let complaint = Complaint.opened(kind: .complaint, beneficiaryID: file.id, contactName: "س", contactPhone: file.mobile, branchID: file.$branch.id,
                                             channel: .phone, categoryID: category, severity: .medium, description: "تأخر", isConfidential: false,
                                             aboutStaffID: nil, createdBy: author, at: now.addingTimeInterval(-8 * day),
                                             due: now.addingTimeInterval(dueInDays * day))
            complaint.number = "S-T-\(UUID().uuidString.prefix(6))"
            if responded {
                complaint.status = .responded
                complaint.respondedAt = now.addingTimeInterval(-5 * day)
            }
            try await complaint.create(on: t.db)
        }

        // Messages: HQ failed 5 days ago, failed 40 days ago (outside the 30 days), sent; JED failed yesterday.
        for (branch, status, daysAgo) in [(hq.id!, OutboxMessage.Status.failed, 5.0), (hq.id!, .failed, 40), (hq.id!, .sent, 1), (jed.id!, .failed, 1)] {
            let message = OutboxMessage()
            message.channel = .sms
            message.recipient = "+966500000000"
            message.subject = "اختبار"
            message.body = "اختبار"
            message.status = status
            message.idempotencyKey = UUID().uuidString
            message.attempts = 1
            message.branchID = branch
            message.createdAt = now.addingTimeInterval(-daysAgo * day)
            try await message.create(on: t.db)
        }

        // Satisfaction this month: HQ 5 answers, three of 4–5 (60%); JED 5 answers, all 4–5.
        let template = try #require(try await SurveyTemplate.query(on: t.db).filter(\.$isDefault == true).first()).id!
        let overall = try #require(try await SurveyQuestion.query(on: t.db).filter(\.$templateID == template).filter(\.$aspect == .overall).first()).id!
        for (branch, scores) in [(hq.id!, [5, 4, 4, 2, 1]), (jed.id!, [5, 5, 5, 5, 4])] {
            for score in scores {
                let response = SurveyResponse()
                response.id = UUID()
                response.templateID = template
                response.month = RiyadhMonths.key(now)
                response.branchID = branch
                response.serviceType = "rent"
                response.isAnonymous = true
                response.contactConsent = false
                try await response.create(on: t.db)
                let answer = SurveyAnswer()
                answer.responseID = response.id!
                answer.questionID = overall
                answer.score = score
                answer.text = ""
                try await answer.create(on: t.db)
            }
        }
        // Written straight into the tables: the kept request counts are worked out from them, as `demo` does.
        try await RequestCounts.rebuild(on: t.db)
        return Seed(hq: hq, jed: jed)
    }

    func staff(_ user: StaffUser) -> StaffContext { StaffContext(user: user, session: StaffSession(), branchName: "") }

    @Test("a manager of every branch sees figures equal to the rows counted by hand")
    func allBranchFiguresMatchTheSeed() async throws {
        try await withLamasat { t in
            let manager = try await t.makeUser("boss", role: .manager, scope: .allBranches)
            _ = try await seed(t, author: manager.id!)
            let f = try await LeadershipFigures.compute(staff: staff(manager), now: t.clock.now(), on: t.db)
            #expect(f.openRequests == 4)
            #expect(f.overdueDecisions == 3)
            #expect(f.decisionsThisMonth == 2)
            #expect(f.decisionsLastMonth == 1)
            #expect(f.complaintsPastTarget == 2)
            #expect(f.messagesFailing == 2)
            #expect(f.satisfaction == 80)
            #expect(f.satisfactionByMonth.last == 80)
            // Six months each; this month's submissions: 2 + 20 + 16 + 10 days ago (HQ) and 18 + 9 (JED), all in November.
            #expect(f.submitted.count == 6 && f.submitted.last == 6)
            // The rejected request's expected date (36 days ago, October) passed before its decision; in November three
            // expected dates passed with no decision.
            #expect(f.decidedLate.suffix(2) == [1, 3])
            #expect(f.failedMessages.suffix(2) == [1, 2])
        }
    }

    @Test("a branch manager's figures hold her branch's rows only, on the page too")
    func branchManagerSeesHerBranchOnly() async throws {
        try await withLamasat { t in
            let (browser, manager) = try await t.signedIn(as: .manager)
            #expect(manager.scope == .ownBranch)
            _ = try await seed(t, author: manager.id!)
            let f = try await LeadershipFigures.compute(staff: staff(manager), now: t.clock.now(), on: t.db)
            #expect(f.openRequests == 3)
            #expect(f.overdueDecisions == 2)
            #expect(f.decisionsThisMonth == 1)
            #expect(f.decisionsLastMonth == 1)
            #expect(f.complaintsPastTarget == 1)
            #expect(f.messagesFailing == 1)
            #expect(f.satisfaction == 60)
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(page.contains("data-cockpit=\"leadership\""))
            #expect(Self.figure(page.body, "openRequests") == "3")
            #expect(Self.figure(page.body, "overdueDecisions") == "2")
            #expect(Self.figure(page.body, "satisfaction") == "60%")
            #expect(Self.figure(page.body, "complaintsPastTarget") == "1")
            // Each tile opens the list behind it, and that list agrees.
            #expect(page.contains("href=\"/requests?overdue=1\""))
            let late = try await browser.get("/complaints?late=1")
            #expect(late.status == .ok)
            #expect(late.body.components(separatedBy: "dir=\"ltr\"><a href=\"/complaints/").count - 1 == 1)
            let open = try await browser.get("/requests?open=1")
            // Two links a row (tracking number and name), besides the list's two export links.
            #expect(open.body.components(separatedBy: "href=\"/requests/").count - 1 - open.body.components(separatedBy: "href=\"/requests/export.").count + 1 == 2 * 3)
        }
    }

    /// The figure shown in the tile `key`, read from the page.
    static func figure(_ body: String, _ key: String) -> String? {
        guard let tile = body.range(of: "data-tile=\"\(key)\""), let mark = body[tile.upperBound...].range(of: "data-figure>"),
              let end = body[mark.upperBound...].range(of: "</p>") else { return nil }
        return String(body[mark.upperBound..<end.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("each role sees its own cockpit, and only the administrator the system's health")
    func eachRoleHasItsCockpit() async throws {
        try await withLamasat { t in
            for role in Role.allCases {
                let (browser, _) = try await t.signedIn(as: role, username: "home.\(role.rawValue.lowercased())")
                let page = try await browser.get("/")
                #expect(page.status == .ok, "\(role)")
                #expect(page.contains("data-cockpit=\"\(Cockpit.of(role).rawValue)\""), "\(role)")
                for other in Cockpit.allCases where other != Cockpit.of(role) {
                    #expect(!page.contains("data-cockpit=\"\(other.rawValue)\""), "\(role) sees \(other)")
                }
                let health = ["auditChain", "jobsQueued", "lastBackup", "outboxFailures"].filter { page.contains("data-tile=\"\($0)\"") }
                #expect(health.isEmpty == (role != .admin), "\(role): \(health)")
                let kpis = page.contains("data-tile=\"openRequests\"")
                #expect(kpis == (role == .manager), "\(role) KPI tiles")
            }
        }
    }

    @Test("the researcher's cockpit lists her referrals and visits; the committee member's her next meeting")
    func researcherAndCommitteeCockpits() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id) = try await crew.inResearch()
            let researcher = try await crew.researcher.get("/")
            #expect(researcher.contains("data-list=\"referrals\""))
            let tracking = try #require(try await crew.request(id).trackingNumber)
            #expect(researcher.contains(tracking))
            #expect(Self.figure(researcher.body, "referrals") == "1")
            let member = try await crew.chair.get("/")
            #expect(member.contains("data-list=\"meeting\""))
        }
    }

    @Test("the administrator's health shows the chain's head, the job queue and that no backup is recorded")
    func systemHealthTiles() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let folder = NSTemporaryDirectory() + "lamasat-backups-\(UUID())"
            var health = try await SystemHealth.read(now: t.clock.now(), backups: folder, on: t.db)
            #expect(health.auditHeadMatches)
            #expect(health.auditEntries > 0)
            #expect(health.lastBackup == nil)
            #expect(health.lastVerification == nil)
            let page = try await admin.get("/")
            #expect(page.contains("class=\"card tile\" data-tile=\"auditChain\""), "an intact head is no alert")
            #expect(page.contains("data-tile=\"lastBackup\""))

            // A full verification and a backup file are what the tiles then report.
            _ = try await admin.get("/admin/audit")
            #expect(try await admin.post("/admin/audit/verify").status == .ok)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: folder + "/lamasat-1.sqlite", contents: Data("x".utf8)))
            health = try await SystemHealth.read(now: t.clock.now(), backups: folder, on: t.db)
            #expect(health.lastVerification?.intact == true)
            #expect(health.lastBackup != nil)
        }
    }
}
