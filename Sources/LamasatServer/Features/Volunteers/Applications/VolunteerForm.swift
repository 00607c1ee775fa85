import LamasatCore
import Vapor

/// The public volunteer sign-up form: what she typed, its checks and its fields.
struct VolunteerForm {
    var name = ""
    var phone = ""
    var email = ""
    var branch = ""
    var skills = ""
    var availability: Set<VolunteerApplication.Availability> = []
    var consent = false

    init() {}

    init(request req: Request) {
        name = req.formText("name")
        phone = req.formText("phone")
        email = req.formText("email")
        branch = req.formText("branch")
        skills = req.formText("skills")
        availability = Set(VolunteerApplication.Availability.allCases.filter { req.formCheckbox("available-\($0.rawValue)") })
        consent = req.formCheckbox("consent")
    }

    struct Valid {
        let name: String
        let phone: SaudiMobile
        let email: String
        let branch: Branch
        let skills: String
        let availability: [VolunteerApplication.Availability]
    }

    /// `branches` are the active branches she may choose.
    func validate(_ req: Request, branches: [Branch]) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        if name.isEmpty { errors["name"] = req.t("validation.required") } else if name.count > 120 { errors["name"] = req.t("validation.tooLong") }
        var mobile: SaudiMobile?
        do { mobile = try SaudiMobile(phone) } catch { errors["phone"] = req.t(error.localizationKey) }
        if !FormField.isPlausibleEmail(email) { errors["email"] = req.t("validation.email") }
        let chosen = branches.first { $0.id?.uuidString == branch }
        if chosen == nil { errors["branch"] = req.t("validation.choose") }
        if skills.isEmpty { errors["skills"] = req.t("validation.required") } else if skills.count > 1000 { errors["skills"] = req.t("validation.tooLong") }
        // PDPL: her data is kept only with her agreement.
        if !consent { errors["consent"] = req.t("volunteer.error.consent") }
        guard errors.isEmpty, let mobile, let chosen else { return (nil, errors) }
        return (Valid(name: name, phone: mobile, email: email, branch: chosen, skills: skills,
                      availability: VolunteerApplication.Availability.allCases.filter(availability.contains)), [:])
    }

    func fields(_ req: Request, branches: [Branch], errors: FieldErrors) throws -> [FormField] {
        let branchOptions = try branches.map {
            FormField.Option(value: try $0.requireID().uuidString, label: $0.name(in: req.language), selected: branch == $0.id?.uuidString)
        }
        return ([
            FormField(name: "name", label: req.t("public.case.name"), value: name, error: errors["name"], required: true, autocomplete: "name", maxlength: 120),
            FormField(name: "phone", label: req.t("public.status.mobile"), value: phone, error: errors["phone"], required: true, autocomplete: "tel",
                      inputmode: "tel", dir: "ltr", maxlength: 20),
            FormField(name: "email", label: req.t("beneficiary.field.email"), kind: "email", value: email, error: errors["email"], autocomplete: "email",
                      dir: "ltr", maxlength: 120),
            FormField(name: "branch", label: req.t("public.case.branch"), kind: "select", error: errors["branch"], required: true,
                      options: [FormField.Option(value: "", label: req.t("form.choose"), selected: branch.isEmpty)] + branchOptions),
            FormField(name: "skills", label: req.t("volunteer.skills"), kind: "textarea", value: skills, hint: req.t("volunteer.skillsHint"),
                      error: errors["skills"], required: true, maxlength: 1000),
        ] + VolunteerApplication.Availability.allCases.map {
            FormField(name: "available-\($0.rawValue)", label: req.t($0.localizationKey), kind: "checkbox", checked: availability.contains($0))
        } + [
            FormField(name: "consent", label: req.t("volunteer.consent"), kind: "checkbox", error: errors["consent"], checked: consent),
        ]).prepared()
    }
}
