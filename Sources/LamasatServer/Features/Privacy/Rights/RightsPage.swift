import Fluent
import LamasatCore
import Vapor

/// One rights request's page: the deadline in working days left (or how late), what she asked, her file, the steps
/// done, and the form of the step that comes next; a link to what answers her (her data export, her file's edit).
enum RightsPage {
    struct Link: Encodable { let label: String; let path: String }

    struct ShowView: Encodable {
        let page: PageContext
        let id: String; let reference: String; let status: String; let statusCode: String
        let clock: String; let clockCode: String; let deadline: String
        let fileName: String; let filePath: String
        let facts: [FactRow]; let links: [Link]?; let alert: String?; let steps: [StepForm]?
    }

    /// The deadline in a few words: working days left, due today, or how many days late; answered in time or late.
    static func clock(_ r: RightsRequest, _ req: Request, calendar: WorkingCalendar) -> (text: String, code: String) {
        if let inTime = r.answeredInTime { return (req.t(inTime ? "rights.clock.inTime" : "rights.clock.late"), inTime ? "inTime" : "late") }
        guard let left = RightsDeadline(calendar: calendar).workingDaysLeft(until: r.deadline, now: req.now) else {
            let days = max(1, Int((req.now.timeIntervalSince(r.deadline) / 86_400).rounded(.up)))
            return (req.t("rights.clock.overdue", String(days)), "overdue")
        }
        return left == 0 ? (req.t("rights.clock.today"), "dueSoon") : (req.t("rights.clock.left", String(left)), left <= 5 ? "dueSoon" : "running")
    }

    static func render(_ req: Request, _ r: RightsRequest, typed: [String: String] = [:], errors: FieldErrors = [:], alert: String? = nil,
                       status: HTTPStatus) async throws -> Response {
        let id = try r.requireID().uuidString
        let staff = try req.requireStaff()
        let file = try await Beneficiary.find(r.beneficiaryID, on: req.db)
        let formatter = DualCalendarFormatter(language: req.language)
        let when = { (d: Date?) in d.map { formatter.dateTime($0).combined } ?? "—" }
        let names = try await StaffUser.names(Set([r.recordedBy, r.identityCheckedBy, r.decidedBy, r.answeredBy].compactMap { $0 }), on: req.db)
        let by = { (u: UUID?) in u.flatMap { names[$0] } ?? req.t("rights.source.portal") }
        let clock = clock(r, req, calendar: try await Holiday.calendar(on: req.db))
        var facts = [
            FactRow(label: req.t("rights.field.kind"), value: req.t(r.kind.localizationKey)),
            FactRow(label: req.t("rights.field.details"), value: r.details.isEmpty ? "—" : r.details),
            FactRow(label: req.t("rights.received"), value: "\(when(r.receivedAt)) · \(req.t(r.source.localizationKey)) · \(by(r.recordedBy))"),
            FactRow(label: req.t("rights.dueAt"), value: when(r.dueAt)),
        ]
        if let extended = r.extendedDueAt { facts.append(FactRow(label: req.t("rights.extendedTo"), value: "\(when(extended)) · \(r.extensionReason)")) }
        if let at = r.identityCheckedAt, let method = RightsIdentityMethod(rawValue: r.identityMethod) {
            facts.append(FactRow(label: req.t("rights.identity"), value: "\(req.t(method.localizationKey)) · \(when(at)) · \(by(r.identityCheckedBy))"))
        }
        if let decision = r.decision {
            facts.append(FactRow(label: req.t("rights.field.decision"), value: "\(req.t(decision.localizationKey)) · \(when(r.decidedAt)) · \(by(r.decidedBy))"))
            if !r.decisionReasons.isEmpty { facts.append(FactRow(label: req.t("rights.field.reasons"), value: r.decisionReasons)) }
        }
        if let at = r.answeredAt, let method = RightsAnswerMethod(rawValue: r.answerMethod) {
            facts.append(FactRow(label: req.t("rights.answered"), value: "\(req.t(method.localizationKey)) · \(when(at)) · \(by(r.answeredBy))"
                              + (r.answerNote.isEmpty ? "" : " — \(r.answerNote)")))
        }
        let filePath = "/beneficiaries/\(r.beneficiaryID.uuidString)"
        var links: [Link] = []
        if [.access, .copy].contains(r.kind), staff.can(.exportPersonalData) {
            links.append(Link(label: req.t("rights.link.export"), path: "\(filePath)/export"))
            links.append(Link(label: req.t("rights.link.exportJSON"), path: "\(filePath)/export.json"))
        }
        if r.kind == .correction, staff.can(.editBeneficiaries) { links.append(Link(label: req.t("rights.link.edit"), path: "\(filePath)/edit")) }
        if [.deletion, .restriction].contains(r.kind) { links.append(Link(label: req.t("rights.link.consents"), path: "\(filePath)?tab=consent")) }
        try await req.auditView("rights_request", id: id)
        return try await req.render("privacy/rights-request", ShowView(
            page: PageContext(req, title: req.t("rights.titleOne", r.reference)), id: id, reference: r.reference,
            status: req.t(r.status.localizationKey), statusCode: r.status.rawValue, clock: clock.text, clockCode: clock.code, deadline: when(r.deadline),
            fileName: file?.name.full ?? "—", filePath: filePath, facts: facts, links: links.nonEmpty, alert: alert,
            steps: steps(req, r, typed: typed, errors: errors).nonEmpty
        )).encodeResponse(status: status, for: req)
    }

