import LamasatCore
import Vapor

/// One outreach rule's form: on or off, its days, its message and (seasonal rules) its window, as typed.
struct OutreachRuleForm {
    var enabled: Bool
    var days: String
    var message: String
    var calendar: String
    var start: String
    var end: String

    init(_ rule: OutreachRule) {
        enabled = rule.enabled
        days = String(rule.days)
        message = rule.messageArabic
        calendar = rule.calendar
        start = rule.windowStart
        end = rule.windowEnd
    }

    init(request req: Request) {
        enabled = req.formCheckbox("enabled")
        days = req.formText("days")
        message = req.formText("message")
        calendar = req.formText("calendar")
        start = req.formText("start")
        end = req.formText("end")
    }

    struct Valid {
        let days: Int
        /// nil for a call-list rule, which sends no message.
        let message: String?
        typealias Window = (calendar: String, start: SeasonWindow.MonthDay, end: SeasonWindow.MonthDay)
        let window: Window?
    }

    /// Each problem on its field, in the page's language; a valid form changes the rule with `apply`.
    func validate(_ kind: OutreachRule.Code, _ req: Request) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let days = ArabicDigits.parseInt(self.days) ?? -1
        if !(0...365).contains(days) { errors["days"] = req.t("outreach.error.days") }
        if !kind.makesCallList {
            let unknown = ReplyTemplate.unknownVariables(in: message).filter { !["document", "days", "link"].contains($0) }
            if message.isEmpty || message.count > 600 {
                errors["message"] = req.t("outreach.error.message")
            } else if !unknown.isEmpty {
                errors["message"] = req.t("reply.error.variables", unknown.joined(separator: "، "))
            } else if kind == .surveyReminder && !message.contains("{link}") {
                // A reminder without its link would ask her to answer a survey she cannot reach.
                errors["message"] = req.t("outreach.error.link")
            }
        }
        var window: Valid.Window?
        if kind.isSeasonal {
            if SeasonWindow.Calendar(rawValue: calendar) != nil, let from = SeasonWindow.MonthDay(start), let to = SeasonWindow.MonthDay(end) {
                window = (calendar, from, to)
            } else {
                errors["start"] = req.t("outreach.error.window")
            }
        }
        guard errors.isEmpty else { return (nil, errors) }
        return (Valid(days: days, message: kind.makesCallList ? nil : message, window: window), [:])
    }

    func apply(_ valid: Valid, to rule: OutreachRule) {
        rule.enabled = enabled
        rule.days = valid.days
        if let message = valid.message { rule.messageArabic = message }
        if let window = valid.window {
            rule.calendar = window.calendar
            rule.windowStart = window.start.description
            rule.windowEnd = window.end.description
        }
    }

    /// `key` is the rule's code: every rule has its own form on the page. The window only for seasonal rules, the
    /// message only for rules that send one.
    func fields(_ req: Request, kind: OutreachRule.Code, errors: FieldErrors) -> [FormField] {
        let key = kind.rawValue
        var fields = [
            FormField(name: "enabled", label: req.t("outreach.enabled"), kind: "checkbox", checked: enabled, key: key),
            FormField(name: "days", label: req.t("outreach.days"), value: days, error: errors["days"], inputmode: "numeric", dir: "ltr", maxlength: 3, key: key),
        ]
        if kind.isSeasonal {
            fields += [
                FormField(name: "calendar", label: req.t("relationsSetup.calendar"), kind: "select",
                          options: ["hijri", "gregorian"].map { FormField.Option(value: $0, label: req.t("calendar.\($0)"), selected: calendar == $0) }, key: key),
                FormField(name: "start", label: req.t("outreach.windowStart"), value: start, hint: req.t("outreach.windowHint"), error: errors["start"],
                          dir: "ltr", maxlength: 5, key: key),
                FormField(name: "end", label: req.t("outreach.windowEnd"), value: end, dir: "ltr", maxlength: 5, key: key),
            ]
        }
        if !kind.makesCallList {
            fields.append(FormField(name: "message", label: req.t("outreach.message"), kind: "textarea", value: message, error: errors["message"],
                                    maxlength: 600, key: key, wide: true))
        }
        return fields.prepared()
    }
}
