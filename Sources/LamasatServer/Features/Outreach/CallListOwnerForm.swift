import Vapor

/// Who a call list is given to: one of the staff who may call the list's files.
struct CallListOwnerForm {
    var owner = ""

    init(_ list: CallList) {
        owner = list.assignedTo?.uuidString ?? ""
    }

    init(request req: Request) {
        owner = req.formText("owner")
    }

    /// The chosen caller among `callers`; nil for anything else, which only a tampered form sends.
    func validate(callers: [StaffUser]) -> StaffUser? {
        callers.first { $0.id?.uuidString == owner }
    }

    func fields(_ req: Request, callers: [StaffUser]) -> [FormField] {
        [
            FormField(name: "owner", label: req.t("complaint.owner"), kind: "select",
                      options: FormField.Option.records(callers, selected: owner, label: \.fullName)),
        ].prepared()
    }
}
