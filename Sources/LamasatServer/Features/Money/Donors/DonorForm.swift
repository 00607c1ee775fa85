import Fluent
import Foundation
import LamasatCore
import Vapor

/// The donor officer's form of a donor record, for "new" and "edit": what was typed (kept as typed, so a refused
/// form comes back whole), its Saudi checks (ID or iqama check digit, commercial registration, mobile) and its fields.
struct DonorForm {
    static let textFields = ["kind", "name", "contactPerson", "identifier", "mobile", "email", "city", "preferredChannel", "branch", "notes", "version"]

    var values: [String: String] = [:]
    var consents = false
    var anonymous = false
    var active = true

    subscript(_ name: String) -> String {
        get { values[name] ?? "" }
        set { values[name] = newValue }
    }

    init() {
        values = ["kind": DonorKind.individual.rawValue, "preferredChannel": DonorChannel.sms.rawValue]
    }

    init(request req: Request) {
        for name in Self.textFields { values[name] = req.formText(name) }
        consents = req.formCheckbox("consents")
        anonymous = req.formCheckbox("anonymous")
        active = req.formCheckbox("active")
    }

    init(_ d: Donor) {
        values = ["kind": d.kind.rawValue, "name": d.name, "contactPerson": d.contactPerson, "identifier": d.identifier,
                  "mobile": (try? SaudiMobile(d.mobile))?.local ?? d.mobile, "email": d.email, "city": d.city,
                  "preferredChannel": d.preferredChannel.rawValue, "branch": d.branchID.uuidString, "notes": d.notes, "version": String(d.version)]
        consents = d.consentsToContact
        anonymous = d.isAnonymous
        active = d.isActive
    }

    struct Valid {
        var kind: DonorKind
        var name: String
        var contactPerson: String
        var identifier: String
        var mobile: String
        var email: String
        var city: String
        var channel: DonorChannel
        var branch: Branch
        var notes: String
    }

