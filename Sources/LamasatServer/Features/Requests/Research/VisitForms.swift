import LamasatCore
import Vapor

/// A visit the researcher puts on the calendar: its kind, day and time in Riyadh, and where (her address by default).
struct VisitScheduleForm {
    var kind = ResearchVisitKind.homeVisit.rawValue
    var date = ""
    var time = "10:00"
    var address = ""

    init() {}

    init(request req: Request) {
        kind = req.formText("kind")
        date = req.formText("date")
        time = req.formText("time")
        address = req.formText("address")
    }

    struct Valid { let kind: ResearchVisitKind; let when: Date; let address: String }

    /// The day runs from the request's submission to a year from now; a home visit with no address typed takes her file's.
    func validate(_ req: Request, request: SupportRequest, file: Beneficiary) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let chosen = ResearchVisitKind(rawValue: kind)
        if chosen == nil { errors["kind"] = req.t("research.error.kind") }
        let when = ResearchController.moment(day: date, time: time)
            .flatMap { $0 >= WorkingCalendar.startOfDay(CalendarDay.today(request.submittedAt ?? req.now)) && $0 <= req.now.addingTimeInterval(366 * 86_400) ? $0 : nil }
        if when == nil { errors["date"] = req.t("research.error.when") }
        var place = address
        if chosen?.needsAddress == true && place.isEmpty {
            place = [file.addressBuilding, file.addressStreet, file.addressDistrict, file.addressCity].filter { !$0.isEmpty }.joined(separator: "، ")
            if place.isEmpty { errors["address"] = req.t("research.error.address") }
        }
        guard errors.isEmpty, let chosen, let when else { return (nil, errors) }
        return (Valid(kind: chosen, when: when, address: String(place.prefix(300))), errors)
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "kind", label: req.t("research.visitKind"), kind: "select", error: errors["kind"],
                      options: ResearchVisitKind.allCases.map { FormField.Option(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0.rawValue == kind) }),
            FormField(name: "date", label: req.t("research.date"), kind: "date", value: date, error: errors["date"], required: true, dir: "ltr"),
            FormField(name: "time", label: req.t("research.time"), kind: "time", value: time, error: errors["time"], required: true, dir: "ltr"),
            FormField(name: "address", label: req.t("research.address"), value: address, hint: req.t("research.addressHint"), error: errors["address"],
                      maxlength: 300, wide: true),
        ].prepared()
    }
}

/// What a scheduled visit came to: done or cancelled, and what was found. One per visit on the request's page.
struct VisitOutcomeForm {
    var status = ResearchVisitStatus.done.rawValue
    var outcome = ""

    init() {}

    init(request req: Request) {
        status = req.formText("status")
        outcome = req.formText("outcome")
    }

    /// A status other than done or cancelled is refused as a conflict by the caller, as before; an empty outcome is a field error.
    func validate(_ req: Request) -> ((status: ResearchVisitStatus, outcome: String)?, FieldErrors) {
        var errors: FieldErrors = [:]
        let chosen = ResearchVisitStatus(rawValue: status).flatMap { $0 == .scheduled ? nil : $0 }
        if chosen == nil { errors["status"] = req.t("validation.choose") }
        if outcome.isEmpty { errors["outcome"] = req.t("research.error.outcome") } else if outcome.count > 2000 { errors["outcome"] = req.t("validation.tooLong") }
        guard errors.isEmpty, let chosen else { return (nil, errors) }
        return ((chosen, outcome), errors)
    }

    /// `visit` is the visit's id: it ends the ids, since each scheduled visit has its own form.
    func fields(_ req: Request, errors: FieldErrors, visit: String) -> [FormField] {
        [
            FormField(name: "outcome", label: req.t("research.outcome"), kind: "textarea", value: outcome, error: errors["outcome"], required: true,
                      maxlength: 2000, key: visit),
            FormField(name: "status", label: req.t("research.visitStatus"), kind: "select", error: errors["status"],
                      options: [ResearchVisitStatus.done, .cancelled].map { FormField.Option(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0.rawValue == status) },
                      key: visit),
        ].prepared()
    }
}
