import Fluent
import LamasatCore
import Vapor

/// PDPL data-subject export: everything held about one beneficiary, as JSON and as a printable page. Audited.
struct DataExportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let file = routes.grouped("beneficiaries", ":beneficiaryID")
        file.get("export") { try await self.printable(req: $0) }.requires(.exportPersonalData)
        file.get("export.json") { try await self.json(req: $0) }.requires(.exportPersonalData)
    }

    struct Export: Content {
        struct Member: Codable, Sendable { let relation, fullName, nationalID, birthDate, sex, schooling, healthNotes: String; let monthlyIncomeHalalas: Int64; let isDependant: Bool }
        struct Document: Codable, Sendable { let type, issueDate, expiryDate, fileName, contentType, sha256, verification, verificationReason: String; let size: Int; let uploadedAt: Date }
        struct Event: Codable, Sendable { let sequence: Int64; let at: Date; let actor, action, outcome, detail: String }
        struct Consent: Codable, Sendable { let given: Bool; let method, noticeVersion: String; let at: Date? }
        /// One change of her consent to one purpose, oldest first.
        struct ConsentChange: Codable, Sendable { let purpose, partner: String; let granted: Bool; let method, source, noticeVersion: String; let at: Date }

        let exportedAt: Date
        let fileNumber, status, statusReason, category, branch: String
        let nationalID, name, nameLatin, birthDate, nationality, mobile, alternatePhone, email: String
        let nationalAddress: [String: String]
        let education, employment, incomeSources, housing, healthNotes, iban: String
        let monthlyIncomeHalalas, monthlyRentHalalas: Int64
        let hasDisability: Bool
        let consent: Consent
        let consents: [ConsentChange]
        /// What she asked under PDPL and how it was answered.
        struct RightsAsked: Codable, Sendable { let reference, kind, details, status, decision, reasons: String; let receivedAt: Date; let answeredAt: Date? }
        let rightsRequests: [RightsAsked]
        let family: [Member]
        let documents: [Document]
        let duplicateDecisions: Int
        let history: [Event]
        struct Request: Codable, Sendable { let tracking, supportType, status, channel, description: String; let requestedHalalas: Int64; let submittedAt: Date? }
        struct ContactEntry: Codable, Sendable { let at: Date; let channel, direction, subject, notes, outcome: String }
        struct Case: Codable, Sendable { let number, kind, status, channel, text, reply: String; let at: Date }
        let requests: [Request]
        /// Her appeals of rejections (issue 20): her reasons and the committee's final answer.
        struct Appeal: Codable, Sendable { let tracking, reasons, status, letter: String; let lodgedAt: Date; let decidedAt: Date? }
        let appeals: [Appeal]
        let contacts: [ContactEntry]
        let inquiries: [Case]
        let complaints: [Case]
        /// Complaints this staff member may not read (confidential, or about her); another manager completes the export.
        let withheldComplaints: Int
    }

    func build(_ req: Request) async throws -> (Beneficiary, Export) {
        let b = try await req.reachableBeneficiary()
        let complaints = try await req.visibleComplaints().filter(\.$beneficiaryID == b.requireID()).sort(\.$createdAt).all()
        let allComplaints = try await Complaint.query(on: req.db).filter(\.$beneficiaryID == b.requireID()).count()
        let export = try await Self.export(of: b, complaints: complaints, withheld: allComplaints - complaints.count, staffNames: true, req: req)
        try await req.audit("beneficiary.exported", record: ("beneficiary", try b.requireID().uuidString))
        return (b, export)
    }

    /// Everything held about one person. `b` comes with its category and branch. Staff names in the history are left
    /// out of the copy she downloads herself (`staffNames: false`).
    static func export(of b: Beneficiary, complaints: [Complaint], withheld: Int, staffNames: Bool, req: Request) async throws -> Export {
        let members = try await FamilyMember.query(on: req.db).filter(\.$beneficiary.$id == b.requireID()).all()
        let documents = try await BeneficiaryDocument.query(on: req.db).filter(\.$beneficiary.$id == b.requireID()).with(\.$type).all()
        let fileID = try b.requireID()
        let decisions = try await DuplicateDecision.query(on: req.db).group(.or) {
            $0.filter(\.$beneficiaryID == fileID).filter(\.$similarBeneficiaryID == fileID)
        }.count()
        let history = try await AuditEntry.query(on: req.db).filter(\.$recordType == "beneficiary")
            .filter(\.$recordID == b.requireID().uuidString).sort(\.$id).all()
        let today = CalendarDay.today(req.now).description
        let requests = try await SupportRequest.query(on: req.db).filter(\.$beneficiary.$id == b.requireID()).with(\.$supportType).sort(\.$createdAt).all()
        let contacts = try await Contact.query(on: req.db).filter(\.$beneficiaryID == b.requireID()).sort(\.$at).all()
        let inquiries = try await Inquiry.query(on: req.db).filter(\.$beneficiaryID == b.requireID()).sort(\.$createdAt).all()
        let consents = try await ConsentRecord.query(on: req.db).filter(\.$beneficiaryID == b.requireID()).sort(\.$number).all()
        let rights = try await RightsRequest.query(on: req.db).filter(\.$beneficiaryID == b.requireID()).sort(\.$number).all()
        let export = Export(
            exportedAt: req.now, fileNumber: b.fileNumber, status: b.status.rawValue, statusReason: b.statusReason,
            category: b.category.name(in: req.language), branch: b.branch.name(in: req.language),
            nationalID: b.nationalID, name: b.name.full, nameLatin: b.nameLatin, birthDate: b.birthDate, nationality: b.nationality,
            mobile: b.mobile, alternatePhone: b.alternatePhone, email: b.email,
            nationalAddress: Dictionary(uniqueKeysWithValues: NationalAddress.Field.allCases.map { ($0.rawValue, b.address.value(of: $0)) }),
            education: b.education.rawValue, employment: b.employment.rawValue, incomeSources: b.incomeSources,
            housing: b.housing.rawValue, healthNotes: b.healthNotes, iban: b.iban, monthlyIncomeHalalas: b.monthlyIncome,
            monthlyRentHalalas: b.monthlyRent, hasDisability: b.hasDisability,
            consent: .init(given: b.consentGiven, method: b.consentMethod.rawValue, noticeVersion: b.consentNoticeVersion, at: b.consentAt),
            consents: consents.map { .init(purpose: $0.purpose.rawValue, partner: $0.partner, granted: $0.granted, method: $0.method?.rawValue ?? "",
                                           source: $0.source.rawValue, noticeVersion: $0.noticeVersion, at: $0.recordedAt) },
            rightsRequests: rights.map { .init(reference: $0.reference, kind: $0.kind.rawValue, details: $0.details, status: $0.status.rawValue,
                                               decision: $0.decision?.rawValue ?? "", reasons: $0.decisionReasons, receivedAt: $0.receivedAt,
                                               answeredAt: $0.answeredAt) },
            family: members.map { .init(relation: $0.relation.rawValue, fullName: $0.fullName, nationalID: $0.nationalID, birthDate: $0.birthDate,
                                        sex: $0.sex.rawValue, schooling: $0.schooling.rawValue, healthNotes: $0.healthNotes,
                                        monthlyIncomeHalalas: $0.monthlyIncome, isDependant: $0.isDependant) },
            documents: documents.map { .init(type: $0.type.code, issueDate: $0.issueDate, expiryDate: $0.expiryDate, fileName: $0.displayName,
                                             contentType: $0.contentType, sha256: $0.sha256,
                                             verification: $0.effectiveVerification(today: today).rawValue,
                                             verificationReason: $0.verificationReason, size: $0.size, uploadedAt: $0.uploadedAt) },
            duplicateDecisions: decisions,
            history: history.map { .init(sequence: $0.id ?? 0, at: $0.occurredAt,
                                         actor: staffNames ? $0.actorName ?? "" : "", action: $0.action, outcome: $0.outcome, detail: $0.detail ?? "") },
            requests: requests.map { .init(tracking: $0.trackingNumber ?? "", supportType: $0.supportType.code, status: $0.status.rawValue,
                                           channel: $0.channel.rawValue, description: $0.description, requestedHalalas: $0.requestedAmount, submittedAt: $0.submittedAt) },
            appeals: try await RequestAppeal.query(on: req.db).filter(\.$beneficiaryID == b.requireID()).sort(\.$lodgedAt).all().map { appeal in
                .init(tracking: requests.first { $0.id == appeal.requestID }?.trackingNumber ?? "", reasons: appeal.reasons, status: appeal.status.rawValue,
                      letter: appeal.letterNumber, lodgedAt: appeal.lodgedAt, decidedAt: appeal.decidedAt)
            },
            contacts: contacts.map { .init(at: $0.at, channel: $0.channel.rawValue, direction: $0.direction.rawValue, subject: $0.subject,
                                           notes: $0.notes, outcome: $0.outcome.rawValue) },
            inquiries: inquiries.map { .init(number: $0.number, kind: "inquiry", status: $0.status.rawValue, channel: $0.channel.rawValue,
                                             text: $0.question, reply: $0.answer, at: $0.createdAt) },
            complaints: complaints.map { .init(number: $0.number, kind: $0.kind.rawValue, status: $0.status.rawValue, channel: $0.channel.rawValue,
                                               text: $0.description, reply: $0.response, at: $0.createdAt) },
            withheldComplaints: withheld)
        return export
    }


    func json(req: Request) async throws -> Response {
        let (file, export) = try await build(req)
        return try Self.download(export, fileNumber: file.fileNumber)
    }

    static func download(_ export: Export, fileNumber: String) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(fileNumber)-data.json\"")
        return Response(status: .ok, headers: headers, body: .init(data: try encoder.encode(export)))
    }

    struct PrintView: Encodable {
        let page: PageContext
        let id: String
        let export: Export
        let exportedAt: String
        let hasFamily: Bool
        let hasDocuments: Bool
    }

    func printable(req: Request) async throws -> View {
        let (file, export) = try await build(req)
        return try await req.render("beneficiaries/export", PrintView(
            page: PageContext(req, title: req.t("export.title", file.name.full)), id: try file.requireID().uuidString, export: export,
            exportedAt: DualCalendarFormatter(language: req.language).dateTime(req.now).combined,
            hasFamily: !export.family.isEmpty, hasDocuments: !export.documents.isEmpty))
    }
}
