import Fluent
import LamasatCore
import Vapor

/// `lamasat demo [--password-stdin]`: demo branches and one user per role (three committee members), with invented Arabic names. Idempotent:
/// a second run changes nothing (and keeps passwords unless a new one is given). Refuses to run in production.
struct DemoDataCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "password-stdin", help: "read the demo users' password from standard input instead of generating one")
        var passwordFromStandardInput: Bool
        init() {}
    }

    var help: String { "Loads demo branches and one user per role (never in production)." }

    static let branches: [(code: String, ar: String, en: String, city: String)] = [
        ("HQ", "المركز الرئيسي", "Head office", "الرياض"),
        ("JED", "فرع جدة", "Jeddah branch", "جدة"),
        ("DMM", "فرع الدمام", "Dammam branch", "الدمام"),
        ("ABH", "فرع أبها", "Abha branch", "أبها"),
    ]

    /// Invented people: common given and family names combined at random, not anyone's record.
    static let users: [(username: String, name: String, role: Role, branch: String)] = [
        ("demo.admin", "هيفاء سليمان العتيبي", .admin, "HQ"),
        ("demo.manager", "منيرة عبدالرحمن الدوسري", .manager, "HQ"),
        ("demo.officer", "أمل محمد الشهري", .relationsOfficer, "HQ"),
        ("demo.researcher", "ريم خالد الغامدي", .researcher, "HQ"),
        // Three committee members, so a meeting can reach its quorum and a member can stand aside for a conflict.
        ("demo.committee", "لطيفة ناصر الحربي", .committeeMember, "HQ"),
        ("demo.committee2", "هند علي السبيعي", .committeeMember, "HQ"),
        ("demo.committee3", "عبير سالم العنزي", .committeeMember, "HQ"),
        ("demo.service", "سارة فهد المطيري", .serviceOfficer, "HQ"),
        ("demo.rep.jed", "جواهر سعيد الزهراني", .branchRep, "JED"),
        ("demo.volunteers", "نوف إبراهيم القحطاني", .volunteerCoordinator, "HQ"),
        ("demo.officer.dmm", "مها عبدالله الخالدي", .relationsOfficer, "DMM"),
        ("demo.donors", "أسماء حمد الرشيدي", .donorOfficer, "HQ"),
        // Two finance officers: one prepares a payment batch, the other approves it.
        ("demo.finance", "وفاء عادل الشمري", .financeOfficer, "HQ"),
        ("demo.finance2", "نجلاء صالح المالكي", .financeOfficer, "HQ"),
    ]

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard app.lamasat.config.environment != .production else {
            throw CommandProblem("demo data is refused in production (LAMASAT_ENV=production)")
        }
        var password: String?
        if signature.passwordFromStandardInput {
            let typed = StandardInput.readSecret()
            if let problem = PasswordPolicy.check(typed, common: app.lamasat.commonPasswords) { throw CommandProblem("password: \(problem.rawValue)") }
            password = typed
        }
        let now = app.lamasat.clock.now()
        var codes: [String: UUID] = [:]
        for item in Self.branches {
            if let branch = try await Branch.query(on: app.db).filter(\.$code == item.code).first() {
                codes[item.code] = branch.id
                if branch.city.isEmpty { branch.city = item.city; try await branch.save(on: app.db) }
            } else {
                let branch = Branch(code: item.code, nameArabic: item.ar, nameEnglish: item.en, city: item.city, now: now)
                try await branch.create(on: app.db)
                codes[item.code] = branch.id
            }
        }

        let missing = try await Self.users.asyncFilter { try await StaffUser.query(on: app.db).filter(\.$username == $0.username).first() == nil }
        if password == nil, !missing.isEmpty { password = UsersController.temporaryPassword() }
        var hash: String?
        if let password { hash = try await app.lamasat.passwords.hash(password, on: app.threadPool) }
        var created = 0
        for item in Self.users {
            let branchID = codes[item.branch]!
            if let user = try await StaffUser.query(on: app.db).filter(\.$username == item.username).first() {
                if let hash, signature.passwordFromStandardInput {
                    user.passwordHash = hash
                    try await user.save(on: app.db)
                }
                continue
            }
            guard let hash else { continue }
            // The demo's finance officers work at head office for every branch, as an association's finance usually does.
            let scope: BranchScope = item.role == .financeOfficer ? .allBranches : item.role.defaultScope
            let user = StaffUser(username: item.username, fullName: item.name, email: nil, role: item.role, scope: scope,
                                 branchID: branchID, passwordHash: hash, mustChangePassword: false, now: now)
            try await user.create(on: app.db)
            created += 1
        }
        let author = try await StaffUser.query(on: app.db).filter(\.$username == "demo.officer").first()?.id ?? UUID()
        let files = try await DemoFiles.load(count: 200, branches: codes, author: author, on: app)
        _ = try await DemoConsents.load(officer: "demo.officer", now: now, on: app.db)
        let staff = try await StaffUser.query(on: app.db).filter(\.$username ~~ ["demo.officer", "demo.researcher", "demo.service", "demo.rep.jed", "demo.officer.dmm"]).all()
        let answers = try await DemoSurveys.load(branches: Array(codes.values), staff: staff, now: now, on: app.db)
        let activity = try await DemoActivity.load(branches: codes, now: now, on: app.db)
        // The invented requests are written straight into their tables: their kept counts are worked out from them
        // before the board pack reads them.
        _ = try await DemoCaseLifecycle.load(manager: "demo.manager", now: now, on: app.db)
        _ = try await DemoAppeals.load(now: now, on: app.db)
        try await RequestCounts.rebuild(on: app.db)
        let pack = try await DemoBoardPack.load(manager: "demo.manager", now: now, on: app)
        let social = try await DemoSocialInbox.load(officer: "demo.officer", now: now, on: app.db)
        try await DemoNotifications.load(now: now, on: app.db)
        let inbound = try await DemoInbound.load(now: now, on: app)
        let volunteers = try await DemoVolunteers.load(branches: codes, coordinator: "demo.volunteers", now: now, on: app.db)
        _ = try await DemoVolunteerPeople.load(branches: codes, now: now, on: app.db)
        let volunteerWork = try await DemoVolunteerWork.load(branches: codes, coordinator: "demo.volunteers", now: now, on: app.db)
        _ = try await DemoVolunteerRecognition.load(coordinator: "demo.volunteers", now: now, on: app.db)
        let money = try await DemoMoney.load(branches: codes, now: now, on: app)
        _ = try await DemoPrivacy.breaches(admin: "demo.admin", organization: try await OrganizationSettings.current(on: app.db).nameArabic, now: now, on: app.db)
        _ = try await DemoPrivacy.rights(officer: "demo.officer", now: now, on: app.db)
        _ = try await DemoAppointments.load(now: now, on: app.db)
        _ = try await DemoRegistrations.load(now: now, on: app.db)
        _ = try await DemoMerges.load(manager: "demo.manager", now: now, on: app.db)
        let retention = try await DemoRetention.load(admin: "demo.admin", now: now, on: app)
        _ = try await DemoImports.load(manager: "demo.manager", donors: "demo.donors", volunteers: "demo.volunteers", now: now, on: app)
        let api = try await DemoAPI.load(branches: codes, now: now, on: app); if !api.isEmpty { context.console.print(api) }
        let story = "requests: \(activity.requests), inquiries: \(activity.inquiries), complaints: \(activity.complaints), contacts: \(activity.contacts), messages: \(activity.messages), replies received: \(inbound)"
        try await AuditChain.append(.init(actorName: "console", action: "demo.loaded", outcome: .success,
                                          detail: "users created: \(created), files created: \(files), survey answers: \(answers), \(story)"), at: now, key: app.lamasat.secrets.audit, on: app.db)
        context.console.print("Demo data: \(Self.branches.count) branches, \(Self.users.count) users (\(created) new), 200 beneficiary files (\(files) new).")
        context.console.print("Demo activity over \(DemoActivity.months) months (added once): \(story).")
        if volunteers > 0 { context.console.print("Volunteers: \(volunteers) (/volunteers).") }
        if volunteerWork > 0 { context.console.print("Volunteer opportunities: \(volunteerWork) (/volunteers/opportunities).") }
        if !money.isEmpty { context.console.print("Donors and money: \(money) (/donors, /funds, /payments).") }
        if retention > 0 { context.console.print("Retention: \(retention) batches, one applied and one waiting (/admin/retention, demo.admin).") }
        if social > 0 { context.console.print("Social media inbox: \(social) messages (/social).") }
        if let pack { context.console.print("Board pack kept for \(pack), generated by demo.manager (/reports/board-pack).") }
        for item in Self.users { context.console.print("  \(item.username)  \(item.role.rawValue)  \(item.branch)") }
        if let password, !signature.passwordFromStandardInput, created > 0 {
            context.console.print("Password of the new demo users (shown once): \(password)")
        } else if created == 0, !signature.passwordFromStandardInput {
            context.console.print("Existing demo users keep their passwords; use --password-stdin to set a new one.")
        }
    }
}

extension Array {
    func asyncFilter(_ keep: (Element) async throws -> Bool) async rethrows -> [Element] {
        var kept: [Element] = []
        for element in self where try await keep(element) { kept.append(element) }
        return kept
    }
}
