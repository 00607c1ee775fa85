import Fluent
import LamasatCore
import Vapor

/// Issue 17: the volunteer signs in to her area on her phone with a six-digit code sent by SMS to the mobile on her
/// record, by the portal's machinery (`OneTimeCodes`): the same answer and the same work for a mobile nobody has, or
/// a paused or ended volunteer's, and the same limits, lifetime and tries.
struct VolunteerSignInController: RouteCollection {
    static let codeJob = "volunteer.code"
    static let codes = OneTimeCodes(audience: .volunteer)

    func boot(routes: any RoutesBuilder) throws {
        let area = routes.grouped("v")
        area.get("signin") { try await self.form(req: $0, status: .ok) }.declare(.public)
        area.post("signin") { try await self.requestCode(req: $0) }.declare(.public)
        area.get("code", ":ticket") { try await self.codeForm(req: $0, error: nil, status: .ok) }.declare(.public)
        area.post("code", ":ticket") { try await self.verify(req: $0) }.declare(.public)
        area.post("signout") { try await self.signOut(req: $0) }.declare(.public)
    }

    func form(req: Request, error: String? = nil, errors: FieldErrors = [:], status: HTTPStatus) async throws -> Response {
        if req.volunteer != nil, req.method == .GET { return req.redirect(to: "/v") }
        let typed = req.method == .POST ? VolunteerSignInForm(request: req) : VolunteerSignInForm()
        return try await req.render("volunteer-area/signin", OneTimeCodes.IdentityPage(page: PageContext(req, title: req.t("volunteerArea.signin.title")),
                                                                      fields: typed.fields(req, errors: errors), error: error))
            .encodeResponse(status: status, for: req)
    }

    func requestCode(req: Request) async throws -> Response {
        let (mobile, errors) = VolunteerSignInForm(request: req).validate(req)
        guard let mobile else { return try await form(req: req, errors: errors, status: .unprocessableEntity) }
        if let refused = try await Self.codes.take(identity: mobile.e164, req: req) {
            return try await form(req: req, error: refused.message(req), status: .tooManyRequests)
        }
        let volunteer = try await Volunteer.query(on: req.db).filter(\.$mobile == mobile.e164).filter(\.$status == .active).first()
        let ticket = try await Self.codes.issue(identity: mobile.e164, subject: volunteer?.id, job: Self.codeJob, req: req)
        return req.redirect(to: "/v/code/\(ticket)")
    }

    /// The job: the code by SMS to her mobile, urgent (quiet hours do not apply). Nobody to send to for an unknown
    /// mobile, nor for a volunteer paused or ended since she asked.
    static func send(_ context: JobContext) async throws {
        try await OneTimeCodes.send(context) { challenge, code in
            guard let id = challenge.volunteerID, let volunteer = try await Volunteer.find(id, on: context.db), volunteer.status == .active else { return nil }
            let english = !CodeList.parse(volunteer.languages).contains("ar")
            let body = english
                ? "Lamasat: your volunteer sign-in code is \(code). It works for 10 minutes. Never share it."
                : "جمعية لمسات: رمز دخولك إلى صفحة المتطوعة \(code). صالح 10 دقائق. لا تشاركيه مع أحد."
            let challengeID = try challenge.requireID().uuidString
            return Outbox.Draft(channel: .sms, recipient: volunteer.mobile, subject: "volunteer code", body: body, idempotencyKey: "volunteer-code:\(challengeID)",
                                relatedType: "volunteer_code", relatedID: challengeID, branchID: volunteer.branchID, urgent: true)
        }
    }

    func codeForm(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        try await Self.codes.codePage("volunteer-area/code", prefix: "/v", req: req, error: error, status: status)
    }

    func verify(req: Request) async throws -> Response {
        try await Self.codes.signIn(req: req, template: "volunteer-area/code", prefix: "/v") { volunteerID in
            let token = try await req.db.writeTransaction { db in
                let token = try await VolunteerSession.open(for: volunteerID, now: req.now, on: db)
                try await req.audit("volunteer.signedIn", record: ("volunteer", volunteerID.uuidString), on: db)
                return token
            }
            let response = req.redirect(to: "/v")
            response.cookies[req.cookieName(VolunteerSessionMiddleware.cookieName)] = req.sessionCookie(token)
            return response
        }
    }

    func signOut(req: Request) async throws -> Response {
        let me = try req.volunteerOrSignIn()
        try await VolunteerSession.query(on: req.db).filter(\.$id == me.sessionID).delete()
        try await req.audit("volunteer.signedOut", record: ("volunteer", me.volunteerID.uuidString))
        let response = req.redirect(to: "/v/signin")
        response.cookies[req.cookieName(VolunteerSessionMiddleware.cookieName)] = req.expiredCookie()
        return response
    }
}
