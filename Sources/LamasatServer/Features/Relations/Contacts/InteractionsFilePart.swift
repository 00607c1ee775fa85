import Fluent
import LamasatCore
import Vapor

/// Her contacts on the eight channels, inquiries, the complaints this staff member may see ([P-16]) and the
/// messages sent to her, as the interactions tab of her file; her contacts in her story.
struct InteractionsFilePart: FilePart {
    struct Case: Encodable { let path: String; let number: String; let status: String; let statusCode: String; let at: String }
    struct Message: Encodable { let at: String; let channel: String; let status: String; let statusCode: String; let body: String; let reason: String?
        /// Failed for good: the officer is offered another channel (issue 16).
        let failed: Bool }

    struct Interactions: Encodable {
        let cases: [Case]?
        let messages: [Message]?
        let optedOut: Bool
        /// Her message preferences, as the form that changes them shows them (saved by Messaging).
        let preferences: [FormField]
        let canLog: Bool
        let canInquire: Bool
        let canComplain: Bool
    }

    struct TabView: Encodable {
        let page: PageContext
        let id: String
        let canEdit: Bool
        let interactions: Interactions
        let contactRows: [ContactsController.Row]?
    }

    var tab: FileTab? { FileTab(key: "interactions", order: 40) }
    var followingTables: [String] { ["inquiries", "complaints", "contacts", "case_messages"] }

    func tabBody(_ file: FilePage) async throws -> RenderedHTML {
        let req = file.req, staff = file.staff, formatter = file.formatter, id = file.id
        let contacts = try await Contact.query(on: req.db).filter(\.$beneficiaryID == id).sort(\.$at, .descending).limit(100).all()
        let inquiries = staff.can(.handleInquiries)
            ? try await Inquiry.query(on: req.db).filter(\.$beneficiaryID == id).sort(\.$createdAt, .descending).all() : []
        let complaints = staff.can(.handleComplaints)
            ? try await req.visibleComplaints().filter(\.$beneficiaryID == id).sort(\.$createdAt, .descending).all() : []
        let cases = try inquiries.map {
            Case(path: "/inquiries/\(try $0.requireID().uuidString)", number: $0.number, status: req.t($0.status.localizationKey),
                 statusCode: $0.status.rawValue, at: formatter.date($0.createdAt).combined)
        } + complaints.map {
            Case(path: "/complaints/\(try $0.requireID().uuidString)", number: $0.number,
                 status: req.t($0.kind.localizationKey) + " · " + req.t($0.status.localizationKey),
                 statusCode: $0.status.rawValue, at: formatter.date($0.createdAt).combined)
        }
        let contactRows = staff.can(.logContacts) ? try await ContactsController.rows(contacts, req: req).nonEmpty : nil
        // Messages to her: hers by owner, or about her records — not by number, which a household may share.
        let messages = try await OutboxMessage.query(on: req.db).group(.or) {
            $0.filter(\.$beneficiaryID == id).filter(\.$relatedID ~~ file.relatedRecordIDs)
        }.sort(\.$createdAt, .descending).limit(50).all()
            // A confidential complaint's notice stays with those who may see the complaint.
            .filter { $0.relatedType != "complaint.confidential" || staff.can(.viewConfidentialComplaints) }
        let preference = try await MessagePreference.of(id, on: req.db)
        let interactions = Interactions(
            cases: cases.nonEmpty,
            messages: messages.map {
                Message(at: formatter.dateTime($0.createdAt).combined, channel: req.t($0.channel.localizationKey),
                        status: req.t($0.status.localizationKey), statusCode: $0.status.rawValue, body: $0.shownBody,
                        reason: [.sent, .delivered, .read].contains($0.status) ? nil : $0.lastError, failed: $0.status == .failed)
            }.nonEmpty,
            optedOut: preference?.optedOut ?? false, preferences: Self.preferenceFields(preference, req),
            canLog: staff.can(.logContacts), canInquire: staff.can(.handleInquiries), canComplain: staff.can(.handleComplaints))
        return try await file.render("contacts/file-tab", TabView(page: file.page, id: id.uuidString, canEdit: staff.can(.editBeneficiaries),
                                                                  interactions: interactions, contactRows: contactRows))
    }

    static func preferenceFields(_ preference: MessagePreference?, _ req: Request) -> [FormField] {
        let language = preference?.language ?? "ar"
        // The file page holds other forms: the key keeps these ids its own.
        let key = "preferences"
        return [
            FormField(name: "channel", label: req.t("messages.preferredChannel"), kind: "select",
                      options: FormField.Option.choices([MessageChannel.sms, .whatsapp, .email], selected: (preference?.channel ?? .sms).rawValue, req), key: key),
            // Each language is named in itself.
            FormField(name: "language", label: req.t("messages.language"), kind: "select",
                      options: [("ar", "العربية"), ("en", "English")].map { FormField.Option(value: $0.0, label: $0.1, selected: $0.0 == language) }, key: key),
            FormField(name: "optedOut", label: req.t("messages.stop"), kind: "checkbox", checked: preference?.optedOut ?? false, key: key),
            FormField(name: "note", label: req.t("messages.note"), value: preference?.note ?? "", maxlength: 300, key: key),
        ].prepared()
    }

    func timeline(_ file: FilePage) async throws -> [FileTimelineLine] {
        let req = file.req
        let contacts = try await Contact.query(on: req.db).filter(\.$beneficiaryID == file.id).sort(\.$at, .descending).limit(200).all()
        let thread = try await caseMessages(file)
        let staffNames = try await StaffUser.names(Set(contacts.map(\.staffID) + thread.map(\.message).compactMap(\.authorID)), on: req.db)
        return contacts.map {
            FileTimelineLine(at: $0.at, actor: staffNames[$0.staffID] ?? "—",
                             action: req.t("timeline.contact", req.t($0.channel.localizationKey), req.t($0.direction.localizationKey)),
                             detail: $0.subject)
        } + thread.map { line in
            let m = line.message
            return FileTimelineLine(at: m.at, actor: m.direction == .incoming ? req.t("caseMessage.her") : m.authorID.flatMap { staffNames[$0] } ?? "—",
                                    action: req.t("timeline.caseMessage", line.number, req.t("caseMessage.via.\(m.via)")), detail: String(m.body.prefix(200)))
        }
    }

    /// The conversations of her cases this staff member may open: answers sent, her replies, phone answers.
    private func caseMessages(_ file: FilePage) async throws -> [(number: String, message: CaseMessage)] {
        let req = file.req, staff = file.staff
        var numbers: [UUID: String] = [:]
        if staff.can(.handleInquiries) {
            for q in try await Inquiry.query(on: req.db).filter(\.$beneficiaryID == file.id).all() { numbers[try q.requireID()] = q.number }
        }
        if staff.can(.handleComplaints) {
            for c in try await req.visibleComplaints().filter(\.$beneficiaryID == file.id).all() { numbers[try c.requireID()] = c.number }
        }
        guard !numbers.isEmpty else { return [] }
        return try await CaseMessage.query(on: req.db).filter(\.$caseID ~~ Array(numbers.keys)).sort(\.$at, .descending).limit(200).all()
            .compactMap { m in numbers[m.caseID].map { ($0, m) } }
    }
}
