import LamasatCore
import Vapor

/// A committee meeting called by a manager: its branch, when and where, who sits on it, who chairs it, the quorum.
struct CommitteeMeetingForm {
    var branch = ""
    var date = ""
    var time = "10:00"
    var location = ""
    var chair = ""
    var quorum = ""
    /// The members ticked; nil on a new form, where every member of the branch is ticked.
    var members: [String]?

    init() {}

    init(request req: Request) {
        branch = req.formText("branch")
        date = req.formText("date")
        time = req.formText("time")
        location = req.formText("location")
        chair = req.formText("chair")
        quorum = req.formText("quorum")
        members = req.formTexts("members")
    }

    struct Valid { let branch: Branch; let when: Date; let location: String; let members: [StaffUser]; let chair: StaffUser; let quorum: Int }

    /// From today to a year ahead; at least the minimum of members, the chair among them, a quorum they can reach.
    func validate(_ req: Request, branches: [Branch]) async throws -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let chosen = branches.first { $0.id?.uuidString == branch }
        if chosen == nil { errors["branch"] = req.t("validation.choose") }
        let when = ResearchController.moment(day: date, time: time)
            .flatMap { $0 >= WorkingCalendar.startOfDay(CalendarDay.today(req.now)) && $0 <= req.now.addingTimeInterval(366 * 86_400) ? $0 : nil }
        if when == nil { errors["date"] = req.t("committee.error.date") }
        if location.count < 2 { errors["location"] = req.t("validation.required") }
        let candidates = try await chosen.asyncMap { try await CommitteeController.members(for: try $0.requireID(), on: req.db) } ?? []
        let picked = Set(members ?? [])
        let seated = candidates.filter { $0.id.map { picked.contains($0.uuidString) } ?? false }
        if seated.count < CommitteeQuorum.minimum { errors["members"] = req.t("committee.error.members") }
        let chairing = seated.first { $0.id?.uuidString == chair }
        if chairing == nil { errors["chair"] = req.t("committee.error.chair") }
        let count = ArabicDigits.parseInt(quorum) ?? 0
        if !CommitteeQuorum.isValid(count, members: max(seated.count, CommitteeQuorum.minimum)) || count > seated.count {
            errors["quorum"] = req.t("committee.error.quorum", String(CommitteeQuorum.minimum), String(seated.count))
        }
        guard errors.isEmpty, let chosen, let when, let chairing else { return (nil, errors) }
        return (Valid(branch: chosen, when: when, location: String(location.prefix(200)), members: seated, chair: chairing, quorum: count), errors)
    }

    /// `branchID` is the branch shown (the one typed, else the manager's); `candidates` its committee members.
    func fields(_ req: Request, errors: FieldErrors, branches: [Branch], branchID: UUID?, candidates: [StaffUser]) -> [FormField] {
        let ticked = Set(members ?? candidates.compactMap { $0.id?.uuidString })
        return [
            FormField(name: "branch", label: req.t("user.branch"), kind: "select", error: errors["branch"], required: true,
                      options: FormField.Option.records(branches, selected: branchID?.uuidString) { $0.name(in: req.language) }),
            FormField(name: "date", label: req.t("committee.date"), kind: "date", value: date, error: errors["date"], required: true, dir: "ltr"),
            FormField(name: "time", label: req.t("committee.time"), kind: "time", value: time, error: errors["time"], required: true, dir: "ltr"),
            FormField(name: "location", label: req.t("committee.location"), value: location, error: errors["location"], required: true, maxlength: 200),
            FormField(name: "chair", label: req.t("committee.chair"), kind: "select", error: errors["chair"], required: true,
                      options: [.choose(req)] + FormField.Option.records(candidates, selected: chair) { $0.fullName }),
            FormField(name: "quorum", label: req.t("committee.quorum"), value: quorum.isEmpty ? String(CommitteeQuorum.suggested(members: max(candidates.count, 3))) : quorum,
                      hint: req.t("committee.quorumHint"), error: errors["quorum"], required: true, inputmode: "numeric", dir: "ltr", maxlength: 2),
            FormField(name: "members[]", label: req.t("committee.members"), kind: "checkboxes", error: errors["members"], required: true,
                      options: FormField.Option.records(candidates, selected: nil) { $0.fullName }.map { FormField.Option(value: $0.value, label: $0.label, selected: ticked.contains($0.value)) }),
        ].prepared()
    }
}
