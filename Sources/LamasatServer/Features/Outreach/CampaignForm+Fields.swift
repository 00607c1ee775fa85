import LamasatCore
import Vapor

extension CampaignForm {
    /// The segment's filters; the branch only for staff who reach more than their own.
    func filters(_ req: Request, errors: FieldErrors, categories: [BeneficiaryCategory], branches: [Branch]?) throws -> [FormField] {
        var filters = [
            FormField.filter(req, name: "category", label: req.t("beneficiary.field.category"), selected: category,
                             choices: try categories.map { (try $0.requireID().uuidString, $0.name(in: req.language)) }),
            FormField.filter(req, name: "status", label: req.t("beneficiary.status"), selected: status,
                             choices: BeneficiaryStatus.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField(name: "city", label: req.t("beneficiary.field.addressCity"), value: city, maxlength: 60),
            FormField(name: "minimumHousehold", label: req.t("campaign.minimumHousehold"), value: minimumHousehold,
                      error: errors["minimumHousehold"], inputmode: "numeric", dir: "ltr", maxlength: 2),
            FormField(name: "noContactDays", label: req.t("campaign.noContactDays"), value: noContactDays,
                      error: errors["noContactDays"], inputmode: "numeric", dir: "ltr", maxlength: 4),
            FormField(name: "childMinimumAge", label: req.t("campaign.childMinimumAge"), value: childMinimumAge,
                      error: errors["childMinimumAge"], inputmode: "numeric", dir: "ltr", maxlength: 2),
            FormField(name: "childMaximumAge", label: req.t("campaign.childMaximumAge"), value: childMaximumAge,
                      error: errors["childMaximumAge"], inputmode: "numeric", dir: "ltr", maxlength: 2),
            FormField(name: "schoolAgeChildren", label: req.t("beneficiary.filter.schoolAge"), kind: "checkbox", checked: schoolAgeChildren),
            FormField(name: "documentsIncomplete", label: req.t("beneficiary.filter.documentsIncomplete"), kind: "checkbox", checked: documentsIncomplete),
        ]
        if let branches {
            filters.insert(FormField.filter(req, name: "branch", label: req.t("user.branch"), selected: branch,
                                            choices: try branches.map { (try $0.requireID().uuidString, $0.name(in: req.language)) }), at: 1)
        }
        return filters.prepared()
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "name", label: req.t("campaign.name"), value: name, error: errors["name"], required: true, maxlength: 120),
            FormField(name: "channel", label: req.t("campaign.channel"), kind: "select", error: errors["channel"], required: true,
                      options: FormField.Option.choices([MessageChannel.sms, .whatsapp], selected: channel, req)),
            FormField(name: "body", label: req.t("campaign.body"), kind: "textarea", value: body, hint: req.t("campaign.bodyHint"),
                      error: errors["body"], required: true, maxlength: 600),
            FormField(name: "date", label: req.t("campaign.date"), kind: "date", value: date, hint: req.t("campaign.dateHint"), error: errors["date"], dir: "ltr"),
            FormField(name: "time", label: req.t("committee.time"), kind: "time", value: time.isEmpty ? "10:00" : time, dir: "ltr"),
        ].prepared()
    }
}
