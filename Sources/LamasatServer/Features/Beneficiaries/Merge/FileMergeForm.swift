import LamasatCore
import Vapor

/// The merge form: for each field the two files hold differently, whether the survivor keeps its own value or takes
/// the other file's; and the versions the manager saw.
struct FileMergeForm {
    /// The fields compared, in the file form's order (her branch, consent and status are the survivor's).
    static let fields = ["nationalID", "nameFirst", "nameFather", "nameGrandfather", "nameFamily", "nameLatin", "birthDate", "category",
                         "nationality", "mobile", "alternatePhone", "email", "addressBuilding", "addressStreet", "addressDistrict", "addressCity",
                         "addressPostalCode", "addressAdditional", "addressShort", "education", "employment", "monthlyIncome", "incomeSources",
                         "housing", "monthlyRent", "healthNotes", "hasDisability", "iban"]

    /// The fields taken from the other file.
    var picks: Set<String> = []
    var survivorVersion = ""
    var otherVersion = ""

    init() {}

    init(request req: Request) {
        picks = Set(Self.fields.filter { req.formText("pick_\($0)") == "other" })
        survivorVersion = req.formText("survivorVersion")
        otherVersion = req.formText("otherVersion")
    }

    /// The survivor's form with the picked values of the other file.
    func merged(_ survivor: Beneficiary, _ other: Beneficiary) -> BeneficiaryForm {
        var form = BeneficiaryForm(survivor)
        let theirs = BeneficiaryForm(other)
        for field in picks { form[field] = theirs[field] }
        return form
    }

    struct Row: Encodable {
        let name: String
        let label: String
        let mine: String
        let theirs: String
        let differs: Bool
        let takeTheirs: Bool
        let error: String?
    }

    func rows(_ req: Request, survivor: Beneficiary, other: Beneficiary, categories: [BeneficiaryCategory], errors: FieldErrors) -> [Row] {
        let (mine, theirs) = (BeneficiaryForm(survivor), BeneficiaryForm(other))
        return Self.fields.map { field in
            Row(name: field, label: req.t("beneficiary.field.\(field)"), mine: Self.shown(field, mine[field], req, categories),
                theirs: Self.shown(field, theirs[field], req, categories), differs: mine[field] != theirs[field], takeTheirs: picks.contains(field),
                error: errors[field])
        }
    }

    /// A value as a person reads it: names for the category and the lists, yes or no, "—" for nothing.
    static func shown(_ field: String, _ value: String, _ req: Request, _ categories: [BeneficiaryCategory]) -> String {
        switch field {
        case "category": return categories.first { $0.id?.uuidString == value }?.name(in: req.language) ?? "—"
        case "education": return Education(rawValue: value).map { req.t($0.localizationKey) } ?? "—"
        case "employment": return Employment(rawValue: value).map { req.t($0.localizationKey) } ?? "—"
        case "housing": return Housing(rawValue: value).map { req.t($0.localizationKey) } ?? "—"
        case "hasDisability": return req.t(value.isEmpty ? "common.no" : "common.yes")
        default: return value.isEmpty ? "—" : value
        }
    }
}
