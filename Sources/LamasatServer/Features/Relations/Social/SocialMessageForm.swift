import LamasatCore
import Vapor

/// A message pasted into the inbox: the platform, who sent or posted it, its text, its link, and when.
struct SocialMessageForm {
    struct Valid {
        let platform: SocialPlatform
        let handle: String
        let text: String
        let link: String
        let receivedAt: Date
    }

    var platform = ""
    var handle = ""
    var text = ""
    var link = ""
    var receivedAt = ""

    init() {}

    init(request req: Request) {
        platform = req.formText("platform")
        handle = req.formText("handle")
        text = req.formText("text")
        link = req.formText("link")
        receivedAt = req.formText("receivedAt")
    }

    /// A platform from the list, a handle up to 100, a text up to 4,000, an optional http(s) link, and a moment that
    /// is not in the future (empty: now).
    func validate(_ req: Request) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let chosen = SocialPlatform(rawValue: platform)
        if chosen == nil { errors["platform"] = req.t("validation.choose") }
        if handle.isEmpty || handle.allSatisfy({ $0 == "@" }) { errors["handle"] = req.t("validation.required") }
        else if handle.count > SocialMessageRules.handleLimit { errors["handle"] = req.t("validation.tooLong") }
        if text.isEmpty { errors["text"] = req.t("validation.required") } else if text.count > SocialMessageRules.textLimit { errors["text"] = req.t("validation.tooLong") }
        var checkedLink = ""
        switch SocialMessageRules.link(link) {
        case .success(let value): checkedLink = value
        case .failure(.tooLong): errors["link"] = req.t("validation.tooLong")
        case .failure(.notWeb): errors["link"] = req.t("social.error.link")
        }
        var moment = req.now
        switch SocialMessageRules.receivedAt(receivedAt, now: req.now) {
        case .success(let value): moment = value
        case .failure(.future): errors["receivedAt"] = req.t("social.error.future")
        case .failure(.unreadable), .failure(.tooOld): errors["receivedAt"] = req.t("social.error.receivedAt")
        }
        guard errors.isEmpty, let chosen else { return (nil, errors) }
        return (Valid(platform: chosen, handle: handle, text: text, link: checkedLink, receivedAt: moment), errors)
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "platform", label: req.t("social.platform"), kind: "select", error: errors["platform"], required: true,
                      options: [.choose(req)] + FormField.Option.choices(SocialPlatform.allCases, selected: platform, req)),
            FormField(name: "handle", label: req.t("social.handle"), value: handle, hint: req.t("social.handleHint"), error: errors["handle"], required: true,
                      autocomplete: "off", dir: "auto", maxlength: SocialMessageRules.handleLimit),
            FormField(name: "text", label: req.t("social.text"), kind: "textarea", value: text, error: errors["text"], required: true,
                      dir: "auto", maxlength: SocialMessageRules.textLimit, wide: true),
            FormField(name: "link", label: req.t("social.link"), kind: "url", value: link, hint: req.t("social.linkHint"), error: errors["link"],
                      autocomplete: "off", inputmode: "url", dir: "ltr", maxlength: SocialMessageRules.linkLimit),
            FormField(name: "receivedAt", label: req.t("social.receivedAt"), kind: "datetime-local", value: receivedAt, hint: req.t("social.receivedAtHint"),
                      error: errors["receivedAt"], dir: "ltr"),
        ].prepared()
    }
}
