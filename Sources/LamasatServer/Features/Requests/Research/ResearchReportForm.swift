import LamasatCore
import Vapor

/// The researcher's report to the committee: what she found and what she recommends.
struct ResearchReportForm {
    var housing = ""
    var incomeCheck = ""
    var needs = ""
    var recommendation = ""
    var recommendedAmount = ""

    init() {}

    init(request req: Request) {
        housing = req.formText("housing")
        incomeCheck = req.formText("incomeCheck")
        needs = req.formText("needs")
        recommendation = req.formText("recommendation")
        recommendedAmount = req.formText("recommendedAmount")
    }

    struct Valid { let recommendation: ResearchRecommendation; let amount: Money }

    /// The three findings are required (2,000 at most); an amount goes with approval only and within the type's ceiling.
    func validate(_ req: Request, ceiling: Int64) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        for (name, text) in [("housing", housing), ("incomeCheck", incomeCheck), ("needs", needs)] {
            if text.isEmpty { errors[name] = req.t("validation.required") } else if text.count > 2000 { errors[name] = req.t("validation.tooLong") }
        }
        let chosen = ResearchRecommendation(rawValue: recommendation)
        if chosen == nil { errors["recommendation"] = req.t("validation.choose") }
        var amount = Money.zero
        if !recommendedAmount.isEmpty {
            do { amount = try Money(recommendedAmount) } catch { errors["recommendedAmount"] = req.t(error.localizationKey) }
        }
        if chosen == .reject && amount.halalas > 0 { errors["recommendedAmount"] = req.t("research.error.amountWithReject") }
        if ceiling > 0 && amount.halalas > ceiling {
            errors["recommendedAmount"] = req.t("request.error.aboveCeiling", Money(halalas: ceiling).formatted(req.language))
        }
        guard errors.isEmpty, let chosen else { return (nil, errors) }
        return (Valid(recommendation: chosen, amount: amount), errors)
    }

    func apply(to report: ResearchReport, _ valid: Valid) {
        report.housing = housing
        report.incomeCheck = incomeCheck
        report.needs = needs
        report.recommendation = valid.recommendation
        report.recommendedAmount = valid.amount.halalas
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "housing", label: req.t("research.housing"), kind: "textarea", value: housing, error: errors["housing"], required: true, maxlength: 2000),
            FormField(name: "incomeCheck", label: req.t("research.incomeCheck"), kind: "textarea", value: incomeCheck, error: errors["incomeCheck"], required: true, maxlength: 2000),
            FormField(name: "needs", label: req.t("research.needs"), kind: "textarea", value: needs, error: errors["needs"], required: true, maxlength: 2000),
            FormField(name: "recommendation", label: req.t("research.recommendation"), kind: "select", error: errors["recommendation"], required: true,
                      options: [.choose(req)] + FormField.Option.choices(ResearchRecommendation.allCases, selected: recommendation, req)),
            FormField(name: "recommendedAmount", label: req.t("research.recommendedAmount"), value: recommendedAmount,
                      error: errors["recommendedAmount"], autocomplete: "off", inputmode: "decimal", dir: "ltr", maxlength: 16),
        ].prepared()
    }
}
