import Fluent
import LamasatCore
import Vapor

/// Her own two-factor sign-in: enrolment with a QR code drawn by this server (and the secret as text), ten recovery
/// codes shown once, new recovery codes, and turning it off where her role does not require it.
struct SecondFactorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let page = routes.grouped("account", "two-factor")
        page.get { try await self.show(req: $0, error: nil, status: .ok) }.declare(.signedIn)
        page.post("enable") { try await self.enable(req: $0) }.declare(.signedIn)
        page.post("recovery-codes") { try await self.newRecoveryCodes(req: $0) }.declare(.signedIn)
        page.post("disable") { try await self.disable(req: $0) }.declare(.signedIn)
    }

    struct PageView: Encodable {
        let page: PageContext
        let enabled: Bool
        let required: Bool
        let since: String?
        let recoveryLeft: Int
        /// Enrolment: the QR code as an image, and the same secret as text in groups of four.
        let qrImage: String?
        let secret: String?
        let recoveryCodes: [String]?
        /// A refusal that concerns no code box.
        let error: String?
        let enableFields: [FormField]
        let recoveryFields: [FormField]
        let disableFields: [FormField]
    }

    /// The page's three code forms; a refused code is shown under the box it was typed in.
    enum CodeBox { case enable, recovery, disable }

    func show(req: Request, error: String?, at box: CodeBox? = nil, status: HTTPStatus, recoveryCodes: [String]? = nil) async throws -> Response {
        let staff = try req.requireStaff()
        let user = staff.user
        let required = try await SecondFactor.isRequired(for: user, on: req.db)
        var qrImage: String?
        var secretText: String?
        if user.totpEnabledAt == nil {
            // The secret waits, sealed, until she proves her app has it; a reload shows the same one.
            var secret = SecondFactor.unseal(user.totpSecret, key: req.lamasat.secrets.sealing, for: user)
            if secret == nil {
                var generator = SystemRandomNumberGenerator()
                let fresh = LamasatCore.TOTP.randomSecret(using: &generator)
                user.totpSecret = try SecondFactor.seal(fresh, key: req.lamasat.secrets.sealing, for: user)
                try await user.save(on: req.db)
                secret = fresh
            }
            if let secret {
                let uri = LamasatCore.TOTP.provisioningURI(secret: secret, account: user.username, issuer: SecondFactor.issuer)
                let svg = try QRCode(encoding: uri).svg(accessibilityLabel: req.t("mfa.qrLabel"))
                qrImage = "data:image/svg+xml;base64," + Data(svg.utf8).base64EncodedString()
                secretText = Self.grouped(Base32.encode(secret))
            }
        }
        let left = try await StaffRecoveryCode.query(on: req.db).filter(\.$userID == user.requireID()).filter(\.$usedAt == nil).count()
        try await req.audit("mfa.viewed", record: ("staff_user", try user.requireID().uuidString))
        return try await req.render("account/two-factor", PageView(
            page: PageContext(req, title: req.t("mfa.title")), enabled: user.totpEnabledAt != nil, required: required,
            since: user.totpEnabledAt.map { DualCalendarFormatter(language: req.language).dateTime($0).combined }, recoveryLeft: left,
            qrImage: qrImage, secret: secretText, recoveryCodes: recoveryCodes, error: box == nil ? error : nil,
            enableFields: CodeForm().fields(req, label: req.t("mfa.step.confirm"), error: box == .enable ? error : nil, key: "enable"),
            recoveryFields: CodeForm().fields(req, label: req.t("mfa.code"), error: box == .recovery ? error : nil, key: "recovery"),
            disableFields: CodeForm().fields(req, label: req.t("mfa.code"), error: box == .disable ? error : nil, key: "disable")))
            .encodeResponse(status: status, for: req)
    }

    static func grouped(_ text: String) -> String {
        stride(from: 0, to: text.count, by: 4).map { offset in
            String(text.dropFirst(offset).prefix(4))
        }.joined(separator: " ")
    }

    func enable(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let user = staff.user
        guard user.totpEnabledAt == nil, let secret = SecondFactor.unseal(user.totpSecret, key: req.lamasat.secrets.sealing, for: user) else {
            return req.redirect(to: "/account/two-factor")
        }
        guard try await SecondFactor.acceptCode(CodeForm(request: req).code, for: user, secret: secret, now: req.now, on: req.db) else {
            try await req.audit("mfa.enrolFailed", record: ("staff_user", try user.requireID().uuidString), outcome: .failure)
            return try await show(req: req, error: req.t("mfa.verify.wrong"), at: .enable, status: .unprocessableEntity)
        }
        let codes = try await req.db.writeTransaction { db -> [String] in
            user.totpEnabledAt = req.now
            try await user.save(on: db)
            let codes = try await SecondFactor.replaceRecoveryCodes(for: user, req: req, on: db)
            try await req.audit("mfa.enabled", record: ("staff_user", try user.requireID().uuidString), on: db)
            return codes
        }
        return try await show(req: req, error: nil, status: .ok, recoveryCodes: codes)
    }

    /// New codes replace the old ones; her current code is asked, so an open session left behind cannot do it.
    func newRecoveryCodes(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let user = staff.user
        if let problem = try await confirmsCurrentCode(req, user) {
            return try await show(req: req, error: problem, at: .recovery, status: .unprocessableEntity)
        }
        let codes = try await req.db.writeTransaction { db -> [String] in
            let codes = try await SecondFactor.replaceRecoveryCodes(for: user, req: req, on: db)
            try await req.audit("mfa.recoveryCodesReplaced", record: ("staff_user", try user.requireID().uuidString), on: db)
            return codes
        }
        return try await show(req: req, error: nil, status: .ok, recoveryCodes: codes)
    }

    /// Her second factor is on and the code typed is her current one (spent, as at sign-in). Five wrong codes in
    /// 15 minutes stop further tries, so a session left open cannot guess its way to new recovery codes.
    /// Returns the problem to show, or nil when the code is accepted.
    private func confirmsCurrentCode(_ req: Request, _ user: StaffUser) async throws -> String? {
        guard user.totpEnabledAt != nil, let secret = SecondFactor.unseal(user.totpSecret, key: req.lamasat.secrets.sealing, for: user) else {
            return req.t("mfa.verify.wrong")
        }
        let key = req.pseudonym("second-factor-confirm", try user.requireID().uuidString)
        guard try await CountedTries.take(key, limit: SecondFactor.maximumTries, now: req.now, on: req.db) != nil else {
            try await req.audit("mfa.confirmLocked", record: ("staff_user", try user.requireID().uuidString), outcome: .denied)
            return req.t("mfa.confirmLocked")
        }
        guard try await SecondFactor.acceptCode(CodeForm(request: req).code, for: user, secret: secret, now: req.now, on: req.db) else {
            try await req.audit("mfa.confirmFailed", record: ("staff_user", try user.requireID().uuidString), outcome: .failure)
            return req.t("mfa.verify.wrong")
        }
        try await CountedTries.forget([key], on: req.db)
        return nil
    }

    func disable(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let user = staff.user
        guard try await !SecondFactor.isRequired(for: user, on: req.db) else {
            return try await show(req: req, error: req.t("mfa.requiredForRole"), status: .conflict)
        }
        if let problem = try await confirmsCurrentCode(req, user) {
            return try await show(req: req, error: problem, at: .disable, status: .unprocessableEntity)
        }
        try await req.db.writeTransaction { db in
            try await SecondFactor.reset(user, on: db)
            try await req.audit("mfa.disabled", record: ("staff_user", try user.requireID().uuidString), on: db)
        }
        let response = req.redirect(to: "/signin?done=secondFactorOff")
        response.cookies[req.cookieName(StaffSessionMiddleware.cookieName)] = req.expiredCookie()
        return response
    }
}
