import Fluent
import Foundation
import LamasatCore
import SQLKit
import Vapor

/// How long a withdrawn request may be reopened, and how long after a rejection she may appeal: days the
/// administrator sets, one row for the association.
struct CasePeriods: Codable, Equatable {
    var reopenDays: Int
    var appealDays: Int

    static let allowed = 1...365

    static func current(on db: any Database) async throws -> CasePeriods {
        struct Row: Decodable { let reopen_days: Int; let appeal_days: Int }
        let row = try await db.sql.raw("SELECT reopen_days, appeal_days FROM case_periods WHERE id = 1").first(decoding: Row.self)
        return CasePeriods(reopenDays: row?.reopen_days ?? 30, appealDays: row?.appeal_days ?? 30)
    }

    func save(by user: UUID, now: Date, on db: any Database) async throws {
        try await db.sql.raw("""
            UPDATE case_periods SET reopen_days = \(bind: reopenDays), appeal_days = \(bind: appealDays), updated_by = \(bind: user),
                updated_at = \(bind: now) WHERE id = 1
            """).run()
    }
}

/// `/admin/case-periods`: the administrator sets the two periods; each change audited with its old and new values.
struct CasePeriodsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "case-periods") { req in
            let periods = try await CasePeriods.current(on: req.db)
            return try await self.render(req, values: ["reopenDays": String(periods.reopenDays), "appealDays": String(periods.appealDays)], errors: [:])
        }.requires(.manageSettings)
        routes.post("admin", "case-periods") { try await self.save(req: $0) }.requires(.manageSettings)
    }

    struct FormView: Encodable { let page: PageContext; let fields: [FormField] }

    func render(_ req: Request, values: [String: String], errors: FieldErrors, status: HTTPStatus = .ok) async throws -> Response {
        let fields = ["reopenDays", "appealDays"].map { name in
            FormField(name: name, label: req.t("casePeriods.\(name)"), value: values[name] ?? "", hint: req.t("casePeriods.\(name).hint"),
                      error: errors[name], required: true, inputmode: "numeric", dir: "ltr", maxlength: 3)
        }.prepared()
        return try await req.render("requests/case-periods", FormView(page: PageContext(req, title: req.t("casePeriods.title")), fields: fields))
            .encodeResponse(status: status, for: req)
    }

    func save(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let values = ["reopenDays": req.formText("reopenDays"), "appealDays": req.formText("appealDays")]
        var errors: FieldErrors = [:]
        var days: [String: Int] = [:]
        for (name, typed) in values {
            if let n = ArabicDigits.parseInt(typed), CasePeriods.allowed.contains(n) { days[name] = n } else { errors[name] = req.t("casePeriods.error.days") }
        }
        guard errors.isEmpty, let reopen = days["reopenDays"], let appeal = days["appealDays"] else {
            return try await render(req, values: values, errors: errors, status: .unprocessableEntity)
        }
        let before = try await CasePeriods.current(on: req.db)
        let after = CasePeriods(reopenDays: reopen, appealDays: appeal)
        try await req.db.writeTransaction { db in
            try await after.save(by: staff.userID, now: req.now, on: db)
            try await req.audit("settings.casePeriods", record: ("case_periods", "1"),
                                detail: "reopen \(before.reopenDays)→\(reopen) appeal \(before.appealDays)→\(appeal)", on: db)
        }
        return req.redirect(to: "/admin/case-periods?done=casePeriodsSaved")
    }
}
