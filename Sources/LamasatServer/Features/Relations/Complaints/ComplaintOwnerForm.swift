import Vapor

/// Who owns a complaint: the colleague chosen, checked against those who may own it (`ComplaintActions.assignable`).
struct ComplaintOwnerForm {
    var owner = ""

    init(_ complaint: Complaint) { owner = complaint.assignedTo?.uuidString ?? "" }

    init(request req: Request) { owner = req.formText("owner") }

    func validate(_ req: Request, among assignable: [StaffUser]) -> (StaffUser?, FieldErrors) {
        let chosen = assignable.first { $0.id?.uuidString == owner }
        return (chosen, chosen == nil ? ["owner": req.t("validation.choose")] : [:])
    }

    func fields(_ req: Request, among assignable: [StaffUser], errors: FieldErrors) -> [FormField] {
        [FormField(name: "owner", label: req.t("complaint.owner"), kind: "select", error: errors["owner"],
                   options: [.choose(req)] + FormField.Option.records(assignable, selected: owner) { $0.fullName })].prepared()
    }
}
