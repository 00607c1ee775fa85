import Fluent
import LamasatCore
import Vapor

/// [P-8], [P-21] A new applicant starts on the website: her national ID and the mobile she types, a code to that
/// mobile, then the file form (the officers' validators), her consent and the declaration signed by typing her name.
/// What she sends is an applicant's file in the officers' queue, never a registered one. Whether a file already has
/// her ID is never told to the website: a code goes to the typed mobile either way, and a form for a known ID is kept
/// for an officer to call her, unless the mobile she proved is the file's own, which signs her in to her portal.
struct RegistrationController: RouteCollection {
    static let codeJob = "registration.code"
    static let codes = OneTimeCodes(audience: .registration)
    static let cookieName = "lamasat_registration"
    /// How long her form stays open after the code.
    static let formLifetime: TimeInterval = 60 * 60

    func boot(routes: any RoutesBuilder) throws {
        let register = routes.grouped("portal", "register")
        register.get { try await self.start(req: $0, status: .ok) }.declare(.public)
        register.post { try await self.sendCode(req: $0) }.declare(.public)
        register.get("code", ":ticket") { try await Self.codes.codePage("portal/code", prefix: "/portal/register", req: $0, error: nil, status: .ok) }
            .declare(.public)
        register.post("code", ":ticket") { try await self.verify(req: $0) }.declare(.public)
        register.get("file") { try await self.fileForm(req: $0, status: .ok) }.declare(.public)
        register.post("file") { try await self.submit(req: $0) }.declare(.public)
    }

    struct StartView: Encodable { let page: PageContext; let fields: [FormField]; let error: String? }

    func start(req: Request, form: RegistrationStartForm = RegistrationStartForm(), errors: FieldErrors = [:], error: String? = nil,
               status: HTTPStatus) async throws -> Response {
        if req.portal != nil, req.method == .GET { return req.redirect(to: "/portal") }
        return try await req.render("portal/register", StartView(page: PageContext(req, title: req.t("registration.title")),
                                                                  fields: form.fields(req, errors: errors), error: error))
            .encodeResponse(status: status, for: req)
    }

    func sendCode(req: Request) async throws -> Response {
        let form = RegistrationStartForm(request: req)
        let (typed, errors) = form.validate(req)
        guard let typed else { return try await start(req: req, form: form, errors: errors, status: .unprocessableEntity) }
        if let refused = try await Self.codes.take(identity: typed.id.value, req: req) {
            return try await start(req: req, form: form, error: refused.message(req), status: .tooManyRequests)
        }
        let registration = OnlineRegistration(nationalID: typed.id.value, mobile: typed.mobile.e164, now: req.now)
        try await registration.create(on: req.db)
        let ticket = try await Self.codes.issue(identity: typed.id.value, subject: registration.id, job: Self.codeJob, req: req)
        try await req.audit("registration.started", record: ("online_registration", try registration.requireID().uuidString))
        return req.redirect(to: "/portal/register/code/\(ticket)")
    }

    /// The job: the code by SMS to the mobile she typed, in both languages (she has chosen none yet), urgent.
    static func send(_ context: JobContext) async throws {
        try await OneTimeCodes.send(context) { challenge, code in
            guard let id = challenge.registrationID, let registration = try await OnlineRegistration.find(id, on: context.db) else { return nil }
            let body = "جمعية لمسات: رمز التحقق لتسجيلك \(code)، صالح 10 دقائق. لا تشاركيه مع أحد.\nLamasat: your registration code is \(code)."
            return Outbox.Draft(channel: .sms, recipient: registration.mobile, subject: "registration code", body: body,
                                idempotencyKey: "registration-code:\(try challenge.requireID().uuidString)", relatedType: "online_registration",
                                relatedID: id.uuidString, branchID: nil, urgent: true)
        }
    }

