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

    /// Every problem, in the page's language; a valid form changes the rule with `apply`.
    func validate(_ kind: OutreachRule.Code, _ req: Request) -> (Valid?, [String]) {
        var problems: [String] = []
        let days = ArabicDigits.parseInt(self.days) ?? -1
        if !(0...365).contains(days) { problems.append(req.t("outreach.error.days")) }
        if !kind.makesCallList {
            if message.isEmpty || message.count > 600 { problems.append(req.t("outreach.error.message")) }
            let unknown = ReplyTemplate.unknownVariables(in: message).filter { !["document", "days", "link"].contains($0) }
            if !unknown.isEmpty { problems.append(req.t("reply.error.variables", unknown.joined(separator: "، "))) }
            // A reminder without its link would ask her to answer a survey she cannot reach.
            if kind == .surveyReminder && !message.contains("{link}") { problems.append(req.t("outreach.error.link")) }
        }
        var window: Valid.Window?
        if kind.isSeasonal {
            if SeasonWindow.Calendar(rawValue: calendar) != nil, let from = SeasonWindow.MonthDay(start), let to = SeasonWindow.MonthDay(end) {
                window = (calendar, from, to)
            } else {
                problems.append(req.t("outreach.error.window"))
            }
        }
        guard problems.isEmpty else { return (nil, problems) }
        return (Valid(days: days, message: kind.makesCallList ? nil : message, window: window), [])
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
}

