import Fluent
import LamasatCore
import Vapor

extension StaffUser {
    /// Active staff of `role` whose branch scope covers `branchID`, by name.
    static func active(_ role: Role, reaching branchID: UUID, on db: any Database) async throws -> [StaffUser] {
        try await StaffUser.query(on: db).filter(\.$role == role).filter(\.$isActive == true).sort(\.$fullName).all()
            .filter { $0.scope.permits(recordBranch: branchID, userBranch: $0.$branch.id) }
    }
}

/// The researchers who may study a request of a branch, and who among them carries the fewest open requests.
enum Researchers {
    static func eligible(for branchID: UUID, on db: any Database) async throws -> [StaffUser] {
        try await StaffUser.active(.researcher, reaching: branchID, on: db)
    }

    /// Open requests currently assigned to each researcher.
    static func load(of researchers: [StaffUser], on db: any Database) async throws -> [UUID: Int] {
        let ids = researchers.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let current = try await ResearchAssignment.query(on: db).filter(\.$isCurrent == true).filter(\.$researcherID ~~ ids).all()
        let open = try await SupportRequest.query(on: db).filter(\.$id ~~ current.map(\.requestID))
            .filter(\.$status ~~ [.awaitingDeclaration, .socialResearch]).all().compactMap(\.id)
        let openSet = Set(open)
        var counts = Dictionary(uniqueKeysWithValues: ids.map { ($0, 0) })
        for assignment in current where openSet.contains(assignment.requestID) { counts[assignment.researcherID, default: 0] += 1 }
        return counts
    }

    /// The least loaded researcher; ties go to the name that sorts first, so the choice is predictable.
    static func leastLoaded(for branchID: UUID, on db: any Database) async throws -> StaffUser? {
        let researchers = try await eligible(for: branchID, on: db)
        let counts = try await load(of: researchers, on: db)
        return researchers.min { ($0.id.flatMap { counts[$0] } ?? 0, $0.fullName) < ($1.id.flatMap { counts[$0] } ?? 0, $1.fullName) }
    }

    /// What a referral offers: "the least loaded" first, then each researcher with the open requests she carries.
    static func options(for branchID: UUID, req: Request) async throws -> [FormField.Option] {
        let researchers = try await eligible(for: branchID, on: req.db)
        let counts = try await load(of: researchers, on: req.db)
        return [FormField.Option(value: "auto", label: req.t("research.leastLoaded"), selected: true)]
            + FormField.Option.records(researchers, selected: nil) { req.t("research.withLoad", $0.fullName, String($0.id.flatMap { counts[$0] } ?? 0)) }
    }

    /// Makes `researcher` the request's researcher; earlier assignments stay as history.
    static func assign(_ request: SupportRequest, to researcher: StaffUser, reason: String, req: Request, on db: any Database) async throws {
        let staff = try req.requireStaff()
        try await ResearchAssignment.query(on: db).filter(\.$requestID == request.requireID()).set(\.$isCurrent, to: false).update()
        let assignment = ResearchAssignment()
        assignment.requestID = try request.requireID()
        assignment.researcherID = try researcher.requireID()
        assignment.reason = String(reason.prefix(500))
        assignment.assignedBy = staff.userID
        assignment.assignedAt = req.now
        assignment.isCurrent = true
        try await assignment.create(on: db)
        if let number = request.trackingNumber {
            try await StaffNotifications.notify(
                .init(kind: .researchAssigned, reference: number, link: "/requests/\(try request.requireID().uuidString)", branchID: request.branchID,
                      key: "research:\(try assignment.requireID().uuidString)"),
                users: [try researcher.requireID()], except: staff.userID, now: req.now, on: db)
        }
        try await req.audit("request.assigned", record: ("support_request", try request.requireID().uuidString), detail: researcher.username, on: db)
    }
}
