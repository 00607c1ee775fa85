import Fluent
import Foundation
import LamasatCore
import Vapor

/// The coordinator's form of a volunteer record, for "new", "edit" and "accept an application": what was typed (kept
/// as typed, so a refused form comes back whole), its Saudi checks, and its fields.
struct VolunteerRecordForm {
    /// Languages offered as check boxes; labels are `volunteer.language.<code>`.
    static let languageCodes = ["ar", "en", "ur", "hi", "tl", "bn", "fr"]
    static let textFields = ["nameFirst", "nameFather", "nameGrandfather", "nameFamily", "nationalID", "mobile", "email", "gender", "branch",
                             "city", "districts", "transport", "emergencyName", "emergencyPhone", "version"]

    var values: [String: String] = [:]
    var skills: Set<String> = []
    var languages: Set<String> = ["ar"]
    var slots: Set<String> = []

    subscript(_ name: String) -> String {
        get { values[name] ?? "" }
        set { values[name] = newValue }
    }

    init() {
        values = ["gender": Gender.female.rawValue, "transport": VolunteerTransport.ownCar.rawValue]
    }

    init(request req: Request) {
        for name in Self.textFields { values[name] = req.formText(name) }
        skills = Set(req.formTexts("skills"))
        languages = Set(req.formTexts("languages"))
        slots = Set(req.formTexts("slots"))
    }

    init(_ v: Volunteer) {
        let parts = Self.nameParts(v.name)
        values = ["nameFirst": parts[0], "nameFather": parts[1], "nameGrandfather": parts[2], "nameFamily": parts[3],
                  "nationalID": v.nationalID, "mobile": (try? SaudiMobile(v.mobile))?.local ?? v.mobile, "email": v.email,
                  "gender": v.gender.rawValue, "branch": v.branchID.uuidString, "city": v.city,
                  "districts": v.districtList.joined(separator: "، "), "transport": v.transport.rawValue, "emergencyName": v.emergencyName,
                  "emergencyPhone": (try? SaudiMobile(v.emergencyPhone))?.local ?? v.emergencyPhone, "version": String(v.version)]
        skills = Set(CodeList.parse(v.skills))
        languages = Set(CodeList.parse(v.languages))
        slots = Set(CodeList.parse(v.availability))
    }

    /// Pre-filled from a website application: what she gave there; the rest is asked when she is met.
    init(_ application: VolunteerApplication) {
        self.init()
        let parts = Self.nameParts(application.name)
        values["nameFirst"] = parts[0]
        values["nameFather"] = parts[1]
        values["nameGrandfather"] = parts[2]
        values["nameFamily"] = parts[3]
        values["mobile"] = (try? SaudiMobile(application.phone))?.local ?? application.phone
        values["email"] = application.email
        values["branch"] = application.branchID.uuidString
        slots = Set(Self.slots(fromApplication: application.availability).map(\.description))
    }

    /// "mornings" → every morning, "evenings" → every evening, "weekends" → Friday and Saturday whole.
    static func slots(fromApplication stored: String) -> [AvailabilitySlot] {
        let chosen = Set(CodeList.parse(stored))
        return AvailabilitySlot.all.filter { slot in
            (chosen.contains("mornings") && slot.part == .morning) || (chosen.contains("evenings") && slot.part == .evening)
                || (chosen.contains("weekends") && (slot.day == .fri || slot.day == .sat))
        }
    }

    /// A stored full name split into the four parts of the form; a longer family name keeps the rest.
    static func nameParts(_ full: String) -> [String] {
        let words = full.split(separator: " ").map(String.init)
        return (0..<4).map { index in
            index < 3 ? (index < words.count ? words[index] : "") : words.dropFirst(3).joined(separator: " ")
        }
    }

    /// A comma (Latin or Arabic) separated list, trimmed, without repeats.
    static func districtList(_ typed: String) -> [String] {
        CodeList.parse(CodeList.join(typed.replacingOccurrences(of: "،", with: ",").split(separator: ",").map(String.init)))
    }

    struct Valid {
        var name: ArabicName
        var nationalID: NationalID
        var mobile: SaudiMobile
        var email: String
        var gender: Gender
        var branch: Branch
        var city: String
        var districts: [String]
        var skills: [VolunteerSkill]
        var languages: [String]
        var slots: [AvailabilitySlot]
        var transport: VolunteerTransport
        var emergencyName: String
        var emergencyPhone: SaudiMobile
    }

