import Fluent
import LamasatCore
import Vapor

/// The household members of a file: add, edit, remove. Household figures are computed from this list.
struct FamilyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let family = routes.grouped("beneficiaries", ":beneficiaryID", "family")
        family.get("new") { try await self.new(req: $0) }.requires(.editBeneficiaries)
        family.post { try await self.create(req: $0) }.requires(.editBeneficiaries)
        family.get(":memberID") { try await self.edit(req: $0) }.requires(.editBeneficiaries)
        family.post(":memberID") { try await self.update(req: $0) }.requires(.editBeneficiaries)
        family.post(":memberID", "delete") { try await self.delete(req: $0) }.requires(.editBeneficiaries)
    }

    struct FormView: Encodable {
        let page: PageContext
        let action: String
        let back: String
        let fields: [FormField]
        let deleteAction: String?
    }

    struct Input {
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

    private func render(_ req: Request, _ file: Beneficiary, _ input: Input, _ errors: FieldErrors, member: FamilyMember?) async throws -> View {
        let base = "/beneficiaries/\(try file.requireID().uuidString)"
        return try await req.render("beneficiaries/family", FormView(
            page: PageContext(req, title: req.t(member == nil ? "family.newTitle" : "family.editTitle", file.name.full)),
            action: member.map { "\(base)/family/\($0.id!.uuidString)" } ?? "\(base)/family", back: "\(base)?tab=family",
            fields: input.fields(req, errors), deleteAction: member.map { "\(base)/family/\($0.id!.uuidString)/delete" }))
    }

    private func member(_ req: Request, of file: Beneficiary) async throws -> FamilyMember {
        guard let id = req.parameters.get("memberID", as: UUID.self),
              let member = try await FamilyMember.query(on: req.db).filter(\.$id == id).filter(\.$beneficiary.$id == file.id!).first()
        else { throw Abort(.notFound) }
        return member
    }

    func new(req: Request) async throws -> View {
        let file = try await req.reachableBeneficiary()
        try await req.auditView("family_form", id: try file.requireID().uuidString)
        return try await render(req, file, Input(), [:], member: nil)
    }

    func create(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let input = Input(request: req)
        let member = FamilyMember()
        let errors = input.apply(to: member, req)
        guard errors.isEmpty else {
            return try await render(req, file, input, errors, member: nil).encodeResponse(status: .unprocessableEntity, for: req)
        }
        member.$beneficiary.id = try file.requireID()
        member.createdAt = req.now
        member.updatedAt = req.now
        try await req.db.transaction { db in
            try await member.create(on: db)
            try await req.audit("family.added", record: ("beneficiary", try file.requireID().uuidString), detail: member.relation.rawValue, on: db)
        }
        return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?tab=family&done=familySaved")
    }

    func edit(req: Request) async throws -> View {
        let file = try await req.reachableBeneficiary()
        let member = try await member(req, of: file)
        try await req.auditView("family_member", id: try member.requireID().uuidString)
        return try await render(req, file, Input(member), [:], member: member)
    }

    func update(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let member = try await member(req, of: file)
        let input = Input(request: req)
        let errors = input.apply(to: member, req)
        guard errors.isEmpty else {
            return try await render(req, file, input, errors, member: member).encodeResponse(status: .unprocessableEntity, for: req)
        }
        member.updatedAt = req.now
        try await req.db.transaction { db in
            try await member.save(on: db)
            try await req.audit("family.updated", record: ("beneficiary", try file.requireID().uuidString), detail: try member.requireID().uuidString, on: db)
        }
        return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?tab=family&done=familySaved")
    }

    func delete(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let member = try await member(req, of: file)
        try await req.db.transaction { db in
            try await member.delete(on: db)
            try await req.audit("family.removed", record: ("beneficiary", try file.requireID().uuidString), detail: member.relation.rawValue, on: db)
        }
        return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?tab=family&done=familyRemoved")
    }
}
