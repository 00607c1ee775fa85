import LamasatCore
import Vapor

/// A staff sign-in as typed. One message covers a wrong username and a wrong password alike, so it sits under the
/// password: the page never says which of the two was wrong.
struct SignInForm {
    var username = ""
    var password = ""

    init() {}

    init(request req: Request) {
        username = req.formText("username")
        password = req.formSecret("password")
    }

    func fields(_ req: Request, error: String?) -> [FormField] {
        [FormField(name: "username", label: req.t("user.username"), value: username, required: true, autocomplete: "username", dir: "ltr",
                   autofocus: error == nil, maxlength: 64),
         FormField(name: "password", label: req.t("user.password"), kind: "password", error: error, required: true,
                   autocomplete: "current-password", maxlength: 512)].prepared()
    }
}
