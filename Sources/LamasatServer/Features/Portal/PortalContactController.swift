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
        let posted = req.method == .POST
        func value(_ name: String, _ current: String) -> String { posted ? req.formText(name) : current }
        let address = file.address
        var fields = [
            FormField(name: "email", label: req.t("beneficiary.field.email"), kind: "email", value: value("email", file.email), error: errors["email"],
                      autocomplete: "email", dir: "ltr", maxlength: 120),
            FormField(name: "alternatePhone", label: req.t("beneficiary.field.alternatePhone"), value: value("alternatePhone", file.alternatePhone),
                      error: errors["alternatePhone"], autocomplete: "tel", inputmode: "tel", dir: "ltr", maxlength: 20),
            FormField(name: "mobile", label: req.t("portal.contact.mobile"), value: value("mobile", file.mobile), hint: req.t("portal.contact.verifiedHint"),
                      error: errors["mobile"], autocomplete: "tel", inputmode: "tel", dir: "ltr", maxlength: 20),
        ]
        for field in NationalAddress.Field.allCases {
            let name = "address" + BeneficiaryForm.addressSuffix(field)
            fields.append(FormField(name: name, label: req.t("beneficiary.field.\(name)"), value: value(name, address.value(of: field)), error: errors[name],
                                    dir: [.street, .district, .city].contains(field) ? nil : "ltr", maxlength: 60))
        }
        let pending = try await ContactChange.query(on: req.db).filter(\.$beneficiaryID == file.id!).filter(\.$status == .pending).all()
        return try await req.render("portal/contact", FormView(page: PageContext(req, title: req.t("portal.contact.title")), fields: fields.prepared(),
                                                              pending: pending.map { req.t($0.kind.localizationKey) }.nonEmpty))
            .encodeResponse(status: status, for: req)
    }

    func save(req: Request) async throws -> Response {
        let portal = try req.requirePortal()
        let file = portal.beneficiary
        var errors: FieldErrors = [:]
        let email = req.formText("email")
        if !FormField.isPlausibleEmail(email) { errors["email"] = req.t("validation.email") }
        let alternate = ArabicDigits.westernized(req.formText("alternatePhone"))
        if !alternate.isEmpty && !(9...15).contains(alternate.filter(\.isNumber).count) { errors["alternatePhone"] = req.t("validation.phone") }
        var mobile: SaudiMobile?
        do { mobile = try SaudiMobile(req.formText("mobile")) } catch { errors["mobile"] = req.t(error.localizationKey) }
        let address = NationalAddress(
            buildingNumber: req.formText("addressBuilding"), street: req.formText("addressStreet"), district: req.formText("addressDistrict"),
            city: req.formText("addressCity"), postalCode: req.formText("addressPostalCode"), additionalNumber: req.formText("addressAdditional"),
            shortAddress: req.formText("addressShort")).normalized()
        for (field, key) in address.problems(required: true) { errors["address" + BeneficiaryForm.addressSuffix(field)] = req.t(key) }
        guard errors.isEmpty, let mobile else { return try await form(req: req, errors: errors, status: .unprocessableEntity) }
        let asked: [(ContactChange.Kind, String)] = (mobile.e164 != file.mobile ? [(.mobile, mobile.e164)] : [])
            + (address != file.address.normalized() ? [(.address, ContactChange.encode(address))] : [])
        let changedDirectly = email != file.email || alternate != file.alternatePhone
        let now = req.now
        try await req.db.transaction { db in
            if changedDirectly {
                file.email = email
                file.alternatePhone = alternate
                file.updatedAt = now
                try await file.save(on: db)
                try await req.audit("beneficiary.contactChangedByHer", record: ("beneficiary", try file.requireID().uuidString), detail: "email, alternate phone", on: db)
            }
            for (kind, value) in asked {
                try await ContactChange.query(on: db).filter(\.$beneficiaryID == file.id!).filter(\.$kind == kind).filter(\.$status == .pending).delete()
                let change = ContactChange()
                change.beneficiaryID = try file.requireID()
                change.branchID = file.$branch.id
                change.kind = kind
                change.value = value
                change.status = .pending
                change.reason = ""
                change.createdAt = now
                try await change.create(on: db)
                try await req.audit("beneficiary.changeAsked", record: ("beneficiary", try file.requireID().uuidString), detail: kind.rawValue, on: db)
            }
        }
        return req.redirect(to: "/portal/contact?done=" + (asked.isEmpty ? "portalContactSaved" : "portalChangeAsked"))
    }
}
