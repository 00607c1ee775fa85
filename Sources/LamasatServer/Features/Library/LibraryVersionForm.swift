import LamasatCore
import Vapor

/// A new version of a library document: its text and/or PDF, and who approved it when, as typed.
struct LibraryVersionForm {
    var bodyArabic = ""
    var bodyEnglish = ""
    var approvedOn = ""
    var approvedBy = ""
    var file: File?

    init() {}

    /// Decoded whole: the body is multipart, with the PDF beside the text.
    init(request req: Request) {
        struct Upload: Content { var bodyArabic: String?; var bodyEnglish: String?; var approvedOn: String?; var approvedBy: String?; var file: File? }
        let input = (try? req.content.decode(Upload.self)) ?? Upload()
        func text(_ value: String?) -> String { (value ?? "").trimmingWhitespace() }
        bodyArabic = text(input.bodyArabic)
        bodyEnglish = text(input.bodyEnglish)
        approvedOn = text(input.approvedOn)
        approvedBy = text(input.approvedBy)
        file = input.file
    }

    struct Valid {
        let approvedOn: CalendarDay
        let approvedBy: String
        typealias Upload = (name: String, kind: UploadedFileKind, bytes: [UInt8])
        let upload: Upload?
    }

    /// Approved on a day not in the future, by someone; some text or a PDF (and only a PDF).
    func validate(_ req: Request) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let day = try? CalendarDay.day(approvedOn, calendar: .gregorian)
        if day == nil || day!.description > CalendarDay.today(req.now).description { errors["approvedOn"] = req.t("library.error.approvedOn") }
        if approvedBy.isEmpty { errors["approvedBy"] = req.t("validation.required") }
        var upload: Valid.Upload?
        switch StoredFiles.read(file) {
        case .success(let read): upload = read
        case .failure(let problem): errors["file"] = req.t(problem.localizationKey)
        }
        if let kind = upload?.kind, kind != .pdf { errors["file"] = req.t("library.error.pdf") }
        if bodyArabic.isEmpty && bodyEnglish.isEmpty && upload == nil { errors["bodyArabic"] = req.t("library.error.empty") }
        guard errors.isEmpty, let day else { return (nil, errors) }
        return (Valid(approvedOn: day, approvedBy: String(approvedBy.prefix(120)), upload: upload), [:])
    }

    /// The text fields; the PDF's input stays on the page, which the partial cannot give its `accept`.
    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "bodyArabic", label: req.t("library.bodyArabic"), kind: "textarea", value: bodyArabic, error: errors["bodyArabic"], maxlength: 100_000),
            FormField(name: "bodyEnglish", label: req.t("library.bodyEnglish"), kind: "textarea", value: bodyEnglish, dir: "ltr", maxlength: 100_000),
            FormField(name: "approvedOn", label: req.t("library.approvedOn"), kind: "date", value: approvedOn, error: errors["approvedOn"], required: true, dir: "ltr"),
            FormField(name: "approvedBy", label: req.t("library.approvedBy"), value: approvedBy, error: errors["approvedBy"], required: true, maxlength: 120),
        ].prepared()
    }
}
