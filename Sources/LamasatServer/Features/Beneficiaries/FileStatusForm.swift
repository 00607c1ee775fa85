import LamasatCore
import Vapor

/// A change of her file's status (registered, suspended, closed…) and the reason, which some changes require.
struct FileStatusForm {
    var status = ""
    var reason = ""

    init() {}

    init(request req: Request) {
        status = req.formText("status")
        reason = req.formText("reason")
    }

    /// The status to move to, or why not: a change the file's state does not allow, a missing reason, or the
    /// file's requirements (consent, documents) not met before it is registered.
    func validate(_ req: Request, from current: BeneficiaryStatus, requirementsComplete: Bool) -> (BeneficiaryStatus?, FieldErrors) {
        guard let target = BeneficiaryStatus(rawValue: status) else { return (nil, ["status": req.t("validation.choose")]) }
        if reason.count > 500 { return (nil, ["reason": req.t("validation.tooLong")]) }
        guard let refusal = current.check(to: target, reason: reason, requirementsComplete: requirementsComplete) else { return (target, [:]) }
        return (nil, [refusal == .reasonRequired ? "reason" : "status": req.t(refusal.localizationKey)])
    }

    func fields(_ req: Request, errors: FieldErrors, from current: BeneficiaryStatus) -> [FormField] {
        [FormField(name: "status", label: req.t("beneficiary.status"), kind: "select", error: errors["status"], required: true,
                   options: FormField.Option.choices(current.next, selected: status, req)),
         FormField(name: "reason", label: req.t("beneficiary.statusReason"), value: reason, error: errors["reason"], maxlength: 500)].prepared()
    }
}
