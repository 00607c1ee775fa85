import Fluent
import LamasatCore
import Vapor

/// The second step of a staff sign-in: the six-digit code of her authenticator app, or one of her recovery codes.
/// Five wrong codes end the half-finished sign-in, and each counts as a failed sign-in of the account.
struct SecondFactorSignInController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("signin", "verify") { try await self.show(req: $0, error: nil, status: .ok) }.declare(.public)
        routes.post("signin", "verify") { try await self.verify(req: $0) }.declare(.public)
    }

    struct VerifyView: Encodable { let page: PageContext; let next: String; let fields: [FormField] }

    func show(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        guard req.pendingSignIn != nil else { return req.redirect(to: "/signin") }
        let next = SignInController.safeNext(req.query[String.self, at: "next"] ?? req.formText("next"))
        return try await req.render("signin/verify", VerifyView(
            page: PageContext(req, title: req.t("mfa.verify.title")), next: next,
            fields: CodeForm().fields(req, label: req.t("mfa.code"), hint: req.t("mfa.verify.hint"), error: error, inputmode: "text", maxlength: 20, autofocus: true)))
            .encodeResponse(status: status, for: req)
    }

    private func endPending(_ pending: StaffContext, req: Request) async throws -> Response {
        try await pending.session.delete(on: req.db)
        try await req.audit("signin.secondFactorLocked", record: ("staff_user", pending.userID.uuidString), outcome: .denied, actor: pending.user)
        let response = req.redirect(to: "/signin?done=secondFactorLocked")
        response.cookies[req.cookieName(StaffSessionMiddleware.cookieName)] = req.expiredCookie()
        return response
    }

    func verify(req: Request) async throws -> Response {
        guard let pending = req.pendingSignIn else { return req.redirect(to: "/signin") }
        let user = pending.user
        // The try is counted before the code is looked at, for this sign-in and for the account: opening many
        // half-finished sign-ins with a known password gives no more guesses than the account's five.
        let accountKey = req.pseudonym("signin-account", user.username)
        let attemptKey = "second-factor:\(try pending.session.requireID().uuidString)"
        guard let attempt = try await CountedTries.take(attemptKey, limit: SecondFactor.maximumTries, now: req.now, on: req.db) else {
            return try await endPending(pending, req: req)
        }
        guard try await CountedTries.take(accountKey, limit: SignInThrottle.standard.maxFailures, now: req.now, on: req.db) != nil else {
            try await attempt.delete(on: req.db)
            return try await endPending(pending, req: req)
        }
        let tries = try await SignInFailure.query(on: req.db).filter(\.$key == attemptKey).count()
        let typed = CodeForm(request: req).code
        let secret = SecondFactor.unseal(user.totpSecret, key: req.lamasat.secrets.sealing, for: user)
        let isRecovery = typed.contains { $0.isLetter }
        let accepted: Bool
        if isRecovery {
            accepted = try await SecondFactor.acceptRecoveryCode(typed, for: user, req: req, on: req.db)
        } else if let secret {
            accepted = try await SecondFactor.acceptCode(typed, for: user, secret: secret, now: req.now, on: req.db)
        } else {
            accepted = false
        }
        guard accepted else {
            try await req.audit("signin.secondFactorFailure", record: ("staff_user", try user.requireID().uuidString), outcome: .failure,
                                detail: isRecovery ? "recovery code" : "code", actor: user)
            // The last allowed wrong code ends this half-finished sign-in: she starts again with her password.
            if tries >= SecondFactor.maximumTries { return try await endPending(pending, req: req) }
            return try await show(req: req, error: req.t("mfa.verify.wrong"), status: .unauthorized)
        }
        try await pending.session.delete(on: req.db)
        let token = try await SignInController.openSession(for: user, pending: false, req: req) { db in
            try await CountedTries.forget([attemptKey, accountKey], on: db)
            if isRecovery {
                try await req.audit("signin.recoveryCodeUsed", record: ("staff_user", try user.requireID().uuidString), actor: user, on: db)
            }
        }
        let next = SignInController.safeNext(req.formText("next"))
        let response = req.redirect(to: user.mustChangePassword ? "/account/password" : (next.isEmpty ? "/" : next))
        response.cookies[req.cookieName(StaffSessionMiddleware.cookieName)] = req.sessionCookie(token)
        return response
    }
}