    func validate(_ req: Request, branches: [Branch]) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let kind = DonorKind(rawValue: self["kind"])
        if kind == nil { errors["kind"] = req.t("validation.choose") }
        if self["name"].isEmpty { errors["name"] = req.t("validation.required") }
        if kind == .organization && self["contactPerson"].isEmpty { errors["contactPerson"] = req.t("donor.error.contactPerson") }
        var identifier = ""
        if let kind {
            do { identifier = try DonorIdentifier.check(self["identifier"], kind: kind) } catch {
                errors["identifier"] = req.t((error as? any LocalizedProblem)?.localizationKey ?? "validation.invalid")
            }
        }
        var mobile = ""
        if !self["mobile"].isEmpty {
            do { mobile = try SaudiMobile(self["mobile"]).e164 } catch { errors["mobile"] = req.t(error.localizationKey) }
        }
        if !FormField.isPlausibleEmail(self["email"]) { errors["email"] = req.t("validation.email") }
        let channel = DonorChannel(rawValue: self["preferredChannel"])
        switch channel {
        case nil: errors["preferredChannel"] = req.t("validation.choose")
        case .email?: if self["email"].isEmpty { errors["email"] = req.t("donor.error.emailForChannel") }
        case .sms?, .whatsapp?, .phone?: if self["mobile"].isEmpty { errors["mobile"] = req.t("donor.error.mobileForChannel") }
        }
        let branch = branches.first { $0.id?.uuidString == self["branch"] } ?? (branches.count == 1 ? branches.first : nil)
        if branch == nil { errors["branch"] = req.t("validation.choose") }
        for (field, limit) in [("name", 120), ("contactPerson", 120), ("city", 60), ("notes", 1000), ("email", 254)] where self[field].count > limit {
            errors[field] = req.t("validation.tooLong")
        }
        guard errors.isEmpty, let kind, let channel, let branch else { return (nil, errors) }
        return (Valid(kind: kind, name: self["name"], contactPerson: kind == .organization ? self["contactPerson"] : "", identifier: identifier,
                      mobile: mobile, email: self["email"], city: self["city"], channel: channel, branch: branch, notes: self["notes"]), [:])
    }

    /// The stored values this form writes, by field name, to tell which fields an edit changed (never their values).
    static func stored(_ d: Donor) -> [String: String] {
        ["kind": d.kind.rawValue, "name": d.name, "contactPerson": d.contactPerson, "identifier": d.identifier, "mobile": d.mobile,
         "email": d.email, "city": d.city, "preferredChannel": d.preferredChannel.rawValue, "branch": d.branchID.uuidString,
         "notes": d.notes, "consents": String(d.consentsToContact), "anonymous": String(d.isAnonymous), "active": String(d.isActive)]
    }

    /// Writes the checked values; consent keeps the day it was given and loses it when withdrawn.
    func apply(_ valid: Valid, to d: Donor, now: Date) throws {
        d.kind = valid.kind
        d.name = valid.name
        d.contactPerson = valid.contactPerson
        d.identifier = valid.identifier
        d.mobile = valid.mobile
        d.email = valid.email
        d.city = valid.city
        d.preferredChannel = valid.channel
        d.branchID = try valid.branch.requireID()
        d.notes = valid.notes
        if consents && d.consentAt == nil { d.consentAt = now }
        if !consents { d.consentAt = nil }
        d.consentsToContact = consents
        d.isAnonymous = anonymous
        d.isActive = active
    }

    func fields(_ req: Request, branches: [Branch], errors: FieldErrors, editing: Bool) -> [FormField] {
        func text(_ name: String, kind: String = "text", required: Bool = false, dir: String? = nil, inputmode: String? = nil,
                  hint: String? = nil, maxlength: Int = 120) -> FormField {
            FormField(name: name, label: req.t("donor.field.\(name)"), kind: kind, value: self[name], hint: hint, error: errors[name],
                      required: required, autocomplete: "off", inputmode: inputmode, dir: dir, maxlength: maxlength)
        }
        func select<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type, key: (T) -> String) -> FormField where T.RawValue == String {
            FormField(name: name, label: req.t("donor.field.\(name)"), kind: "select", error: errors[name], required: true,
                      options: T.allCases.map { FormField.Option(value: $0.rawValue, label: req.t(key($0)), selected: $0.rawValue == self[name]) })
        }
        func box(_ name: String, _ checked: Bool, hint: String? = nil) -> FormField {
            FormField(name: name, label: req.t("donor.field.\(name)"), kind: "checkbox", hint: hint, error: errors[name], checked: checked)
        }
        var fields = [
            select("kind", DonorKind.self, key: \.localizationKey),
            text("name", required: true),
            text("contactPerson", hint: req.t("donor.field.contactPerson.hint")),
            text("identifier", dir: "ltr", inputmode: "numeric", hint: req.t("donor.field.identifier.hint"), maxlength: 14),
            text("mobile", kind: "tel", dir: "ltr", inputmode: "tel", hint: req.t("beneficiary.field.mobile.hint"), maxlength: 20),
            text("email", kind: "email", dir: "ltr", maxlength: 254),
            text("city", maxlength: 60),
            select("preferredChannel", DonorChannel.self, key: \.localizationKey),
        ]
        if branches.count > 1 {
            fields.append(FormField(name: "branch", label: req.t("user.branch"), kind: "select", error: errors["branch"], required: true,
                                    options: FormField.Option.records(branches, selected: self["branch"]) { $0.name(in: req.language) }))
        }
        fields += [
            box("consents", consents, hint: req.t("donor.field.consents.hint")),
            box("anonymous", anonymous, hint: req.t("donor.field.anonymous.hint")),
        ]
        if editing { fields.append(box("active", active)) }
        fields.append(FormField(name: "notes", label: req.t("donor.field.notes"), kind: "textarea", value: self["notes"], error: errors["notes"],
                                maxlength: 1000, wide: true))
        return fields.prepared()
    }
}

extension DonorIdentifier.Problem: LocalizedProblem {}
