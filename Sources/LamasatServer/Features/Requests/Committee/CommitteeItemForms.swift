import LamasatCore
import Vapor

/// A member's vote on one request of the agenda: she first states she has no conflict of interest in it (or declares
/// one with the separate button, sent as the hidden `conflict`).
struct VoteForm {
    var conflict = false
    var noConflict = false
    var vote = ""
    var note = ""

    init() {}

    init(request req: Request) {
        conflict = req.formCheckbox("conflict")
        noConflict = req.formCheckbox("noConflict")
        vote = req.formText("vote")
        note = req.formText("note")
    }

    struct Valid { let conflict: Bool; let vote: CommitteeVote?; let note: String }

    func validate(_ req: Request) -> (Valid?, FieldErrors) {
        let choice = CommitteeVote(rawValue: vote)
        if !conflict {
            if !noConflict { return (nil, ["noConflict": req.t("committee.error.declareConflict")]) }
            if choice == nil { return (nil, ["vote": req.t("committee.error.vote")]) }
        }
        return (Valid(conflict: conflict, vote: conflict ? nil : choice, note: String(note.prefix(500))), [:])
    }

    /// `key` is the request's id: one vote form per agenda item.
    func fields(_ req: Request, errors: FieldErrors, key: String) -> [FormField] {
        [
            FormField(name: "noConflict", label: req.t("committee.noConflict"), kind: "checkbox", error: errors["noConflict"], checked: noConflict, key: key),
            FormField(name: "vote", label: req.t("committee.yourVote"), kind: "select", error: errors["vote"], required: true,
                      options: [.choose(req)] + FormField.Option.choices(CommitteeVote.allCases, selected: vote, req), key: key),
            FormField(name: "note", label: req.t("committee.note"), value: note, error: errors["note"], maxlength: 500, key: key),
        ].prepared()
    }
}

/// The presiding member's decision on one request: approve with an amount, or reject with a reason from the catalog.
struct DecisionForm {
    var outcome = CommitteeVote.approve.rawValue
    var amount = ""
    var reasonID = ""
    var note = ""
    /// The fund an approved financial amount is paid from (issue 18).
    var fundID = ""

    init() {}

    init(request req: Request) {
        outcome = req.formText("outcome")
        amount = req.formText("amount")
        reasonID = req.formText("reasonID")
        note = req.formText("note")
        fundID = req.formText("fundID")
    }

    struct Valid { let action: SupportRequestAction; let amount: Money; let reason: RejectionReason?; let note: String }

    /// The typing only: quorum, majority, the amount's presence and ceiling and the rejection's reason are the state
    /// machine's to refuse.
    func validate(_ req: Request) async throws -> (Valid?, FieldErrors) {
        guard ["approve", "reject"].contains(outcome) else { return (nil, ["outcome": req.t("committee.error.outcome")]) }
        let action: SupportRequestAction = outcome == "approve" ? .approve : .reject
        var money = Money.zero
        if action == .approve, !amount.isEmpty {
            do { money = try Money(amount) } catch { return (nil, ["amount": req.t(error.localizationKey)]) }
        }
        let reason = action == .reject ? try await UUID(uuidString: reasonID).asyncMap { try await RejectionReason.find($0, on: req.db) } ?? nil : nil
        return (Valid(action: action, amount: money, reason: reason, note: note), [:])
    }

    /// `key` is the request's id; `ceiling` the support type's, said under the amount; `funds` the funds a financial
    /// approval may be paid from (nil for other support types).
    func fields(_ req: Request, errors: FieldErrors, key: String, ceiling: String?, reasons: [RejectionReason],
                funds: [FormField.Option]? = nil) -> [FormField] {
        let key = "decision-" + key
        var fields = [
            FormField(name: "outcome", label: req.t("committee.decision"), kind: "select", error: errors["outcome"],
                      options: FormField.Option.choices([CommitteeVote.approve, .reject], selected: outcome, req), key: key),
            FormField(name: "amount", label: req.t("committee.approvedAmount"), value: amount, hint: ceiling.map { req.t("request.upTo", $0) },
                      error: errors["amount"], inputmode: "decimal", dir: "ltr", maxlength: 16, key: key),
            FormField(name: "reasonID", label: req.t("committee.rejectionReason"), kind: "select", error: errors["reasonID"],
                      options: [.choose(req)] + FormField.Option.records(reasons, selected: reasonID) { $0.name(in: req.language) }, key: key),
            FormField(name: "note", label: req.t("committee.note"), value: note, error: errors["note"], maxlength: 1000, key: key),
        ]
        if let funds {
            fields.insert(FormField(name: "fundID", label: req.t("fund.paidFromChoice"), kind: "select", hint: req.t("fund.paidFromHint"),
                                    // Needed for an approval only (checked on the server): a rejection is sent without one.
                                    error: errors["fundID"],
                                    options: [FormField.Option.choose(req)] + funds.map { FormField.Option(value: $0.value, label: $0.label, selected: $0.value == fundID) },
                                    key: key), at: 2)
        }
        return fields.prepared()
    }
}

/// The organiser names who presides over one item when the chair declared a conflict of interest in it.
struct ActingChairForm {
    var member = ""

    init() {}

    init(request req: Request) {
        member = req.formText("member")
    }

    /// A member of the meeting, not the chair, with no conflict in the item.
    func validate(_ req: Request, members: [CommitteeMember], conflicted: Set<UUID>) -> (CommitteeMember?, FieldErrors) {
        guard let chosen = members.first(where: { $0.userID.uuidString == member }), !chosen.isChair, !conflicted.contains(chosen.userID) else {
            return (nil, ["member": req.t("committee.error.actingChair")])
        }
        return (chosen, [:])
    }

    /// `choices` are the members who may preside (see CommitteeMeetingPage).
    func fields(_ req: Request, errors: FieldErrors, key: String, choices: [FormField.Option]) -> [FormField] {
        [
            FormField(name: "member", label: req.t("committee.nameActingChair"), kind: "select", error: errors["member"], required: true,
                      options: [.choose(req)] + choices.map { FormField.Option(value: $0.value, label: $0.label, selected: member.isEmpty ? $0.selected : $0.value == member) },
                      key: key),
        ].prepared()
    }
}
