import Fluent
import LamasatCore
import SQLKit
import Vapor

/// One file: its page with tabs, editing guarded by the file's version, and changes of status.
struct BeneficiaryFileController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let file = routes.grouped("beneficiaries", ":beneficiaryID")
        file.get { try await self.show(req: $0) }.requires(.viewBeneficiaries)
        file.get("edit") { try await self.edit(req: $0) }.requires(.editBeneficiaries)
        file.post("edit") { try await self.update(req: $0) }.requires(.editBeneficiaries)
        file.post("status") { try await self.changeStatus(req: $0) }.requires(.editBeneficiaries)
    }

    static let tabs = ["summary", "family", "documents", "requests", "interactions", "timeline"]

    struct Fact: Encodable {
        let label: String
        let value: String
        let dir: String?
    }

    struct Tab: Encodable {
        let key: String
        let label: String
        let current: Bool
    }

    struct MemberRow: Encodable {
        let id: String
        let name: String
        let relation: String
        let age: String
        let schooling: String
        let dependant: Bool
        let schoolAge: Bool
    }

    struct TimelineRow: Encodable {
        let time: String
        let actor: String
        let action: String
        let detail: String
    }

    struct ShowView: Encodable {
        let page: PageContext
        let id: String
        let fileNumber: String
        let name: String
        let status: String
        let statusCode: String
        let statusReason: String
        let tabs: [Tab]
        let tab: String
        let identity: [Fact]
        let contact: [Fact]
        let social: [Fact]
        let household: [Fact]
        let consent: [Fact]
        let members: [MemberRow]?
        let timeline: [TimelineRow]?
        let transitions: [FormField.Option]
        let canEdit: Bool
        let canExport: Bool
        let statusError: String?
        let requests: [RequestRow]?
        let entitlements: [EntitlementRow]?
        let interactions: Interactions?
        let contactRows: [ContactsController.Row]?
        let canTakeRequests: Bool
        let requirements: [RequirementRow]
        let complete: Bool
        let documents: DocumentsView?
        /// Sign-in codes asked for her ID this hour, once they reach the allowance (someone may be using it up).
        let portalCodes: Int?
    }

    /// Her contacts on the eight channels, inquiries and the complaints this staff member may see ([P-16]).
    struct Interactions: Encodable {
        struct Case: Encodable { let path: String; let number: String; let status: String; let statusCode: String; let at: String }
        struct Message: Encodable { let at: String; let channel: String; let status: String; let statusCode: String; let body: String; let reason: String? }
        let cases: [Case]?
        let messages: [Message]?
        let channels: [FormField.Option]
        let optedOut: Bool
        let english: Bool
        let preferenceNote: String
        let canLog: Bool
        let canInquire: Bool
        let canComplain: Bool
    }

    /// [P-24] What she received, when: the entitlement history.
    struct EntitlementRow: Encodable { let day: String; let type: String; let what: String; let amount: String; let requestID: String }

    struct RequestRow: Encodable {
        let id: String
        let tracking: String
        let type: String
        let status: String
        let statusCode: String
        let created: String
    }

    struct RequirementRow: Encodable {
        let type: String
        let state: String
        let stateCode: String
    }

    func show(req: Request) async throws -> Response {
        try await render(req, file: try await req.reachableBeneficiary(), statusError: nil, status: .ok)
    }

    func render(_ req: Request, file b: Beneficiary, statusError: String?, documentErrors: [String] = [], tab chosenTab: String? = nil,
                status: HTTPStatus) async throws -> Response {
        let staff = try req.requireStaff()
        try await req.auditView("beneficiary", id: b.id!.uuidString)
        let asked = chosenTab ?? req.query[String.self, at: "tab"] ?? ""
        let tab = Self.tabs.contains(asked) ? asked : "summary"
        let formatter = DualCalendarFormatter(language: req.language)
        let members = try await FamilyMember.query(on: req.db).filter(\.$beneficiary.$id == b.id!).sort(\.$birthDate).all()
        let household = Household(members: members.map(\.householdMember), today: req.now)
        func fact(_ key: String, _ value: String, dir: String? = nil) -> Fact {
            Fact(label: req.t("beneficiary.field.\(key)"), value: value.isEmpty ? "—" : value, dir: dir)
        }
        let birth = BirthDate(stored: b.birthDate)
        let birthText = birth.map { "\(formatter.date($0.moment).combined) (\(req.t("beneficiary.age", String($0.age(on: req.now)))))" } ?? b.birthDate
        let money = { (halalas: Int64) in halalas == 0 ? "" : Money(halalas: halalas).formatted(req.language) }
        let address = [b.addressBuilding, b.addressStreet, b.addressDistrict, b.addressCity, b.addressPostalCode, b.addressAdditional]
            .filter { !$0.isEmpty }.joined(separator: "، ")
        var timeline: [TimelineRow] = []
        if tab == "timeline" {
            let entries = try await AuditEntry.query(on: req.db).filter(\.$recordType == "beneficiary")
                .filter(\.$recordID == b.id!.uuidString).filter(\.$action != "view").filter(\.$action != "contact.logged")
                .sort(\.$id, .descending).limit(200).all()
            // People are shown by name; the audit keeps their usernames.
            let named = Dictionary(uniqueKeysWithValues: try await StaffUser.query(on: req.db)
                .filter(\.$username ~~ Set(entries.compactMap(\.actorName))).all().map { ($0.username, $0.fullName) })
            var dated: [(Date, TimelineRow)] = entries.map {
                ($0.occurredAt, TimelineRow(time: formatter.dateTime($0.occurredAt).combined,
                                            actor: $0.actorName.map { named[$0] ?? $0 } ?? "—", action: req.t("timeline.\($0.action)"), detail: $0.detail ?? ""))
            }
            let contacts = try await Contact.query(on: req.db).filter(\.$beneficiaryID == b.id!).sort(\.$at, .descending).limit(200).all()
            let staffNames = Dictionary(uniqueKeysWithValues: try await StaffUser.query(on: req.db).filter(\.$id ~~ Set(contacts.map(\.staffID))).all()
                .map { ($0.id!, $0.fullName) })
            dated += contacts.map {
                ($0.at, TimelineRow(time: formatter.dateTime($0.at).combined, actor: staffNames[$0.staffID] ?? "—",
                                    action: req.t("timeline.contact", req.t($0.channel.localizationKey), req.t($0.direction.localizationKey)), detail: $0.subject))
            }
            // Her requests' steps belong to her story too ([P-18]–[P-24]).
            let requests = try await SupportRequest.query(on: req.db).filter(\.$beneficiary.$id == b.id!).all()
            let tracking = Dictionary(uniqueKeysWithValues: requests.map { ($0.id!, $0.trackingNumber ?? req.t("request.status.draft")) })
            let steps = try await RequestTransition.query(on: req.db).filter(\.$requestID ~~ requests.compactMap(\.id))
                .sort(\.$at, .descending).limit(200).all()
            let actors = Dictionary(uniqueKeysWithValues: try await StaffUser.query(on: req.db).filter(\.$id ~~ Set(steps.map(\.actorID))).all()
                .map { ($0.id!, $0.fullName) })
            dated += steps.map {
                ($0.at, TimelineRow(time: formatter.dateTime($0.at).combined, actor: actors[$0.actorID] ?? "—",
                                    action: req.t("timeline.request", tracking[$0.requestID] ?? "", req.t($0.toStatus.localizationKey)), detail: ""))
            }
            // Messages to her, on whatever channel, and whether they went.
            let messages = try await OutboxMessage.query(on: req.db).group(.or) {
                $0.filter(\.$relatedID ~~ requests.compactMap { $0.id?.uuidString }).filter(\.$beneficiaryID == b.id!)
            }.sort(\.$createdAt, .descending).limit(100).all()
            dated += messages.map {
                ($0.createdAt, TimelineRow(time: formatter.dateTime($0.createdAt).combined, actor: req.t($0.channel.localizationKey),
                                           action: req.t("timeline.message", req.t($0.status.localizationKey)), detail: $0.subject))
            }
            timeline = dated.sorted { $0.0 > $1.0 }.prefix(300).map(\.1)
        }
        let requirements = try await DocumentRequirements.evaluate(b, today: req.now, on: req.db)
        var requestRows: [RequestRow] = []
        var entitlements: [EntitlementRow] = []
        if tab == "requests" {
            let types = Dictionary(uniqueKeysWithValues: try await SupportType.query(on: req.db).all().map { ($0.id!, $0.name(in: req.language)) })
            entitlements = try await Entitlements.history(of: b.id!, on: req.db).map {
                EntitlementRow(day: BirthDate(stored: $0.deliveredOn).map { formatter.date($0.moment).combined } ?? $0.deliveredOn,
                               type: types[$0.supportTypeID] ?? "—", what: $0.description,
                               amount: $0.amount == 0 ? (($0.quantity > 0) ? String($0.quantity) : "—") : Money(halalas: $0.amount).formatted(req.language),
                               requestID: $0.requestID.uuidString)
            }
            let requests = try await SupportRequest.query(on: req.db).filter(\.$beneficiary.$id == b.id!).with(\.$supportType)
                .sort(\.$createdAt, .descending).all()
            requestRows = requests.map {
                RequestRow(id: $0.id!.uuidString, tracking: $0.trackingNumber ?? "—", type: $0.supportType.name(in: req.language),
                           status: req.t($0.status.localizationKey), statusCode: $0.status.rawValue,
                           created: formatter.date($0.createdAt).combined)
            }
        }
        var interactions: Interactions?
        var contactRows: [ContactsController.Row]?
        if tab == "interactions" {
            let contacts = try await Contact.query(on: req.db).filter(\.$beneficiaryID == b.id!).sort(\.$at, .descending).limit(100).all()
            let inquiries = staff.can(.handleInquiries)
                ? try await Inquiry.query(on: req.db).filter(\.$beneficiaryID == b.id!).sort(\.$createdAt, .descending).all() : []
            let complaints = staff.can(.handleComplaints)
                ? try await req.visibleComplaints().filter(\.$beneficiaryID == b.id!).sort(\.$createdAt, .descending).all() : []
            let cases = inquiries.map {
                Interactions.Case(path: "/inquiries/\($0.id!.uuidString)", number: $0.number, status: req.t($0.status.localizationKey),
                                  statusCode: $0.status.rawValue, at: formatter.date($0.createdAt).combined)
            } + complaints.map {
                Interactions.Case(path: "/complaints/\($0.id!.uuidString)", number: $0.number, status: req.t($0.kind.localizationKey) + " · " + req.t($0.status.localizationKey),
                                  statusCode: $0.status.rawValue, at: formatter.date($0.createdAt).combined)
            }
            contactRows = staff.can(.logContacts) ? try await ContactsController.rows(contacts, req: req).nonEmpty : nil
            // Messages to her: hers by owner, or about her requests — not by number, which a household may share.
            let requestIDs = try await SupportRequest.query(on: req.db).filter(\.$beneficiary.$id == b.id!).all().map { $0.id!.uuidString }
            let messages = try await OutboxMessage.query(on: req.db).group(.or) {
                $0.filter(\.$beneficiaryID == b.id!).filter(\.$relatedID ~~ requestIDs)
            }.sort(\.$createdAt, .descending).limit(50).all()
            let preference = try await MessagePreference.of(b.id!, on: req.db)
            interactions = Interactions(cases: cases.nonEmpty,
                                        messages: messages.map {
                                            Interactions.Message(at: formatter.dateTime($0.createdAt).combined, channel: req.t($0.channel.localizationKey),
                                                                 status: req.t($0.status.localizationKey), statusCode: $0.status.rawValue, body: $0.shownBody,
                                                                 reason: $0.status == .sent ? nil : $0.lastError)
                                        }.nonEmpty,
                                        channels: [MessageChannel.sms, .whatsapp, .email].map {
                                            FormField.Option(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0 == (preference?.channel ?? .sms))
                                        },
                                        optedOut: preference?.optedOut ?? false, english: preference?.language == "en", preferenceNote: preference?.note ?? "", canLog: staff.can(.logContacts), canInquire: staff.can(.handleInquiries),
                                        canComplain: staff.can(.handleComplaints))
        }
        let documents = tab == "documents" ? try await DocumentsView.make(req, file: b, staff: staff, errors: documentErrors) : nil
        let view = ShowView(
            page: PageContext(req, title: b.name.full), id: b.id!.uuidString, fileNumber: b.fileNumber, name: b.name.full,
            status: req.t(b.status.localizationKey), statusCode: b.status.rawValue, statusReason: b.statusReason,
            tabs: Self.tabs.map { Tab(key: $0, label: req.t("beneficiary.tab.\($0)"), current: $0 == tab) }, tab: tab,
            identity: [
                fact("nationalID", b.nationalID, dir: "ltr"), fact("nameLatin", b.nameLatin, dir: "ltr"), fact("birthDate", birthText),
                fact("category", b.category.name(in: req.language)), fact("nationality", b.nationality),
                Fact(label: req.t("user.branch"), value: b.branch.name(in: req.language), dir: nil),
            ],
            contact: [
                fact("mobile", (try? SaudiMobile(b.mobile))?.local ?? b.mobile, dir: "ltr"), fact("alternatePhone", b.alternatePhone, dir: "ltr"),
                fact("email", b.email, dir: "ltr"), Fact(label: req.t("beneficiary.nationalAddress"), value: address.isEmpty ? "—" : address, dir: nil),
                fact("addressShort", b.addressShort, dir: "ltr"),
            ],
            social: [
                fact("education", req.t(b.education.localizationKey)), fact("employment", req.t(b.employment.localizationKey)),
                fact("monthlyIncome", money(b.monthlyIncome)), fact("incomeSources", b.incomeSources),
                fact("housing", req.t(b.housing.localizationKey)), fact("monthlyRent", money(b.monthlyRent)),
                fact("healthNotes", b.healthNotes), fact("hasDisability", req.t(b.hasDisability ? "common.yes" : "common.no")),
                fact("iban", (try? SaudiIBAN(b.iban))?.grouped ?? "", dir: "ltr"),
            ],
            household: [
                Fact(label: req.t("household.size"), value: String(household.size), dir: nil),
                Fact(label: req.t("household.dependants"), value: String(household.dependants), dir: nil),
                Fact(label: req.t("household.schoolAge"), value: String(household.schoolAgeChildren), dir: nil),
            ],
            consent: [
                Fact(label: req.t("beneficiary.field.consentGiven"), value: req.t(b.consentGiven ? "common.yes" : "common.no"), dir: nil),
                fact("consentMethod", req.t(b.consentMethod.localizationKey)),
                Fact(label: req.t("consent.noticeVersion"), value: b.consentNoticeVersion, dir: "ltr"),
                Fact(label: req.t("consent.at"), value: b.consentAt.map { formatter.dateTime($0).combined } ?? "—", dir: nil),
            ],
            members: members.map { member in
                let age = BirthDate(stored: member.birthDate)?.age(on: req.now)
                return MemberRow(id: member.id!.uuidString, name: member.fullName, relation: req.t(member.relation.localizationKey),
                                 age: age.map { String($0) } ?? "—", schooling: req.t(member.schooling.localizationKey),
                                 dependant: member.isDependant, schoolAge: age.map { Household.schoolAges.contains($0) } ?? false)
            }.nonEmpty,
            timeline: timeline.nonEmpty,
            transitions: b.status.next.map { FormField.Option(value: $0.rawValue, label: req.t($0.localizationKey), selected: false) },
            canEdit: staff.can(.editBeneficiaries), canExport: staff.can(.exportPersonalData), statusError: statusError,
            requests: requestRows.nonEmpty, entitlements: entitlements.nonEmpty, interactions: interactions, contactRows: contactRows, canTakeRequests: staff.can(.takeRequests),
            requirements: requirements.items.map {
                RequirementRow(type: $0.type.name(in: req.language), state: req.t($0.state.localizationKey), stateCode: $0.state.rawValue)
            },
            complete: requirements.isComplete, documents: documents,
            portalCodes: staff.can(.editBeneficiaries) ? try await PortalCodeLimitController.limited(b, req: req) : nil)
        return try await req.render("beneficiaries/show", view).encodeResponse(status: status, for: req)
    }

    // MARK: Edit with optimistic locking

    struct ConflictView: Encodable {
        struct Difference: Encodable {
            let label: String
            let theirs: String
            let yours: String
        }

        let page: PageContext
        let id: String
        let differences: [Difference]
        let updatedBy: String
    }

    func edit(req: Request) async throws -> View {
        let file = try await req.reachableBeneficiary()
        return try await renderForm(req, file, BeneficiaryForm(file), errors: [:])
    }

    private func renderForm(_ req: Request, _ file: Beneficiary, _ form: BeneficiaryForm, errors: FieldErrors) async throws -> View {
        let categories = try await req.formCategories(including: file.$category.id)
        let branches = try await req.formBranches()
        return try await req.render("beneficiaries/form", BeneficiariesController.FormView(
            page: PageContext(req, title: req.t("beneficiary.editTitle", file.name.full)),
            action: "/beneficiaries/\(file.id!.uuidString)/edit",
            sections: form.sections(req, categories: categories, branches: branches, errors: errors, isNew: false),
            similar: nil, duplicateStop: nil, duplicateLink: nil, notDuplicate: false, version: form["version"]))
    }

    func update(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let file = try await req.reachableBeneficiary()
        var form = BeneficiaryForm(request: req)
        form["consentMethod"] = file.consentMethod.rawValue
        let (valid, errors) = form.validate(req, categories: try await req.formCategories(including: file.$category.id),
                                            branches: try await req.formBranches(), isNew: false)
        guard let valid else {
            return try await renderForm(req, file, form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        if valid.nationalID.value != file.nationalID,
           try await Beneficiary.query(on: req.db).filter(\.$nationalID == valid.nationalID.value).first() != nil {
            return try await renderForm(req, file, form, errors: ["nationalID": req.t("beneficiary.duplicate.nationalID")])
                .encodeResponse(status: .conflict, for: req)
        }
        let moving = valid.branch.id != file.$branch.id
        if moving, try await FileBranchMove.blockedByCommittee(file: file.id!, on: req.db) {
            return try await Self.refusedMove(req, file, form)
        }
        let expected = ArabicDigits.parseInt(form["version"]) ?? -1
        struct Bumped: Decodable { let version: Int }
        let saved: Bool
        do {
            saved = try await req.db.transaction { db in
                // Compare-and-swap on the version: a second editor holding an older version changes nothing.
                guard let bumped = try await db.sql.raw("""
                    UPDATE beneficiaries SET version = version + 1 WHERE id = \(bind: file.id!) AND version = \(bind: expected)
                    RETURNING version
                    """).first(decoding: Bumped.self)
                else { return false }
                let changed = Self.changedFields(file, valid)
                let previousBranch = file.$branch.id
                file.apply(valid)
                file.version = bumped.version
                file.updatedAt = req.now
                file.updatedBy = staff.userID
                try await file.save(on: db)
                try await BeneficiaryRegistry.indexName(file, on: db)
                try await req.audit("beneficiary.updated", record: ("beneficiary", file.id!.uuidString),
                                    detail: changed.joined(separator: ","), on: db)
                if previousBranch != file.$branch.id {
                    // Checked again inside the transaction: a request put on an agenda meanwhile keeps the file.
                    if try await FileBranchMove.blockedByCommittee(file: file.id!, on: db) { throw FileBranchMove.Blocked() }
                    let moved = try await FileBranchMove.rehome(file: file.id!, to: file.$branch.id, on: db)
                    try await req.audit("beneficiary.rehomed", record: ("beneficiary", file.id!.uuidString),
                                        detail: moved.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "), on: db)
                }
                return true
            }
        } catch is FileBranchMove.Blocked {
            return try await Self.refusedMove(req, file, form)
        }
        guard saved else { return try await conflict(req, file.id!, form) }
        return req.redirect(to: "/beneficiaries/\(file.id!.uuidString)?done=beneficiaryUpdated")
    }

    private static func refusedMove(_ req: Request, _ file: Beneficiary, _ form: BeneficiaryForm) async throws -> Response {
        try await BeneficiaryFileController().renderForm(req, file, form, errors: ["branch": req.t("beneficiary.moveInCommittee")])
            .encodeResponse(status: .conflict, for: req)
    }

    /// The names (never the values) of the fields an edit changes, for the audit trail.
    static func changedFields(_ file: Beneficiary, _ valid: BeneficiaryForm.Valid) -> [String] {
        let before = BeneficiaryForm(file)
        let probe = Beneficiary()
        probe.apply(valid)
        probe.$category.id = valid.category.id!
        probe.version = file.version
        probe.consentMethod = file.consentMethod
        probe.consentGiven = file.consentGiven
        let after = BeneficiaryForm(probe)
        return BeneficiaryForm.textFields.filter { $0 != "version" && $0 != "birthCalendar" && before[$0] != after[$0] }
    }

    private func conflict(_ req: Request, _ id: UUID, _ yours: BeneficiaryForm) async throws -> Response {
        guard let current = try await Beneficiary.query(on: req.db).filter(\.$id == id).first() else { throw Abort(.notFound) }
        let theirs = BeneficiaryForm(current)
        let editor = try await StaffUser.find(current.updatedBy, on: req.db)
        let differences = BeneficiaryForm.textFields.filter { !["version", "birthCalendar", "consentMethod"].contains($0) }
            .compactMap { name -> ConflictView.Difference? in
                let mine = name == "birthDate" ? ((try? BirthDate(yours[name], calendar: BirthDate.Calendar(rawValue: yours["birthCalendar"]) ?? .gregorian, today: req.now))?.description ?? yours[name]) : yours[name]
                guard mine != theirs[name] else { return nil }
                return ConflictView.Difference(label: req.t("beneficiary.field.\(name)"), theirs: theirs[name], yours: mine)
            }
        try await req.audit("beneficiary.editConflict", record: ("beneficiary", id.uuidString), outcome: .failure)
        return try await req.render("beneficiaries/conflict", ConflictView(
            page: PageContext(req, title: req.t("beneficiary.conflict.title")), id: id.uuidString, differences: differences,
            updatedBy: editor?.fullName ?? "—"
        )).encodeResponse(status: .conflict, for: req)
    }

    // MARK: Status

    func changeStatus(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        guard let target = BeneficiaryStatus(rawValue: req.formText("status")) else {
            return try await render(req, file: file, statusError: req.t("validation.choose"), status: .unprocessableEntity)
        }
        let reason = req.formText("reason")
        let requirements = try await DocumentRequirements.evaluate(file, today: req.now, on: req.db)
        if let refusal = file.status.check(to: target, reason: reason, requirementsComplete: file.consentGiven && requirements.isComplete) {
            return try await render(req, file: file, statusError: req.t(refusal.localizationKey), status: .unprocessableEntity)
        }
        let from = file.status
        try await req.db.transaction { db in
            file.status = target
            file.statusReason = String(reason.prefix(500))
            file.version += 1
            file.updatedAt = req.now
            file.updatedBy = try req.requireStaff().userID
            try await file.save(on: db)
            try await req.audit("beneficiary.status", record: ("beneficiary", file.id!.uuidString),
                                detail: "\(from.rawValue)→\(target.rawValue)", on: db)
        }
        return req.redirect(to: "/beneficiaries/\(file.id!.uuidString)?done=statusChanged")
    }
}
