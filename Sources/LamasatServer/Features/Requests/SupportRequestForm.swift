import Fluent
import LamasatCore
import Vapor

/// A support request typed by the officer at intake: the service, the channel she came by, what she needs, the amount.
struct SupportRequestForm {
    var supportType = ""
    var channel = ContactChannel.interview.rawValue
    var description = ""
    var requestedAmount = ""
    var overrideFrequency = false

    init() {}

    init(request req: Request) {
        supportType = req.formText("supportType")
        channel = req.formText("channel")
        description = req.formText("description")
        requestedAmount = req.formText("requestedAmount")
        overrideFrequency = req.formCheckbox("overrideFrequency")
    }

    struct Valid { let type: SupportType; let channel: ContactChannel; let amount: Money }

    /// What any request says, from staff or from her portal: an active support type, what she needs, the amount
    /// within the type's ceiling.
    func checkRequest(_ req: Request) async throws -> (type: SupportType?, amount: Money, errors: FieldErrors) {
        var errors: FieldErrors = [:]
        let type = try await UUID(uuidString: supportType).asyncMap { try await SupportType.find($0, on: req.db) } ?? nil
        if type == nil || type?.isActive == false { errors["supportType"] = req.t("validation.choose") }
        if description.isEmpty { errors["description"] = req.t("validation.required") } else if description.count > 2000 { errors["description"] = req.t("validation.tooLong") }
        var amount = Money.zero
        if !requestedAmount.isEmpty {
            do { amount = try Money(requestedAmount) } catch { errors["requestedAmount"] = req.t(error.localizationKey) }
        }
        if let type, type.maximumAmount > 0, amount.halalas > type.maximumAmount {
            errors["requestedAmount"] = req.t("request.error.aboveCeiling", Money(halalas: type.maximumAmount).formatted(req.language))
        }
        return (type, amount, errors)
    }

    /// The staff intake adds the channel and [P-24] the type's frequency: the officer sees when she may receive it
    /// again and goes on only by ticking the override.
    func validate(_ req: Request, file: Beneficiary) async throws -> (Valid?, FieldErrors) {
        var (type, amount, errors) = try await checkRequest(req)
        let chosen = ContactChannel(rawValue: channel)
        if chosen == nil { errors["channel"] = req.t("validation.choose") }
        if errors.isEmpty, let type, !overrideFrequency,
           let next = try await Entitlements.nextEligible(try file.requireID(), type: type, now: req.now, on: req.db) {
            errors["overrideFrequency"] = req.t("request.error.frequency", type.name(in: req.language),
                                                DualCalendarFormatter(language: req.language).date(next).combined)
        }
        guard errors.isEmpty, let type, let chosen else { return (nil, errors) }
        return (Valid(type: type, channel: chosen, amount: amount), errors)
    }

    /// `types` are the active support types, each shown with its ceiling; the override appears only once it is needed.
    func fields(_ req: Request, errors: FieldErrors, types: [SupportType]) -> [FormField] {
        let options = FormField.Option.records(types, selected: supportType) { type in
            type.name(in: req.language) + (type.maximumAmount > 0 ? " — " + req.t("request.upTo", Money(halalas: type.maximumAmount).formatted(req.language)) : "")
        }
        return ([
            FormField(name: "supportType", label: req.t("request.field.supportType"), kind: "select", error: errors["supportType"], required: true,
                      options: [.choose(req)] + options),
            FormField(name: "channel", label: req.t("request.field.channel"), kind: "select", error: errors["channel"], required: true,
                      options: FormField.Option.choices(ContactChannel.allCases, selected: channel, req)),
            FormField(name: "description", label: req.t("request.field.description"), kind: "textarea", value: description,
                      error: errors["description"], required: true, maxlength: 2000),
            FormField(name: "requestedAmount", label: req.t("request.field.requestedAmount"), value: requestedAmount,
                      hint: req.t("request.field.requestedAmount.hint"), error: errors["requestedAmount"], autocomplete: "off",
                      inputmode: "decimal", dir: "ltr", maxlength: 16),
        ] + (errors["overrideFrequency"] == nil ? [] : [
            FormField(name: "overrideFrequency", label: req.t("request.field.overrideFrequency"), kind: "checkbox", error: errors["overrideFrequency"]),
        ])).prepared()
    }
}