    static func steps(_ req: Request, _ r: RightsRequest, typed: [String: String], errors: FieldErrors) -> [StepForm] {
        let base = "/rights/\(r.id!.uuidString)"
        func select<T: RawRepresentable>(_ step: String, _ name: String, _ cases: [T], key: (T) -> String) -> FormField where T.RawValue == String {
            FormField(name: name, label: req.t("rights.field.\(name)"), kind: "select", error: errors["\(step).\(name)"], required: true,
                      options: [FormField.Option.choose(req)] + cases.map { .init(value: $0.rawValue, label: req.t(key($0)), selected: typed[name] == $0.rawValue) },
                      key: step)
        }
        func text(_ step: String, _ name: String, required: Bool, max: Int, hint: Bool = true) -> FormField {
            FormField(name: name, label: req.t("rights.field.\(name)"), kind: "textarea", value: typed[name] ?? "",
                      hint: hint ? req.t("rights.field.\(name).hint") : nil, error: errors["\(step).\(name)"], required: required, maxlength: max,
                      key: step, wide: true)
        }
        var steps: [StepForm] = []
        switch r.status {
        case .received:
            steps.append(StepForm(key: "identity", title: req.t("rights.step.identity"), action: "\(base)/identity",
                              fields: [select("identity", "method", [RightsIdentityMethod.idSeen, .callBack]) { $0.localizationKey }].prepared(),
                              button: req.t("rights.step.identity.button")))
        case .verified:
            steps.append(StepForm(key: "decide", title: req.t("rights.step.decide"), action: "\(base)/decide",
                              fields: [select("decide", "decision", RightsDecision.allCases) { $0.localizationKey },
                                       text("decide", "reasons", required: false, max: 2_000)].prepared(), button: req.t("rights.step.decide.button")))
        case .decided:
            let today = CalendarDay.dayAndTime(req.now)
            steps.append(StepForm(key: "answer", title: req.t("rights.step.answer"), action: "\(base)/answer", fields: [
                FormField(name: "day", label: req.t("rights.field.day"), kind: "date", value: typed["day"] ?? today.day, error: errors["answer.day"],
                          required: true, dir: "ltr", key: "answer"),
                select("answer", "answerMethod", RightsAnswerMethod.allCases) { $0.localizationKey },
                text("answer", "answerNote", required: false, max: 1_000, hint: false),
            ].prepared(), button: req.t("rights.step.answer.button")))
        case .answered:
            break
        }
        if r.status.isOpen && r.extendedDueAt == nil {
            steps.append(StepForm(key: "extend", title: req.t("rights.step.extend"), action: "\(base)/extend", fields: [
                FormField(name: "days", label: req.t("rights.field.days"), value: typed["days"] ?? String(RightsDeadline.maximumExtension),
                          hint: req.t("rights.field.days.hint"), error: errors["extend.days"], required: true, inputmode: "numeric", dir: "ltr", maxlength: 2,
                          key: "extend"),
                text("extend", "extensionReason", required: true, max: 1_000),
            ].prepared(), button: req.t("rights.step.extend.button")))
        }
        return steps
    }
}
