import Fluent
import Foundation
import LamasatCore
import SQLKit
import Vapor

/// The single row of organization settings (id 1), edited by administrators.
final class OrganizationSettings: Model, @unchecked Sendable {
    static let schema = "organization_settings"
    static let singletonID = 1

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "name_ar") var nameArabic: String
    @Field(key: "name_en") var nameEnglish: String
    @Field(key: "licence_number") var licenceNumber: String
    @Field(key: "phone") var phone: String
    @Field(key: "social_media") var socialMedia: String
    @Field(key: "email") var email: String
    @Field(key: "decision_period_days") var decisionPeriodDays: Int
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "updated_by") var updatedBy: UUID?

    init() {}

    init(profile: OrganizationProfile, now: Date) {
        id = Self.singletonID
        updatedAt = now
        apply(profile)
    }

    var profile: OrganizationProfile {
        OrganizationProfile(
            nameArabic: nameArabic, nameEnglish: nameEnglish, licenceNumber: licenceNumber, phone: phone,
            socialMedia: socialMedia, email: email, decisionPeriodDays: decisionPeriodDays)
    }

    func apply(_ profile: OrganizationProfile) {
        nameArabic = profile.nameArabic
        nameEnglish = profile.nameEnglish
        licenceNumber = profile.licenceNumber
        phone = profile.phone
        socialMedia = profile.socialMedia
        email = profile.email
        decisionPeriodDays = profile.decisionPeriodDays
    }

    /// The settings row, or the policy's defaults when it is somehow missing.
    static func current(on db: any Database) async throws -> OrganizationProfile {
        try await OrganizationSettings.find(singletonID, on: db)?.profile ?? .policyDefaults
    }
}

extension Request {
    /// The organization's settings as pages show them, from the instance's short-lived cache.
    func organization() async throws -> OrganizationProfile {
        try await lamasat.cache.value("organization") { try await OrganizationSettings.current(on: db) }
    }
}

/// Two-step sign-in for every role (administrators and managers always have it). Read and written in SQL, not
/// through the model: landed migrations load the model before 0023 adds this column.
enum SecondFactorSetting {
    static func allStaff(on db: any Database) async throws -> Bool {
        struct Row: Decodable { let second_factor_all_staff: Bool }
        return try await db.sql.raw("SELECT second_factor_all_staff FROM organization_settings WHERE id = \(bind: OrganizationSettings.singletonID)")
            .first(decoding: Row.self)?.second_factor_all_staff ?? false
    }

    static func set(allStaff: Bool, on db: any Database) async throws {
        try await db.sql.raw("UPDATE organization_settings SET second_factor_all_staff = \(bind: allStaff) WHERE id = \(bind: OrganizationSettings.singletonID)").run()
    }
}
