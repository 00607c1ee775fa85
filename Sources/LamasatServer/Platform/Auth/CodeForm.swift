import LamasatCore
import Vapor

/// A one-time code typed from an authenticator app, a text message or paper: the one field of several small forms.
struct CodeForm {
    var code = ""

    init() {}

    init(request req: Request) {
        code = req.formText("code")
    }

    /// The code box; `key` tells apart several code forms on one page, `error` is why the last code was refused.
    func fields(_ req: Request, label: String, hint: String? = nil, error: String? = nil, inputmode: String = "numeric", maxlength: Int = 10,
                key: String? = nil, autofocus: Bool = false) -> [FormField] {
        [FormField(name: "code", label: label, hint: hint, error: error, required: true, autocomplete: "one-time-code", inputmode: inputmode,
                   dir: "ltr", autofocus: autofocus && error == nil, maxlength: maxlength, key: key)].prepared()
    }
}
