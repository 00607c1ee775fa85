import LamasatCore
import Vapor

/// The one "why" box of an action on a request (referral, return to her, reassignment, withdrawal): required, at most
/// 500 characters (what a transition's note keeps).
struct ReasonForm {
    var reason = ""

    init() {}

    init(request req: Request) {
        reason = req.formText("reason")
    }

    /// `missing` is the localized text shown when the box is left empty, which says what the reason is for; nil when
    /// the request's state machine decides whether a reason is needed (returning, withdrawing) and refuses without one.
    func validate(_ req: Request, missing: String?) -> (String?, FieldErrors) {
        if reason.isEmpty, let missing { return (nil, ["reason": missing]) }
        if reason.count > 500 { return (nil, ["reason": req.t("validation.tooLong")]) }
        return (reason, [:])
    }

    /// `key` tells the boxes of one page apart (they share the name "reason").
    func field(_ req: Request, label: String, key: String, kind: String = "textarea", errors: FieldErrors) -> FormField {
        FormField(name: "reason", label: label, kind: kind, value: reason, error: errors["reason"], required: true, maxlength: 500, key: key)
    }

    /// Returning the request to her: what she must bring or correct.
    func returnFields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [field(req, label: req.t("verification.returnReason"), key: "return", errors: errors)].prepared()
    }

    func withdrawFields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [field(req, label: req.t("request.withdrawReason"), key: "withdraw", kind: "text", errors: errors)].prepared()
    }

    /// The page shown when the state machine refuses: its "write the reason" goes on this box, any other refusal on top.
    func refusedPage(_ req: Request, key: String, fields: @escaping @Sendable (ReasonForm, FieldErrors) -> [FormField]) -> @Sendable (String) async throws -> Response {
        let form = self
        return { message in
            guard message == req.t(SupportRequestRefusal.reasonRequired.localizationKey) else {
                return try await RequestPage.show(req, error: message, status: .conflict)
            }
            return try await RequestPage.show(req, status: .conflict, redo: .init(key: key, fields: fields(form, ["reason": message])))
        }
    }
}

/// Who studies the request and why: the referral at the end of verification and the hand-over to another researcher.
struct ReferralForm {
    /// A researcher's id, or "auto" for the least loaded of the branch.
    var researcher = "auto"
    var why = ReasonForm()

    init() {}

    init(request req: Request) {
        researcher = req.formText("researcher")
        why = ReasonForm(request: req)
    }

    /// The researcher chosen (an eligible one of the request's branch) and the reason.
    func validate(_ req: Request, for request: SupportRequest) async throws -> ((researcher: StaffUser, reason: String)?, FieldErrors) {
        var (reason, errors) = why.validate(req, missing: req.t("request.error.referralReason"))
        let chosen: StaffUser?
        if researcher == "auto" || researcher.isEmpty {
            chosen = try await Researchers.leastLoaded(for: request.branchID, on: req.db)
        } else if let id = UUID(uuidString: researcher) {
            chosen = try await Researchers.eligible(for: request.branchID, on: req.db).first { $0.id == id }
        } else {
            chosen = nil
        }
        if chosen == nil { errors["researcher"] = req.t("request.error.noResearcher") }
        guard let chosen, let reason, errors.isEmpty else { return (nil, errors) }
        return ((chosen, reason), errors)
    }

    /// The referral at the end of verification.
    func referralFields(_ req: Request, errors: FieldErrors, options: [FormField.Option]) -> [FormField] {
        fields(req, errors: errors, options: options, key: "referral", researcherLabel: req.t("research.researcher"), reasonLabel: req.t("verification.referralReason"))
    }

    /// The hand-over to another researcher.
    func reassignFields(_ req: Request, errors: FieldErrors, options: [FormField.Option]) -> [FormField] {
        fields(req, errors: errors, options: options, key: "reassign", researcherLabel: req.t("research.reassignTo"),
               reasonLabel: req.t("research.reassignReason"), reasonKind: "text")
    }

    /// `options` come from `Researchers.options`; `key` tells the two forms apart.
    private func fields(_ req: Request, errors: FieldErrors, options: [FormField.Option], key: String, researcherLabel: String, reasonLabel: String,
                reasonKind: String = "textarea") -> [FormField] {
        [
            FormField(name: "researcher", label: researcherLabel, kind: "select", error: errors["researcher"],
                      options: options.map { FormField.Option(value: $0.value, label: $0.label, selected: $0.value == researcher) }, key: key),
            why.field(req, label: reasonLabel, key: key, kind: reasonKind, errors: errors),
        ].prepared()
    }
}
