import LamasatCore
import Vapor

/// An opportunity as typed by the coordinator: what, where, when (Riyadh), how many volunteers and which skills.
struct OpportunityForm {
    var kind = OpportunityKind.distributionDay.rawValue
    var title = ""
    var description = ""
    var place = ""
    var district = ""
    var date = ""
    var startTime = "09:00"
    var endTime = "12:00"
    var slots = "1"
    var skills: [String] = []

    init() {}

    init(request req: Request) {
        kind = req.formText("kind")
        title = req.formText("title")
        description = req.formText("description")
        place = req.formText("place")
        district = req.formText("district")
        date = req.formText("date")
        startTime = req.formText("startTime")
        endTime = req.formText("endTime")
        slots = req.formText("slots")
        skills = req.formTexts("skills")
    }

    init(_ opportunity: VolunteerOpportunity) {
        let riyadh = Self.riyadhParts(opportunity.startsAt)
        kind = opportunity.kind.rawValue
        title = opportunity.title
        description = opportunity.description
        place = opportunity.place
        district = opportunity.district
        date = riyadh.day
        startTime = riyadh.time
        endTime = Self.riyadhParts(opportunity.endsAt).time
        slots = String(opportunity.slots)
        skills = opportunity.skillList.map(\.rawValue)
    }

    /// "YYYY-MM-DD" and "HH:mm" in Riyadh, as the date and time boxes show them.
    static func riyadhParts(_ moment: Date) -> (day: String, time: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: moment)
        return (String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0), String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0))
    }

    struct Valid { let kind: OpportunityKind; let startsAt: Date; let endsAt: Date; let slots: Int; let skills: [VolunteerSkill] }

    /// `isNew`: a new opportunity may not start in the past; an edited one keeps its day even once it has passed.
    /// `fixedKind`: a delivery or visit asked from a request keeps its kind.
    func validate(_ req: Request, isNew: Bool, fixedKind: OpportunityKind? = nil) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let chosen = fixedKind ?? OpportunityKind(rawValue: kind)
        if chosen == nil { errors["kind"] = req.t("validation.choose") }
        if title.isEmpty { errors["title"] = req.t("validation.required") } else if title.count > 120 { errors["title"] = req.t("validation.tooLong") }
        if description.count > 1_000 { errors["description"] = req.t("validation.tooLong") }
        if place.count > 200 { errors["place"] = req.t("validation.tooLong") }
        if district.isEmpty { errors["district"] = req.t("validation.required") } else if district.count > 80 { errors["district"] = req.t("validation.tooLong") }
        let starts = ResearchController.moment(day: date, time: startTime)
        let ends = ResearchController.moment(day: date, time: endTime)
        if starts == nil { errors["date"] = req.t("volunteer.opportunity.error.when") }
        else if isNew, let starts, starts < req.now { errors["date"] = req.t("volunteer.opportunity.error.past") }
        if starts != nil, ends == nil || ends! <= starts! { errors["endTime"] = req.t("volunteer.opportunity.error.endBeforeStart") }
        let count = ArabicDigits.parseInt(slots) ?? 0
        if !(1...50).contains(count) { errors["slots"] = req.t("volunteer.opportunity.error.slots") }
        let chosenSkills = skills.compactMap(VolunteerSkill.init(rawValue:))
        if chosenSkills.count != skills.count { errors["skills"] = req.t("validation.choose") }
        guard errors.isEmpty, let chosen, let starts, let ends else { return (nil, errors) }
        return (Valid(kind: chosen, startsAt: starts, endsAt: ends, slots: count, skills: chosenSkills), [:])
    }

    func apply(_ valid: Valid, to opportunity: VolunteerOpportunity) {
        opportunity.kind = valid.kind
        opportunity.title = title
        opportunity.description = description
        opportunity.place = place
        opportunity.district = district
        opportunity.startsAt = valid.startsAt
        opportunity.endsAt = valid.endsAt
        opportunity.slots = valid.slots
        opportunity.skills = CodeList.join(valid.skills.map(\.rawValue))
    }

    /// `kinds`: the kinds offered (none when the kind is fixed by the request it serves).
    func fields(_ req: Request, errors: FieldErrors, kinds: [OpportunityKind]) -> [FormField] {
        var fields: [FormField] = []
        if !kinds.isEmpty {
            fields.append(FormField(name: "kind", label: req.t("volunteer.opportunity.kind"), kind: "select", error: errors["kind"], required: true,
                                    options: FormField.Option.choices(kinds, selected: kind, req)))
        }
        fields += [
            FormField(name: "title", label: req.t("volunteer.opportunity.title"), value: title, error: errors["title"], required: true, maxlength: 120),
            FormField(name: "description", label: req.t("volunteer.opportunity.description"), kind: "textarea", value: description,
                      hint: req.t("volunteer.opportunity.descriptionHint"), error: errors["description"], maxlength: 1_000, wide: true),
            FormField(name: "place", label: req.t("volunteer.opportunity.place"), value: place, error: errors["place"], maxlength: 200),
            FormField(name: "district", label: req.t("volunteer.opportunity.district"), value: district, error: errors["district"], required: true, maxlength: 80),
            FormField(name: "date", label: req.t("volunteer.opportunity.date"), kind: "date", value: date, error: errors["date"], required: true, dir: "ltr"),
            FormField(name: "startTime", label: req.t("volunteer.opportunity.startTime"), kind: "time", value: startTime, required: true, dir: "ltr"),
            FormField(name: "endTime", label: req.t("volunteer.opportunity.endTime"), kind: "time", value: endTime, error: errors["endTime"], required: true, dir: "ltr"),
            FormField(name: "slots", label: req.t("volunteer.opportunity.slots"), value: slots, hint: req.t("volunteer.opportunity.slotsHint"),
                      error: errors["slots"], required: true, inputmode: "numeric", dir: "ltr", maxlength: 2),
        ]
        var skillBox = FormField(name: "skills[]", label: req.t("volunteer.opportunity.skills"), kind: "checkboxes", error: errors["skills"],
                                 options: VolunteerSkill.allCases.map { .init(value: $0.rawValue, label: req.t($0.localizationKey), selected: skills.contains($0.rawValue)) })
        skillBox.wide = true
        fields.append(skillBox)
        return fields.prepared()
    }
}
