import Fluent
import LamasatCore
import Vapor

/// One pasted message: what was said where, and, while it is new, a search for her file and the forms that turn it
/// into a contact, an inquiry, a complaint or a suggestion, or dismiss it. Once handled it links to what it became.
enum SocialMessagePage {
    struct Outcome: Encodable { let label: String; let reference: String; let path: String }
    struct ChosenFile: Encodable { let name: String; let number: String; let clearPath: String }
    struct Candidate: Encodable { let name: String; let number: String; let path: String }

    struct View: Encodable {
        let page: PageContext
        let id: String
        let platform: String
        let handle: String
        let text: String
        let link: String?
        let status: String
        let statusCode: String
        let facts: [FactRow]
        let outcome: Outcome?
        let dismissReason: String?
        let isNew: Bool
        var file: ChosenFile?
        var search: [FormField]?
        var candidates: [Candidate]?
        var searchedNothing: Bool
        /// `?beneficiary=…` when a file was chosen: every action form posts it back.
        let fileQuery: String
        var contact: [FormField]?
        var inquiry: [FormField]?
        var complaint: [FormField]?
        var suggestion: [FormField]?
        var dismiss: [FormField]?
        /// The action whose form is shown open (the one refused with errors).
        let open: String
        let error: String?
    }

    static func reachable(_ req: Request) async throws -> SocialMessage {
        try await req.scoped(SocialMessage.self, id: req.parameters.get("socialID"), branch: \.$branchID)
    }

    static func show(req: Request, error: String? = nil, errors: FieldErrors = [:], status: HTTPStatus = .ok) async throws -> Response {
        let staff = try req.requireStaff()
        let message = try await reachable(req)
        let id = try message.requireID().uuidString
        try await req.auditView("social_message", id: id)
        let formatter = DualCalendarFormatter(language: req.language)
        let names = try await StaffUser.names(Set([message.enteredBy, message.handledBy].compactMap { $0 }), on: req.db)
        var facts = [
            FactRow(label: req.t("social.platform"), value: req.t(message.platform.localizationKey), dir: nil),
            FactRow(label: req.t("social.handle"), value: message.displayHandle, dir: "auto"),
            FactRow(label: req.t("social.receivedAt"), value: formatter.dateTime(message.receivedAt).combined, dir: nil),
            FactRow(label: req.t("social.enteredBy"), value: "\(names[message.enteredBy] ?? "—") · \(formatter.dateTime(message.enteredAt).combined)", dir: nil),
        ]
        if let by = message.handledBy, let at = message.handledAt {
            facts.append(FactRow(label: req.t("social.handledBy"), value: "\(names[by] ?? "—") · \(formatter.dateTime(at).combined)", dir: nil))
        }
        let isNew = message.status == .new
        // The posted action (its last path part) decides which form shows what was typed and stays open.
        let posted = req.method == .POST ? String(req.url.path.split(separator: "/").last ?? "") : ""
        let file = isNew ? try await req.caseFile() : nil
        let fileQuery = try file.map { "?beneficiary=\(try $0.requireID().uuidString)" } ?? ""
        var view = View(
            page: PageContext(req, title: req.t("social.title", message.displayHandle)), id: id, platform: req.t(message.platform.localizationKey),
            handle: message.displayHandle, text: message.text, link: message.link.isEmpty ? nil : message.link,
            status: req.t(message.status.localizationKey), statusCode: message.status.tagClass, facts: facts,
            outcome: try await outcome(of: message, req), dismissReason: message.status == .dismissed ? message.dismissReason : nil,
            isNew: isNew, file: nil, search: nil, candidates: nil, searchedNothing: false, fileQuery: fileQuery,
            contact: nil, inquiry: nil, complaint: nil, suggestion: nil, dismiss: nil, open: posted, error: error)
        guard isNew else { return try await req.render("social/show", view).encodeResponse(status: status, for: req) }
        if let file {
            view.file = ChosenFile(name: file.name.full, number: file.fileNumber, clearPath: "/social/\(id)")
        }
        let typed = req.formText("q")
        let found = posted == "find" && !typed.isEmpty ? try await candidates(typed, message: id, req) : nil
        view.search = [FormField(name: "q", label: req.t("social.findFile"), kind: "search", value: typed, hint: req.t("social.findFileHint"),
                                 autocomplete: "off", maxlength: 120)].prepared()
        view.candidates = found?.nonEmpty
        view.searchedNothing = found?.isEmpty == true
        func caseForm(_ outcome: SocialOutcome) async throws -> [FormField] {
            let form = posted == outcome.rawValue ? SocialCaseForm(outcome, request: req) : nil
            let categories = try await SocialCaseForm.categories(outcome == .inquiry ? .inquiry : .complaint, on: req.db)
            return try (form ?? SocialCaseForm(outcome, message: message, categories: categories)).fields(req, file: file, categories: categories, errors: errors)
        }
        let dismissal = posted == "dismiss" ? TextBoxForm(.socialDismissal(req), request: req) : TextBoxForm(.socialDismissal(req))
        view.contact = (posted == "contact" ? SocialContactForm(request: req) : SocialContactForm(message, req)).fields(req, errors: errors)
        if staff.can(.handleInquiries) { view.inquiry = try await caseForm(.inquiry) }
        if staff.can(.handleComplaints) { (view.complaint, view.suggestion) = (try await caseForm(.complaint), try await caseForm(.suggestion)) }
        view.dismiss = dismissal.fields(req, errors: errors)
        return try await req.render("social/show", view).encodeResponse(status: status, for: req)
    }

    /// Files matching what was typed, within her reach, as the file search finds them (and audited the same way).
    static func candidates(_ typed: String, message id: String, _ req: Request) async throws -> [Candidate] {
        let staff = try req.requireStaff()
        var query = BeneficiaryRegistry.Query()
        query.text = String(typed.prefix(120))
        let found = try await BeneficiaryRegistry.search(query, staff: staff, today: req.now, pageSize: 10, on: req.db)
        let byID = if case .nationalID = BeneficiaryRegistry.interpret(query.text) { true } else { false }
        try await req.audit(byID ? "beneficiary.searchByID" : "beneficiary.listed", outcome: .success, detail: "results=\(found.total) from=social")
        return found.rows.map {
            Candidate(name: $0.name.full, number: Beneficiary.fileNumber($0.file_sequence), path: "/social/\(id)?beneficiary=\($0.id.uuidString)")
        }
    }

    /// What a handled message became, named by its number, and where it is.
    static func outcome(of message: SocialMessage, _ req: Request) async throws -> Outcome? {
        guard let kind = message.outcomeKind, let recordID = message.outcomeID, let path = message.outcomePath else { return nil }
        let reference: String = switch kind {
        case .inquiry: try await Inquiry.find(recordID, on: req.db)?.number ?? "—"
        case .complaint, .suggestion: try await Complaint.find(recordID, on: req.db)?.number ?? "—"
        case .contact: try await Beneficiary.find(message.beneficiaryID, on: req.db)?.name.full ?? req.t("social.noFile")
        }
        return Outcome(label: req.t(kind.localizationKey), reference: reference, path: path)
    }
}
