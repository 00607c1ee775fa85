import LamasatCore
import Vapor

/// The public status look-up: a request's tracking number and the mobile on her file, both needed to see it.
struct StatusLookupForm {
    struct Valid {
        let tracking: String
        let mobile: SaudiMobile
    }

    var tracking = ""
    var mobile = ""

    init() {}

    init(request req: Request) {
        tracking = req.formText("tracking")
        mobile = req.formText("mobile")
    }

    /// A request's tracking number R-yyyy-nnnnnn, or an inquiry's Q-… or a complaint's S-… (Arabic digits accepted),
    /// and a Saudi mobile.
    func validate(_ req: Request) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let number = ArabicDigits.westernized(tracking).uppercased()
        if number.range(of: #"^[RQS]-\d{4}-\d{6}$"#, options: .regularExpression) == nil { errors["tracking"] = req.t("public.status.error.tracking") }
        var typedMobile: SaudiMobile?
        do { typedMobile = try SaudiMobile(mobile) } catch { errors["mobile"] = req.t(error.localizationKey) }
        guard errors.isEmpty, let typedMobile else { return (nil, errors) }
        return (Valid(tracking: number, mobile: typedMobile), errors)
    }

    /// What she typed is shown back cut to the boxes' length.
    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "tracking", label: req.t("public.status.tracking"), value: String(tracking.prefix(20)),
                      hint: req.t("public.status.trackingHint"), error: errors["tracking"], required: true, autocomplete: "off", dir: "ltr", maxlength: 20),
            FormField(name: "mobile", label: req.t("public.status.mobile"), value: String(mobile.prefix(20)),
                      hint: req.t("public.status.mobileHint"), error: errors["mobile"], required: true, autocomplete: "tel", inputmode: "tel", dir: "ltr", maxlength: 20),
        ].prepared()
    }
}
