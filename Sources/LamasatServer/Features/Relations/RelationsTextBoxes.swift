import LamasatCore
import Vapor

/// The one-box forms of complaints, inquiries and contact changes.
extension TextBoxForm.Box {
    /// The same box on the page that shows it and in the action that reads it.
    static func complaint(_ action: ComplaintStatus.Action, _ req: Request) -> Self {
        switch action {
        case .respond: Self(name: "response", label: req.t("complaint.response"), kind: "textarea", limit: 4000, maxlength: 4000)
        case .close: Self(name: "acknowledgement", label: req.t("complaint.acknowledgement"), hint: req.t("complaint.acknowledgementHint"), limit: 4000, maxlength: 500)
        case .reopen: Self(name: "reason", label: req.t("complaint.reopenReason"), limit: 4000, maxlength: 500, wide: true)
        }
    }

    static func escalation(_ req: Request) -> Self { Self(name: "reason", label: req.t("complaint.escalateReason"), required: false, maxlength: 500, wide: true) }
    static func adoption(_ req: Request) -> Self { Self(name: "change", label: req.t("complaint.adoptedChange"), limit: 1000, maxlength: 1000, wide: true) }
    static func contactChangeRefusal(_ req: Request) -> Self {
        Self(name: "reason", label: req.t("contactChange.reason"), kind: "textarea", limit: 500, maxlength: 500)
    }
    /// What an officer asks her when the case needs more from her; sent to her like an answer.
    static func askHer(_ req: Request) -> Self { Self(name: "ask", label: req.t("caseMessage.ask"), kind: "textarea", limit: 1000, maxlength: 1000) }
    static func inquiryAnswer(_ req: Request) -> Self { Self(name: "answer", label: req.t("inquiry.answer"), kind: "textarea", limit: 4000, maxlength: 4000) }
}
