import LamasatCore
import Vapor

/// Switches the interface language and remembers it for a year in a cookie.
struct LanguageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("language") { try await self.switchLanguage(req: $0) }.declare(.public)
    }

    func switchLanguage(req: Request) async throws -> Response {
        guard let language = Language(rawValue: req.formText("lang")) else { throw Abort(.badRequest) }
        let target = SignInController.safeNext(req.formText("return"))
        let response = req.redirect(to: target.isEmpty ? "/" : target)
        response.cookies[req.cookieName(Request.languageCookie)] = req.sessionCookie(language.rawValue, maxAge: 365 * 24 * 60 * 60)
        return response
    }
}
