import LamasatCore
import Vapor

/// An unclear inquiry referred to a researcher: the one chosen (or the least loaded, "auto") and why.
struct InquiryReferralForm {
    var researcher = "auto"
    var reason: TextBoxForm

    init(_ req: Request) { reason = TextBoxForm(Self.reasonBox(req)) }

    init(request req: Request) {
        researcher = req.formText("researcher")
        reason = TextBoxForm(Self.reasonBox(req), request: req)
    }

    /// The reason is kept to 500 characters, as the box offers.
    static func reasonBox(_ req: Request) -> TextBoxForm.Box {
        TextBoxForm.Box(name: "reason", label: req.t("inquiry.referReason"), maxlength: 500, wide: true)
    }

    /// A reason, and a researcher who reaches the inquiry's branch.
    func validate(_ req: Request, branch: UUID) async throws -> ((researcher: StaffUser, reason: String)?, FieldErrors) {
        var (text, errors) = reason.validate(req, error: req.t("request.error.referralReason"))
        let chosen = researcher == "auto" || researcher.isEmpty
            ? try await Researchers.leastLoaded(for: branch, on: req.db)
            : try await Researchers.eligible(for: branch, on: req.db).first { $0.id?.uuidString == researcher }
        if chosen == nil { errors["researcher"] = req.t("request.error.noResearcher") }
        guard let text, let chosen else { return (nil, errors) }
        return ((chosen, String(text.prefix(500))), errors)
    }

    func fields(_ req: Request, researchers: [StaffUser], errors: FieldErrors) -> [FormField] {
        [FormField(name: "researcher", label: req.t("research.researcher"), kind: "select", error: errors["researcher"],
                   options: [FormField.Option(value: "auto", label: req.t("research.leastLoaded"), selected: researcher == "auto" || researcher.isEmpty)]
                       + FormField.Option.records(researchers, selected: researcher) { $0.fullName }),
         reason.field(errors: errors)].prepared()
    }
}
