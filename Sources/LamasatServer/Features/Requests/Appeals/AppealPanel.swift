import Fluent
import LamasatCore
import Vapor

/// The request page's appeal section: her appeal (reasons, how and when lodged, new documents) and the committee's
/// final answer with its letter; or, while the period runs after a rejection, the form an officer records it with.
struct AppealPanel: Encodable {
    let facts: [FactRow]?
    let documents: [String]?
    let letter: String?
    let deadline: String?
    let form: [FormField]?

    static func reasonsBox(_ req: Request) -> TextBoxForm.Box {
        .init(name: "reasons", label: req.t("appeal.reasons"), kind: "textarea", hint: req.t("appeal.reasonsHint"), limit: AppealIntake.reasonsLimit,
              maxlength: AppealIntake.reasonsLimit, missing: req.t("appeal.refusal.reasonsRequired"))
    }

    static func make(_ request: SupportRequest, staff: StaffContext, path: String, redo: [FormField]?, req: Request) async throws -> AppealPanel? {
        let formatter = DualCalendarFormatter(language: req.language)
        guard let appeal = try await RequestAppeal.query(on: req.db).filter(\.$requestID == request.requireID()).first() else {
            guard let deadline = try await AppealIntake.deadline(request, on: req.db) else { return nil }
            let open = req.now <= deadline
            return AppealPanel(facts: nil, documents: nil, letter: nil,
                               deadline: req.t(open ? "appeal.deadline" : "appeal.deadlinePassed", formatter.dateTime(deadline).combined),
                               form: open && staff.can(.takeRequests) ? redo ?? TextBoxForm(reasonsBox(req)).fields(req, errors: [:]) : nil)
        }
        var facts = [
            FactRow(label: req.t("appeal.status"), value: req.t(appeal.status.localizationKey)),
            FactRow(label: req.t("appeal.lodgedAt"), value: formatter.dateTime(appeal.lodgedAt).combined),
            FactRow(label: req.t("appeal.source"), value: req.t(appeal.source.localizationKey)),
            FactRow(label: req.t("appeal.reasons"), value: appeal.reasons),
        ]
        if let decidedAt = appeal.decidedAt {
            let meeting = try await CommitteeMeeting.find(appeal.meetingID, on: req.db)
            facts += [FactRow(label: req.t("committee.meeting"), value: meeting?.number ?? "—", dir: "ltr"),
                      FactRow(label: req.t("committee.decidedAt"), value: formatter.date(decidedAt).combined),
                      FactRow(label: req.t("letter.number"), value: appeal.letterNumber, dir: "ltr")]
            if appeal.approvedAmount > 0 {
                facts.append(FactRow(label: req.t("committee.approvedAmount"), value: Money(halalas: appeal.approvedAmount).formatted(req.language)))
            }
            if let reason = try await RejectionReason.find(appeal.reasonID, on: req.db) {
                facts.append(FactRow(label: req.t("committee.rejectionReason"), value: reason.name(in: req.language)))
            }
            if !appeal.decisionNote.isEmpty { facts.append(FactRow(label: req.t("committee.note"), value: appeal.decisionNote)) }
        }
        let documents = try await AppealIntake.newDocuments(appeal, on: req.db).map {
            "\($0.type.name(in: req.language)) — \(formatter.date($0.uploadedAt).combined)"
        }
        return AppealPanel(facts: facts, documents: documents.nonEmpty, letter: appeal.decidedAt == nil ? nil : "\(path)/appeal/letter",
                           deadline: nil, form: nil)
    }
}
