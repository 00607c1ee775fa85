import Fluent
import LamasatCore
import Vapor

/// A document sent by an officer or from her portal: its type, its dates in either calendar, and the file.
struct DocumentUploadForm {
    var type = ""
    var issueDate = ""
    var issueCalendar = CalendarDay.Calendar.gregorian.rawValue
    var expiryDate = ""
    var expiryCalendar = CalendarDay.Calendar.gregorian.rawValue
    var file: File?

    /// The form is multipart (it carries the file), so it is decoded whole.
    private struct Upload: Content {
        var type: String?
        var issueDate: String?
        var issueCalendar: String?
        var expiryDate: String?
        var expiryCalendar: String?
        var file: File?
    }

    init() {}

    init(request req: Request) {
        let input = (try? req.content.decode(Upload.self)) ?? Upload()
        type = input.type ?? ""
        issueDate = (input.issueDate ?? "").trimmingWhitespace()
        issueCalendar = input.issueCalendar ?? ""
        expiryDate = (input.expiryDate ?? "").trimmingWhitespace()
        expiryCalendar = input.expiryCalendar ?? ""
        file = input.file
    }

    /// The fields in the order their messages are listed.
    static let order = ["type", "issueDate", "expiryDate", "file"]

    /// The file is checked by content (PDF, JPEG or PNG, at most 10 MB); the expiry is required where the type expires.
    func validate(_ req: Request) async throws -> (DocumentIntake.Accepted?, FieldErrors) {
        var errors: FieldErrors = [:]
        let chosen = try await UUID(uuidString: type).asyncMap { try await DocumentType.find($0, on: req.db) } ?? nil
        if chosen == nil || chosen?.isActive == false { errors["type"] = req.t("document.error.type") }
        func day(_ raw: String, _ calendar: String) -> (CalendarDay?, Bool) {
            guard !raw.isEmpty else { return (nil, true) }
            let parsed = try? CalendarDay.day(raw, calendar: CalendarDay.Calendar(rawValue: calendar) ?? .gregorian)
            return (parsed, parsed != nil)
        }
        let (issue, issueOK) = day(issueDate, issueCalendar)
        let (expiry, expiryOK) = day(expiryDate, expiryCalendar)
        if !issueOK { errors["issueDate"] = req.t("document.error.issueDate") }
        if !expiryOK { errors["expiryDate"] = req.t("document.error.expiryDate") }
        if chosen?.hasExpiry == true && expiry == nil && expiryOK { errors["expiryDate"] = req.t("document.error.expiryRequired") }
        if let issue, let expiry, expiry < issue { errors["expiryDate"] = req.t("document.error.expiryBeforeIssue") }
        let bytes = file.map { Array($0.data.readableBytesView) } ?? []
        let kind = UploadedFileKind.detect(bytes)
        if bytes.isEmpty { errors["file"] = req.t("document.error.noFile") }
        else if bytes.count > UploadedFileKind.maximumBytes { errors["file"] = req.t("document.error.tooLarge") }
        else if kind == nil { errors["file"] = req.t("document.error.kind") }
        guard errors.isEmpty, let chosen, let kind else { return (nil, errors) }
        return (DocumentIntake.Accepted(type: chosen, issue: issue, expiry: expiry, bytes: bytes, kind: kind, filename: file?.filename ?? ""), errors)
    }

    /// The file itself is chosen in the page: the partial has no `accept` for a file input.
    func fields(_ req: Request, errors: FieldErrors, types: [DocumentType]) -> [FormField] {
        func calendar(_ name: String, _ selected: String) -> FormField {
            FormField(name: name, label: req.t("beneficiary.field.birthCalendar"), kind: "select",
                      options: [CalendarDay.Calendar.gregorian, .hijri].map { FormField.Option(value: $0.rawValue, label: req.t("calendar.\($0.rawValue)"), selected: $0.rawValue == selected) })
        }
        return [
            FormField(name: "type", label: req.t("document.type"), kind: "select", error: errors["type"], required: true,
                      options: [.choose(req)] + FormField.Option.records(types, selected: type) { $0.name(in: req.language) }),
            FormField(name: "issueDate", label: req.t("document.issueDate"), value: issueDate, hint: req.t("document.dateHint"), error: errors["issueDate"],
                      inputmode: "numeric", dir: "ltr", maxlength: 10),
            calendar("issueCalendar", issueCalendar),
            FormField(name: "expiryDate", label: req.t("document.expiryDate"), value: expiryDate, hint: req.t("document.dateHint"), error: errors["expiryDate"],
                      inputmode: "numeric", dir: "ltr", maxlength: 10),
            calendar("expiryCalendar", expiryCalendar),
            FormField.upload(req, name: "file", label: req.t("document.file"), hint: req.t("document.fileHint"), error: errors["file"], required: true),
        ].prepared()
    }
}

/// An officer's verdict on a document against the original: it matches, or it does not and she says why.
struct DocumentVerifyForm {
    var outcome = ""
    var reason = ""

    init() {}

    init(request req: Request) {
        outcome = req.formText("outcome")
        reason = req.formText("reason")
    }

    /// Nil outcome: the buttons send only "matched" or "mismatch", so anything else is a bad request, not a typing error.
    func validate(_ req: Request) -> (DocumentVerification?, FieldErrors) {
        guard let chosen = DocumentVerification(rawValue: outcome), chosen != .pending else { return (nil, [:]) }
        if chosen == .mismatch && reason.isEmpty { return (nil, ["reason": req.t("document.error.reasonRequired")]) }
        return (chosen, [:])
    }

    /// `document` is the document's id: one form per row.
    func fields(_ req: Request, errors: FieldErrors, document: String) -> [FormField] {
        [FormField(name: "reason", label: req.t("document.mismatchReason"), value: reason, error: errors["reason"], maxlength: 300, key: document)].prepared()
    }
}
