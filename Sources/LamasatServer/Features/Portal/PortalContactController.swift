import Fluent
import LamasatCore
import Vapor

/// Her contact details from the portal: e-mail and a second phone change at once; a new mobile or national address
/// waits for an officer (ContactChange). One pending change of each kind: a newer one replaces it.
struct PortalContactController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("portal", "contact") { try await self.form(req: $0, errors: [:], status: .ok) }.declare(.beneficiary)
        routes.post("portal", "contact") { try await self.save(req: $0) }.declare(.beneficiary)
    }

    struct FormView: Encodable { let page: PageContext; let fields: [FormField]; let pending: [String]? }

    func form(req: Request, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let file = try req.requirePortal().beneficiary
        let typed = req.method == .POST ? PortalContactForm(request: req) : PortalContactForm(file)
        let fileID = try file.requireID()
        let pending = try await ContactChange.query(on: req.db).filter(\.$beneficiaryID == fileID).filter(\.$status == .pending).all()
        return try await req.render("portal/contact", FormView(page: PageContext(req, title: req.t("portal.contact.title")), fields: typed.fields(req, errors: errors),
                                                              pending: pending.map { req.t($0.kind.localizationKey) }.nonEmpty))
            .encodeResponse(status: status, for: req)
    }

    func save(req: Request) async throws -> Response {
        let portal = try req.requirePortal()
        let file = portal.beneficiary
        let (valid, errors) = PortalContactForm(request: req).validate(req)
        guard let valid else { return try await form(req: req, errors: errors, status: .unprocessableEntity) }
        let (email, alternate, mobile, address) = (valid.email, valid.alternatePhone, valid.mobile, valid.address)
        let asked: [(ContactChange.Kind, String)] = (mobile.e164 != file.mobile ? [(.mobile, mobile.e164)] : [])
            + (address != file.address.normalized() ? [(.address, ContactChange.encode(address))] : [])
        let changedDirectly = email != file.email || alternate != file.alternatePhone
        let now = req.now
        let fileID = try file.requireID()
        try await req.db.writeTransaction { db in
            if changedDirectly {
                file.email = email
                file.alternatePhone = alternate
                file.updatedAt = now
                try await file.save(on: db)
                try await req.audit("beneficiary.contactChangedByHer", record: ("beneficiary", try file.requireID().uuidString), detail: "email, alternate phone", on: db)
            }
            for (kind, value) in asked {
                try await ContactChange.query(on: db).filter(\.$beneficiaryID == fileID).filter(\.$kind == kind).filter(\.$status == .pending).delete()
                let change = ContactChange()
                change.beneficiaryID = try file.requireID()
                change.branchID = file.$branch.id
                change.kind = kind
                change.value = value
                change.status = .pending
                change.reason = ""
                change.createdAt = now
                try await change.create(on: db)
                try await PortalNotices.contactChange(change, file: file, now: now, on: db)
                try await req.audit("beneficiary.changeAsked", record: ("beneficiary", try file.requireID().uuidString), detail: kind.rawValue, on: db)
            }
        }
        return req.redirect(to: "/portal/contact?done=" + (asked.isEmpty ? "portalContactSaved" : "portalChangeAsked"))
    }
}
