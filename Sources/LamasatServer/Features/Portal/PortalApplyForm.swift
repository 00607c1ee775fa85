import Fluent
import LamasatCore
import Vapor

/// Her own request from the portal: the service, what she needs and the amount (checked as at the office), and her
/// full name typed under the declaration as her signature ([P-21]).
struct PortalApplyForm {
    var request = SupportRequestForm()
    var typedName = ""
    var declarationVersion = ""

    init() {}

    init(request req: Request) {
        request = SupportRequestForm(request: req)
        typedName = req.formText("typedName")
        declarationVersion = req.formText("declarationVersion")
    }

    /// The service and amount, or the errors: those of any request, a request of the same service still open, the
    /// service's frequency not yet reached, or a typed name that is not hers.
    func validate(_ req: Request, file: Beneficiary) async throws -> ((type: SupportType, amount: Money)?, FieldErrors) {
        var (type, amount, errors) = try await request.checkRequest(req)
        if let type {
            // One open request per service: a second would only wait behind the first.
            if let open = try await PortalApplyController.openRequest(of: file, for: type, on: req.db) {
                errors["supportType"] = req.t("portal.apply.error.open", open.trackingNumber ?? "")
            } else if let next = try await Entitlements.nextEligible(try file.requireID(), type: type, now: req.now, on: req.db) {
                errors["supportType"] = req.t("portal.apply.error.frequency", DualCalendarFormatter(language: req.language).date(next).combined)
            }
        }
        if ArabicSearch.normalize(typedName) != ArabicSearch.normalize(file.name.full) { errors["typedName"] = req.t("portal.apply.error.name") }
        if typedName.count > 200 { errors["typedName"] = req.t("validation.tooLong") }
        guard errors.isEmpty, let type else { return (nil, errors) }
        return ((type, amount), errors)
    }

    func fields(_ req: Request, types: [SupportType], errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "supportType", label: req.t("request.field.supportType"), kind: "select", error: errors["supportType"], required: true,
                      options: [.choose(req)] + FormField.Option.records(types, selected: request.supportType) { $0.name(in: req.language) }),
            FormField(name: "description", label: req.t("portal.apply.description"), kind: "textarea", value: request.description,
                      hint: req.t("portal.apply.descriptionHint"), error: errors["description"], required: true, maxlength: 2000),
            FormField(name: "requestedAmount", label: req.t("portal.apply.amount"), value: request.requestedAmount,
                      hint: req.t("portal.apply.amountHint"), error: errors["requestedAmount"], inputmode: "decimal", dir: "ltr", maxlength: 12),
        ].prepared()
    }

    /// The box under the declaration; the hint shows the name as it stands on her file.
    func signatureFields(_ req: Request, fileName: String, errors: FieldErrors) -> [FormField] {
        [FormField(name: "typedName", label: req.t("portal.apply.typedName"), value: typedName, hint: req.t("portal.apply.nameHint", fileName),
                   error: errors["typedName"], required: true, autocomplete: "name", maxlength: 200)].prepared()
    }
}
