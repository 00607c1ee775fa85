import LamasatCore
import Vapor

/// Her sign-in's first step: the national ID (or iqama) the code is sent for.
struct PortalSignInForm {
    var nationalID = ""

    init() {}

    init(request req: Request) { nationalID = req.formText("nationalID") }

    /// A well-formed ID with a valid check digit; whether a file has it is never told.
    func validate(_ req: Request) -> (NationalID?, FieldErrors) {
        guard let id = try? NationalID(nationalID) else { return (nil, ["nationalID": req.t("portal.error.nationalID")]) }
        return (id, [:])
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [FormField(name: "nationalID", label: req.t("portal.signin.nationalID"), value: String(nationalID.prefix(20)), error: errors["nationalID"],
                   required: true, autocomplete: "off", inputmode: "numeric", dir: "ltr", maxlength: 20)].prepared()
    }
}