    func validate(_ req: Request, branches: [Branch]) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        func problem<T>(_ field: String, _ parse: () throws -> T) -> T? {
            do { return try parse() } catch {
                errors[field] = req.t((error as? any LocalizedProblem)?.localizationKey ?? "validation.invalid")
                return nil
            }
        }
        let name = ArabicName(first: self["nameFirst"], father: self["nameFather"], grandfather: self["nameGrandfather"], family: self["nameFamily"])
        for (part, key) in name.problems() { errors["name" + part.rawValue.prefix(1).uppercased() + part.rawValue.dropFirst()] = req.t(key) }
        let nationalID = problem("nationalID") { try NationalID(self["nationalID"]) }
        let mobile = problem("mobile") { try SaudiMobile(self["mobile"]) }
        if !FormField.isPlausibleEmail(self["email"]) { errors["email"] = req.t("validation.email") }
        let gender = Gender(rawValue: self["gender"])
        if gender == nil { errors["gender"] = req.t("validation.choose") }
        let branch = branches.first { $0.id?.uuidString == self["branch"] } ?? (branches.count == 1 ? branches.first : nil)
        if branch == nil { errors["branch"] = req.t("validation.choose") }
        let transport = VolunteerTransport(rawValue: self["transport"])
        if transport == nil { errors["transport"] = req.t("validation.choose") }
        let districts = Self.districtList(self["districts"])
        if districts.isEmpty { errors["districts"] = req.t("validation.required") }
        let skillList = VolunteerSkill.allCases.filter { skills.contains($0.rawValue) }
        if skillList.isEmpty { errors["skills[]"] = req.t("volunteer.record.error.skills") }
        let languageList = Self.languageCodes.filter(languages.contains)
        if languageList.isEmpty { errors["languages[]"] = req.t("validation.choose") }
        let slotList = AvailabilitySlot.all.filter { slots.contains($0.description) }
        if slotList.isEmpty { errors["slots[]"] = req.t("volunteer.record.error.slots") }
        if self["emergencyName"].isEmpty { errors["emergencyName"] = req.t("validation.required") }
        let emergency = problem("emergencyPhone") { try SaudiMobile(self["emergencyPhone"]) }
        if let emergency, let mobile, emergency == mobile { errors["emergencyPhone"] = req.t("volunteer.record.error.emergencySame") }
        for (field, limit) in [("city", 60), ("districts", 300), ("emergencyName", 120)] where self[field].count > limit {
            errors[field] = req.t("validation.tooLong")
        }
        if self["city"].isEmpty { errors["city"] = req.t("validation.required") }
        guard errors.isEmpty, let nationalID, let mobile, let gender, let branch, let transport, let emergency else { return (nil, errors) }
        return (Valid(name: name, nationalID: nationalID, mobile: mobile, email: self["email"], gender: gender, branch: branch, city: self["city"],
                      districts: districts, skills: skillList, languages: languageList, slots: slotList, transport: transport,
                      emergencyName: self["emergencyName"], emergencyPhone: emergency), [:])
    }

    /// The stored values this form would write, by field name, to tell which fields an edit changed.
    static func stored(_ v: Volunteer) -> [String: String] {
        ["name": v.name, "nationalID": v.nationalID, "mobile": v.mobile, "email": v.email, "gender": v.gender.rawValue,
         "branch": v.branchID.uuidString, "city": v.city, "districts": v.districts, "skills": v.skills, "languages": v.languages,
         "availability": v.availability, "transport": v.transport.rawValue, "emergencyName": v.emergencyName, "emergencyPhone": v.emergencyPhone]
    }

    func apply(_ valid: Valid, to v: Volunteer) throws {
        v.name = valid.name.full
        v.nationalID = valid.nationalID.value
        v.mobile = valid.mobile.e164
        v.email = valid.email
        v.gender = valid.gender
        v.branchID = try valid.branch.requireID()
        v.city = valid.city
        v.districts = CodeList.join(valid.districts)
        v.skills = CodeList.join(valid.skills.map(\.rawValue))
        v.languages = CodeList.join(valid.languages)
        v.availability = CodeList.join(valid.slots.map(\.description))
        v.transport = valid.transport
        v.emergencyName = valid.emergencyName
        v.emergencyPhone = valid.emergencyPhone.e164
    }

    struct Section: Encodable {
        let title: String
        let fields: [FormField]
    }

    /// The availability grid: one row per weekday, a box per part of the day.
    struct GridRow: Encodable {
        struct Cell: Encodable { let value: String; let label: String; let checked: Bool }
        let day: String
        let cells: [Cell]
    }

    func sections(_ req: Request, branches: [Branch], errors: FieldErrors) -> [Section] {
        func text(_ name: String, kind: String = "text", required: Bool = true, dir: String? = nil, inputmode: String? = nil,
                  hint: String? = nil, maxlength: Int = 120, autocomplete: String = "off") -> FormField {
            FormField(name: name, label: req.t("volunteer.record.field.\(name)"), kind: kind, value: self[name], hint: hint, error: errors[name],
                      required: required, autocomplete: autocomplete, inputmode: inputmode, dir: dir, maxlength: maxlength)
        }
        func select<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type, key: (T) -> String) -> FormField where T.RawValue == String {
            FormField(name: name, label: req.t("volunteer.record.field.\(name)"), kind: "select", error: errors[name], required: true,
                      options: T.allCases.map { FormField.Option(value: $0.rawValue, label: req.t(key($0)), selected: $0.rawValue == self[name]) })
        }
        func boxes(_ name: String, _ choices: [(String, String)], chosen: Set<String>) -> FormField {
            FormField(name: "\(name)[]", label: req.t("volunteer.record.field.\(name)"), kind: "checkboxes", error: errors["\(name)[]"], required: true,
                      options: choices.map { FormField.Option(value: $0.0, label: $0.1, selected: chosen.contains($0.0)) }, wide: true)
        }
        var identity = [
            text("nameFirst", maxlength: 40), text("nameFather", maxlength: 40), text("nameGrandfather", maxlength: 40), text("nameFamily", maxlength: 40),
            text("nationalID", dir: "ltr", inputmode: "numeric", hint: req.t("beneficiary.field.nationalID.hint"), maxlength: 14),
            select("gender", Gender.self, key: \.localizationKey),
        ]
        if branches.count > 1 {
            identity.append(FormField(name: "branch", label: req.t("user.branch"), kind: "select", error: errors["branch"], required: true,
                                      options: FormField.Option.records(branches, selected: self["branch"]) { $0.name(in: req.language) }))
        }
        let contact = [
            text("mobile", kind: "tel", dir: "ltr", inputmode: "tel", hint: req.t("beneficiary.field.mobile.hint"), maxlength: 20),
            text("email", kind: "email", required: false, dir: "ltr", maxlength: 254),
            text("city", maxlength: 60),
            text("districts", hint: req.t("volunteer.record.field.districts.hint"), maxlength: 300),
            select("transport", VolunteerTransport.self, key: \.localizationKey),
            text("emergencyName"),
            text("emergencyPhone", kind: "tel", dir: "ltr", inputmode: "tel", maxlength: 20),
        ]
        let abilities = [
            boxes("skills", VolunteerSkill.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }, chosen: skills),
            boxes("languages", Self.languageCodes.map { ($0, req.t("volunteer.language.\($0)")) }, chosen: languages),
        ]
        let sections = [
            Section(title: req.t("volunteer.record.section.identity"), fields: identity),
            Section(title: req.t("volunteer.record.section.contact"), fields: contact),
            Section(title: req.t("volunteer.record.section.abilities"), fields: abilities),
        ]
        // Focus goes to the first field in error across all sections.
        let all = sections.flatMap(\.fields).prepared()
        var offset = 0
        return sections.map { section in
            defer { offset += section.fields.count }
            return Section(title: section.title, fields: Array(all[offset..<(offset + section.fields.count)]))
        }
    }

    func grid(_ req: Request) -> [GridRow] {
        AvailabilitySlot.Day.allCases.map { day in
            GridRow(day: req.t("volunteer.day.\(day.rawValue)"), cells: AvailabilitySlot.Part.allCases.map { part in
                let slot = AvailabilitySlot(day, part)
                return .init(value: slot.description, label: req.t("volunteer.day.\(day.rawValue)") + " " + req.t("volunteer.part.\(part.rawValue)"),
                             checked: slots.contains(slot.description))
            })
        }
    }
}