    func verify(req: Request) async throws -> Response {
        try await Self.codes.signIn(req: req, template: "portal/code", prefix: "/portal/register") { id in
            guard let registration = try await OnlineRegistration.find(id, on: req.db), registration.status == .codeSent else {
                return try await Self.codes.codePage("portal/code", prefix: "/portal/register", req: req, error: req.t("portal.error.codeGone"),
                                                     status: .unprocessableEntity)
            }
            // The mobile she proved is her file's own: this is her, and she signs in to her portal.
            if let file = try await Beneficiary.query(on: req.db).filter(\.$nationalID == registration.nationalID).filter(\.$status != .closed).first(),
               file.mobile == registration.mobile {
                try await req.db.writeTransaction { db in
                    try await registration.delete(on: db)
                    try await req.audit("registration.knownFile", record: ("beneficiary", try file.requireID().uuidString), on: db)
                }
                return try await PortalSignInController.openSession(for: try file.requireID(), req: req, to: "/portal?done=registrationKnownFile")
            }
            let token = SessionTokens.make()
            registration.status = .verified
            registration.verifiedAt = req.now
            registration.tokenHash = SessionTokens.hash(token)
            registration.tokenExpiresAt = req.now.addingTimeInterval(Self.formLifetime)
            try await registration.save(on: req.db)
            try await req.audit("registration.mobileVerified", record: ("online_registration", id.uuidString))
            let response = req.redirect(to: "/portal/register/file")
            response.cookies[req.cookieName(Self.cookieName)] = req.sessionCookie(token)
            return response
        }
    }

    /// Her registration of this browser's cookie, proved by the code and not yet sent; nil once sent or past its hour.
    static func current(_ req: Request) async throws -> OnlineRegistration? {
        guard let token = req.cookies[req.cookieName(cookieName)]?.string, !token.isEmpty else { return nil }
        return try await OnlineRegistration.query(on: req.db).filter(\.$tokenHash == SessionTokens.hash(token)).filter(\.$status == .verified)
            .filter(\.$tokenExpiresAt > req.now).first()
    }

    struct FileView: Encodable {
        let page: PageContext
        let nationalID: String
        let mobile: String
        let sections: [BeneficiaryForm.Section]
        let declaration: String
        let declarationVersion: Int
        let signature: [FormField]
    }

    func fileForm(req: Request, form: RegistrationFileForm? = nil, errors: FieldErrors = [:], status: HTTPStatus) async throws -> Response {
        guard let registration = try await Self.current(req) else { return req.redirect(to: "/portal/register?done=registrationExpired") }
        let form = form ?? RegistrationFileForm(registration)
        let declaration = try await DeclarationText.current(on: req.db)
        return try await req.render("portal/register-file", FileView(
            page: PageContext(req, title: req.t("registration.fileTitle")), nationalID: registration.nationalID,
            mobile: (try? SaudiMobile(registration.mobile).local) ?? registration.mobile,
            sections: form.sections(req, categories: try await req.formCategories(), branches: try await Self.branches(req), errors: errors),
            declaration: declaration.text(in: req.language), declarationVersion: declaration.version, signature: form.signatureFields(req, errors: errors)))
            .encodeResponse(status: status, for: req)
    }

    static func branches(_ req: Request) async throws -> [Branch] {
        try await Branch.query(on: req.db).filter(\.$isActive == true).sort(\.$code).all()
    }

    func submit(req: Request) async throws -> Response {
        guard let registration = try await Self.current(req) else { return req.redirect(to: "/portal/register?done=registrationExpired") }
        let form = RegistrationFileForm(request: req, registration)
        let (valid, errors) = form.validate(req, categories: try await req.formCategories(), branches: try await Self.branches(req))
        guard let valid else { return try await fileForm(req: req, form: form, errors: errors, status: .unprocessableEntity) }
        let declaration = try await DeclarationText.current(on: req.db)
        guard String(declaration.version) == form.declarationVersion else {
            return try await fileForm(req: req, form: form, errors: ["typedName": req.t("portal.apply.error.newDeclaration")], status: .conflict)
        }
        registration.typedName = form.typedName
        registration.declarationVersion = declaration.version
        registration.branchID = try valid.branch.requireID()
        let outcome = try await RegistrationIntake.submit(registration, valid, answers: form.file.values, req: req)
        var response: Response
        switch outcome {
        case .applicant(let fileID):
            response = try await PortalSignInController.openSession(for: fileID, req: req, to: "/portal?done=registrationReceived")
        case .conflict:
            response = try await req.render("portal/register-received", ReceivedView(page: PageContext(req, title: req.t("registration.receivedTitle"))))
                .encodeResponse(for: req)
        case .gone:
            response = req.redirect(to: "/portal/register?done=registrationExpired")
        }
        response.cookies[req.cookieName(Self.cookieName)] = req.expiredCookie()
        return response
    }

    struct ReceivedView: Encodable { let page: PageContext }
}
