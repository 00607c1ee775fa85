import Fluent
import Foundation
import LamasatCore

/// A member of staff who signs in. Her role decides what she may do, her branch and scope which records she sees.
final class StaffUser: Model, @unchecked Sendable {
    static let schema = "staff_users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "full_name") var fullName: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "role") var role: Role
    @Field(key: "scope") var scope: BranchScope
    @Parent(key: "branch_id") var branch: Branch
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @OptionalField(key: "last_sign_in_at") var lastSignInAt: Date?
    /// The TOTP secret, sealed with the server's key; set at enrolment, in force once `totpEnabledAt` is set.
    @OptionalField(key: "totp_secret") var totpSecret: String?
    @OptionalField(key: "totp_enabled_at") var totpEnabledAt: Date?
    /// The time step of the last code accepted: a code is good once.
    @OptionalField(key: "totp_last_counter") var totpLastCounter: Int64?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    /// The account of an API integration: it acts through its tokens and can never sign in.
    @Field(key: "is_integration") var isIntegration: Bool

    init() {}

    init(
        id: UUID? = nil, username: String, fullName: String, email: String?, role: Role, scope: BranchScope,
        branchID: UUID, passwordHash: String, mustChangePassword: Bool, now: Date
    ) {
        self.id = id
        self.username = username
        self.fullName = fullName
        self.email = email
        self.role = role
        self.scope = scope
        self.$branch.id = branchID
        self.isActive = true
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
        self.createdAt = now
        self.updatedAt = now
        self.isIntegration = false
    }

    func can(_ permission: Permission) -> Bool {
        isActive && RolePermissions.allows(role, permission)
    }
}

extension StaffUser {
    /// Full names by id, for the people a page shows (the records keep ids).
    static func names(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await query(on: db).filter(\.$id ~~ ids).all().map { (try $0.requireID(), $0.fullName) })
    }
}
