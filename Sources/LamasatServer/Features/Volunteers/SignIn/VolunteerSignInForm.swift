import LamasatCore
import Vapor

/// Her sign-in's first step: the mobile on her volunteer record, where the code is sent. Her mobile, not her
/// national ID: it is what she knows by heart and what the coordinator checked when she was accepted.
struct VolunteerSignInForm {
    var mobile = ""

    init() {}

    init(request req: Request) { mobile = req.formText("mobile") }

    /// A well-formed Saudi mobile (Arabic-Indic digits accepted); whether a volunteer has it is never told.
    func validate(_ req: Request) -> (SaudiMobile?, FieldErrors) {
        do { return (try SaudiMobile(mobile), [:]) } catch { return (nil, ["mobile": req.t(error.localizationKey)]) }
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [FormField(name: "mobile", label: req.t("volunteerArea.signin.mobile"), value: String(mobile.prefix(20)), hint: req.t("volunteerArea.signin.mobileHint"),
                   error: errors["mobile"], required: true, autocomplete: "tel", inputmode: "tel", dir: "ltr", maxlength: 20)].prepared()
    }
}
