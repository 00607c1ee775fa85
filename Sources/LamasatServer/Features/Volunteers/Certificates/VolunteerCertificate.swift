import Fluent
import LamasatCore
import Vapor

/// A certificate of volunteering issued to her for a period: her approved hours and the kinds of work she did, with
/// a code anyone can check at /verify/<code> without signing in. Revocable, never deleted.
final class VolunteerCertificate: Model, @unchecked Sendable {
    static let schema = "volunteer_certificates"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "volunteer_id") var volunteerID: UUID
    /// Her branch when issued: who may see and revoke it.
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "from_day") var fromDay: String
    @Field(key: "to_day") var toDay: String
    @Field(key: "minutes") var minutes: Int
    /// `OpportunityKind` codes.
    @Field(key: "roles") var roles: String
    @Field(key: "issued_by") var issuedBy: UUID
    @Field(key: "issued_at") var issuedAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revoked_by") var revokedBy: UUID?
    @Field(key: "revoke_reason") var revokeReason: String

    init() {}

    var roleList: [OpportunityKind] { CodeList.parse(roles).compactMap(OpportunityKind.init(rawValue:)) }

    /// Issues one for the approved hours of `volunteer` between two days, in the caller's transaction; nil when she
    /// has no approved hours in them.
    static func issue(for volunteer: Volunteer, from: CalendarDay, to: CalendarDay, by staff: UUID, now: Date, on db: any Database) async throws -> VolunteerCertificate? {
        let totals = try await VolunteerHours.totals(for: try volunteer.requireID(), from: from, to: to, on: db)
        guard totals.minutes > 0 else { return nil }
        var code = CertificateCode.generate()
        // 50 random bits make a clash all but impossible; check anyway rather than fail on the unique index.
        while try await VolunteerCertificate.query(on: db).filter(\.$code == code).count() > 0 { code = CertificateCode.generate() }
        let certificate = VolunteerCertificate()
        certificate.code = code
        certificate.volunteerID = try volunteer.requireID()
        certificate.branchID = volunteer.branchID
        certificate.fromDay = from.description
        certificate.toDay = to.description
        certificate.minutes = totals.minutes
        certificate.roles = CodeList.join(totals.byKind.map(\.kind.rawValue))
        certificate.issuedBy = staff
        certificate.issuedAt = now
        certificate.revokeReason = ""
        try await certificate.create(on: db)
        return certificate
    }

    static func verifyURL(_ code: String, baseURL: String) -> String { "\(baseURL)/verify/\(code)" }
}

/// The printed certificate, for the coordinator and for her: the same page.
struct CertificatePrint: Encodable {
    let page: PageContext
    let organization: OrganizationProfile
    let name: String
    let number: String
    let hours: String
    let roles: String
    let from: String
    let to: String
    let issued: String
    let code: String
    let verifyURL: String
    let qrImage: String?
    let revoked: Bool
    let back: String

    init(_ req: Request, _ certificate: VolunteerCertificate, volunteer: Volunteer, back: String) async throws {
        req.printLanguage()
        let formatter = DualCalendarFormatter(language: req.language)
        let url = VolunteerCertificate.verifyURL(certificate.code, baseURL: req.lamasat.config.publicURL)
        page = PageContext(req, title: req.t("volunteer.certificate.title"))
        organization = try await req.organization()
        name = volunteer.name
        number = volunteer.number
        hours = VolunteerHoursTotals.hours(certificate.minutes)
        roles = certificate.roleList.map { req.t($0.localizationKey) }.joined(separator: req.language == .ar ? "، " : ", ")
        from = CalendarDay(stored: certificate.fromDay).map { formatter.date($0.moment).combined } ?? certificate.fromDay
        to = CalendarDay(stored: certificate.toDay).map { formatter.date($0.moment).combined } ?? certificate.toDay
        issued = formatter.date(certificate.issuedAt).combined
        code = CertificateCode.grouped(certificate.code)
        verifyURL = url
        qrImage = (try? QRCode(encoding: url).svg(moduleSize: 3, accessibilityLabel: req.t("volunteer.certificate.qr")))
            .map { "data:image/svg+xml;base64," + Data($0.utf8).base64EncodedString() }
        revoked = certificate.revokedAt != nil
        self.back = back
    }
}
