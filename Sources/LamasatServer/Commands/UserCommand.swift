import Fluent
import LamasatCore
import Vapor

/// `lamasat user --username U --name "…" --role R [--branch CODE] [--scope S] [--disable|--enable]`: creates or
/// updates a staff account for scripts. The password is read from standard input (required for a new account;
/// an empty input keeps an existing account's password).
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "username", help: "sign-in name (3–32 of a-z 0-9 . - _)") var username: String?
        @Option(name: "name", help: "full name") var name: String?
        @Option(name: "role", help: "one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))") var role: String?
        @Option(name: "branch", help: "branch code (default HQ for a new account)") var branch: String?
        @Option(name: "scope", help: "ownBranch or allBranches (default by role)") var scope: String?
        @Flag(name: "disable", help: "disable the account and end its sessions") var disable: Bool
        @Flag(name: "enable", help: "enable the account") var enable: Bool
        @Flag(name: "reset-mfa", help: "remove her two-step sign-in (she enrols again at her next sign-in) and end her sessions")
        var resetSecondFactor: Bool
        init() {}
    }

    var help: String { "Creates or updates a staff account; the password is read from standard input." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let rawUsername = signature.username else { throw CommandProblem("--username is required") }
        let username: StaffUsername
        do { username = try StaffUsername(rawUsername) } catch { throw CommandProblem("--username: \(error.rawValue)") }
        let role = try signature.role.map { raw in
            guard let role = Role(rawValue: raw) else { throw CommandProblem("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
            return role
        }
        let scope = try signature.scope.map { raw in
            guard let scope = BranchScope(rawValue: raw) else { throw CommandProblem("--scope must be ownBranch or allBranches") }
            return scope
        }
        var branch: Branch?
        if let code = signature.branch {
            branch = try await Branch.query(on: app.db).filter(\.$code == code.uppercased()).first()
            if branch == nil { throw CommandProblem("--branch: no branch with code \(code)") }
        }
        let password = StandardInput.readSecret()
        let now = app.lamasat.clock.now()
        let existing = try await StaffUser.query(on: app.db).filter(\.$username == username.value).first()

        if !password.isEmpty, let problem = PasswordPolicy.check(password, username: username.value, common: app.lamasat.commonPasswords) {
            throw CommandProblem("password: \(problem.rawValue) (\(PasswordPolicy.minimumLength)–\(PasswordPolicy.maximumLength) characters)")
        }
        let hash = password.isEmpty ? nil : try await app.lamasat.passwords.hash(password, on: app.threadPool)

        if let user = existing {
            var accessChanged = false
            if let name = signature.name?.trimmingWhitespace(), !name.isEmpty { user.fullName = name }
            if let role, role != user.role { user.role = role; accessChanged = true }
            if let scope, scope != user.scope { user.scope = scope; accessChanged = true }
            if let branch, branch.id != user.$branch.id { user.$branch.id = try branch.requireID(); accessChanged = true }
            if let hash { user.passwordHash = hash; user.mustChangePassword = false; accessChanged = true }
            if signature.disable { user.isActive = false; accessChanged = true }
            if signature.enable { user.isActive = true }
            user.updatedAt = now
            let endSessions = accessChanged
            let resetSecondFactor = signature.resetSecondFactor
            try await app.db.writeTransaction { db in
                try await user.save(on: db)
                if endSessions { try await db.endSessions(of: try user.requireID()) }
                try await AuditChain.append(.init(actorName: "console", action: "user.updated", recordType: "staff_user",
                                                  recordID: try user.requireID().uuidString, outcome: .success, detail: "command line"), at: now, key: app.lamasat.secrets.audit, on: db)
                if resetSecondFactor {
                    try await SecondFactor.reset(user, on: db)
                    try await AuditChain.append(.init(actorName: "console", action: "mfa.reset", recordType: "staff_user",
                                                      recordID: try user.requireID().uuidString, outcome: .success, detail: "command line"),
                                                at: now, key: app.lamasat.secrets.audit, on: db)
                }
            }
            context.console.print("Updated staff account '\(username.value)'.")
        } else {
            guard let hash else { throw CommandProblem("a new account needs a password on standard input") }
            guard let role else { throw CommandProblem("--role is required for a new account") }
            guard let name = signature.name?.trimmingWhitespace(), !name.isEmpty else { throw CommandProblem("--name is required for a new account") }
            let home: Branch
            if let branch { home = branch } else {
                guard let headOffice = try await Branch.query(on: app.db).filter(\.$code == "HQ").first() else {
                    throw CommandProblem("--branch is required (no HQ branch)")
                }
                home = headOffice
            }
            let user = StaffUser(username: username.value, fullName: name, email: nil, role: role, scope: scope ?? role.defaultScope,
                                 branchID: try home.requireID(), passwordHash: hash, mustChangePassword: false, now: now)
            user.isActive = !signature.disable
            try await app.db.writeTransaction { db in
                try await user.create(on: db)
                try await AuditChain.append(.init(actorName: "console", action: "user.created", recordType: "staff_user",
                                                  recordID: try user.requireID().uuidString, outcome: .success, detail: "command line"), at: now, key: app.lamasat.secrets.audit, on: db)
            }
            context.console.print("Created staff account '\(username.value)' (\(role.rawValue), branch \(home.code)).")
        }
    }
}
