import Fluent
import LamasatCore
import Vapor

/// A family member as typed: relation, name, ID, birth date in either calendar, sex, schooling, health and income.
struct FamilyMemberForm {
    var values: [String: String] = ["relation": "son", "sex": "male", "schooling": "primary", "birthCalendar": "gregorian", "isDependant": "on"]
    static let names = ["relation", "fullName", "nationalID", "birthDate", "birthCalendar", "sex", "schooling", "healthNotes", "monthlyIncome"]

    init() {}
    init(request req: Request) {
        values = [:]
        for name in Self.names { values[name] = req.formText(name) }
        if req.formCheckbox("isDependant") { values["isDependant"] = "on" }
    }
    init(_ m: FamilyMember) {
        values = ["relation": m.relation.rawValue, "fullName": m.fullName, "nationalID": m.nationalID, "birthDate": m.birthDate,
                  "birthCalendar": "gregorian", "sex": m.sex.rawValue, "schooling": m.schooling.rawValue, "healthNotes": m.healthNotes,
                  "monthlyIncome": m.monthlyIncome == 0 ? "" : Money(halalas: m.monthlyIncome).plain]
        if m.isDependant { values["isDependant"] = "on" }
    }
    subscript(_ name: String) -> String { values[name] ?? "" }

    /// Checks the input and writes it onto `member`; returns the problems (nothing is written when there are any).
    func apply(to member: FamilyMember, _ req: Request) -> FieldErrors {
        var errors: FieldErrors = [:]
        let relation = FamilyRelation(rawValue: self["relation"]), sex = Sex(rawValue: self["sex"]), schooling = Schooling(rawValue: self["schooling"])
        if relation == nil { errors["relation"] = req.t("validation.choose") }
        if sex == nil { errors["sex"] = req.t("validation.choose") }
        if schooling == nil { errors["schooling"] = req.t("validation.choose") }
        let name = self["fullName"].split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if name.isEmpty { errors["fullName"] = req.t("validation.required") } else if name.count > 120 { errors["fullName"] = req.t("validation.tooLong") }
        var nationalID = ""
        if !self["nationalID"].isEmpty {
            do { nationalID = try NationalID(self["nationalID"]).value } catch { errors["nationalID"] = req.t(error.localizationKey) }
        }
        var birth: CalendarDay?
        do { birth = try CalendarDay(birth: self["birthDate"], calendar: CalendarDay.Calendar(rawValue: self["birthCalendar"]) ?? .gregorian, today: req.now) }
        catch { errors["birthDate"] = req.t(error.localizationKey) }
        var income = Money.zero
        if !self["monthlyIncome"].isEmpty {
            do { income = try Money(self["monthlyIncome"]) } catch { errors["monthlyIncome"] = req.t(error.localizationKey) }
        }
        if self["healthNotes"].count > 1000 { errors["healthNotes"] = req.t("validation.tooLong") }
        guard errors.isEmpty, let relation, let sex, let schooling, let birth else { return errors }
        member.relation = relation
        member.fullName = name
        member.nationalID = nationalID
        member.birthDate = birth.description
        member.sex = sex
        member.schooling = schooling
        member.healthNotes = self["healthNotes"]
        member.monthlyIncome = income.halalas
        member.isDependant = !self["isDependant"].isEmpty
        return [:]
    }

    func fields(_ req: Request, _ errors: FieldErrors) -> [FormField] {
        func select<T: RawRepresentable & CaseIterable>(_ name: String, _: T.Type, _ key: (T) -> String) -> FormField where T.RawValue == String {
            FormField(name: name, label: req.t("family.field.\(name)"), kind: "select", error: errors[name], required: true,
                      options: T.allCases.map { FormField.Option(value: $0.rawValue, label: req.t(key($0)), selected: $0.rawValue == self[name]) })
        }
        return [
            select("relation", FamilyRelation.self, \.localizationKey),
            FormField(name: "fullName", label: req.t("family.field.fullName"), value: self["fullName"], error: errors["fullName"],
                      required: true, autocomplete: "off", maxlength: 120),
            FormField(name: "nationalID", label: req.t("family.field.nationalID"), value: self["nationalID"], error: errors["nationalID"],
                      autocomplete: "off", inputmode: "numeric", dir: "ltr", maxlength: 14),
            FormField(name: "birthDate", label: req.t("beneficiary.field.birthDate"), value: self["birthDate"],
                      hint: req.t("beneficiary.field.birthDate.hint"), error: errors["birthDate"], required: true,
                      autocomplete: "off", inputmode: "numeric", dir: "ltr", maxlength: 10),
            select("birthCalendar", CalendarDay.Calendar.self) { "calendar.\($0.rawValue)" },
            select("sex", Sex.self, \.localizationKey),
            select("schooling", Schooling.self, \.localizationKey),
            FormField(name: "monthlyIncome", label: req.t("beneficiary.field.monthlyIncome"), value: self["monthlyIncome"],
                      error: errors["monthlyIncome"], autocomplete: "off", inputmode: "decimal", dir: "ltr", maxlength: 16),
            FormField(name: "healthNotes", label: req.t("beneficiary.field.healthNotes"), kind: "textarea", value: self["healthNotes"],
                      error: errors["healthNotes"], maxlength: 1000),
            FormField(name: "isDependant", label: req.t("family.field.isDependant"), kind: "checkbox", checked: !self["isDependant"].isEmpty),
        ].prepared()
    }
}
