import LamasatCore
import Vapor

/// The registration's first step: her national ID and the mobile the code goes to.
struct RegistrationStartForm {
    var nationalID = ""
    var mobile = ""

    init() {}

    init(request req: Request) {
        nationalID = req.formText("nationalID")
        mobile = req.formText("mobile")
    }

    func validate(_ req: Request) -> ((id: NationalID, mobile: SaudiMobile)?, FieldErrors) {
        var errors: FieldErrors = [:]
        let id = try? NationalID(nationalID)
        if id == nil { errors["nationalID"] = req.t("portal.error.nationalID") }
        var typed: SaudiMobile?
        do { typed = try SaudiMobile(mobile) } catch {
            errors["mobile"] = req.t((error as? any LocalizedProblem)?.localizationKey ?? "validation.invalid")
        }
        guard let id, let typed else { return (nil, errors) }
        return ((id, typed), errors)
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [FormField(name: "nationalID", label: req.t("portal.signin.nationalID"), value: String(nationalID.prefix(20)), error: errors["nationalID"],
                   required: true, autocomplete: "off", inputmode: "numeric", dir: "ltr", maxlength: 20),
         FormField(name: "mobile", label: req.t("registration.mobile"), kind: "tel", value: String(mobile.prefix(20)),
                   hint: req.t("registration.mobileHint"), error: errors["mobile"], required: true, autocomplete: "tel", inputmode: "tel",
                   dir: "ltr", maxlength: 20)].prepared()
    }
}

/// Her file's form on the website: the officers' file form (the same validators), with the ID and the mobile the
/// code proved fixed, her consent given online, and her full name typed under the declaration as her signature.
struct RegistrationFileForm {
    var file: BeneficiaryForm
    var typedName = ""
    var declarationVersion = ""

    /// What she never types here: proved by the code, or true of every online registration.
    static let fixed: Set<String> = ["nationalID", "mobile", "consentMethod"]

    init(_ registration: OnlineRegistration) {
        file = BeneficiaryForm()
        fix(registration)
    }

    init(request req: Request, _ registration: OnlineRegistration) {
        file = BeneficiaryForm(request: req)
        typedName = req.formText("typedName")
        declarationVersion = req.formText("declarationVersion")
        fix(registration)
    }

    private mutating func fix(_ registration: OnlineRegistration) {
        file["nationalID"] = registration.nationalID
        file["mobile"] = registration.mobile
        file["consentMethod"] = ConsentMethod.portal.rawValue
    }

    func validate(_ req: Request, categories: [BeneficiaryCategory], branches: [Branch]) -> (BeneficiaryForm.Valid?, FieldErrors) {
        var (valid, errors) = file.validate(req, categories: categories, branches: branches, isNew: true)
        let name = ArabicName(first: file["nameFirst"], father: file["nameFather"], grandfather: file["nameGrandfather"], family: file["nameFamily"])
        if typedName.count > 200 {
            errors["typedName"] = req.t("validation.tooLong")
        } else if ArabicSearch.normalize(typedName).isEmpty || ArabicSearch.normalize(typedName) != ArabicSearch.normalize(name.full) {
            errors["typedName"] = req.t("registration.error.typedName")
        }
        return (errors.isEmpty ? valid : nil, errors)
    }

    func sections(_ req: Request, categories: [BeneficiaryCategory], branches: [Branch], errors: FieldErrors) -> [BeneficiaryForm.Section] {
        file.sections(req, categories: categories, branches: branches, errors: errors, isNew: true).map { section in
            BeneficiaryForm.Section(title: section.title, fields: section.fields.filter { !Self.fixed.contains($0.name) }.map { field in
                var field = field
                if field.name == "branch" { field.label = req.t("registration.branch") }
                return field
            })
        }
    }

    func signatureFields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [FormField(name: "typedName", label: req.t("portal.apply.typedName"), value: String(typedName.prefix(200)), hint: req.t("registration.typedNameHint"),
                   error: errors["typedName"], required: true, autocomplete: "name", maxlength: 200)].prepared()
    }

    /// A conflict's answers for the officer who calls her: each field she filled, under the file form's labels, as a
    /// person reads it (the category and the lists by name).
    static func answerFacts(_ answers: [String: String], categories: [BeneficiaryCategory], _ req: Request) -> [FactRow] {
        FileMergeForm.fields.filter { !fixed.contains($0) }.compactMap { name in
            answers[name].flatMap { $0.isEmpty ? nil : FactRow(label: req.t("beneficiary.field.\(name)"), value: FileMergeForm.shown(name, $0, req, categories)) }
        }
    }
}
