import Fluent
import LamasatCore
import Vapor

/// [P-17], [P-3] The officer's library: versioned documents (text written here or an uploaded PDF) with their approval;
/// staff acknowledge reading the current version of each required one, and managers see who has not.
struct LibraryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let library = routes.grouped("library")
        library.get { try await self.index(req: $0) }.requires(.viewDashboard)
        library.get("readers") { try await self.readers(req: $0) }.requires(.manageLibrary)
        let one = library.grouped(":documentID")
        one.get { try await self.show(req: $0, errors: [:], status: .ok) }.requires(.viewDashboard)
        one.post("acknowledge") { try await self.acknowledge(req: $0) }.requires(.viewDashboard)
        one.get("file", ":version") { try await self.file(req: $0) }.requires(.viewDashboard)
        one.on(.POST, "versions", body: .collect(maxSize: "11mb")) { try await self.publish(req: $0) }.requires(.manageLibrary)
    }

    struct Row: Encodable {
        let id: String; let title: String; let version: Int; let approved: String; let required: Bool; let acknowledged: Bool; let waiting: Bool
    }

    /// The newest version of each document.
    static func currentVersions(on db: any Database) async throws -> [UUID: LibraryVersion] {
        var latest: [UUID: LibraryVersion] = [:]
        for version in try await LibraryVersion.query(on: db).all() where (latest[version.documentID]?.version ?? 0) < version.version {
            latest[version.documentID] = version
        }
        return latest
    }

    static func approvalText(_ version: LibraryVersion?, req: Request) -> String {
        guard let version, let day = CalendarDay(stored: version.approvedOn) else { return req.t("library.waiting") }
        return DualCalendarFormatter(language: req.language).date(day.moment).combined + (version.approvedBy.isEmpty ? "" : " · " + version.approvedBy)
    }

    struct IndexView: Encodable { let page: PageContext; let rows: [Row]; let canManage: Bool; let pending: Int }

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let documents = try await LibraryDocument.query(on: req.db).sort(\.$sortOrder).all()
        let current = try await Self.currentVersions(on: req.db)
        let mine = try await LibraryAcknowledgement.query(on: req.db).filter(\.$userID == staff.userID).all()
        let rows = try documents.map { d -> Row in
            let version = current[try d.requireID()]
            return Row(id: try d.requireID().uuidString, title: d.name(in: req.language), version: version?.version ?? 0,
                       approved: Self.approvalText(version, req: req), required: d.isRequired,
                       acknowledged: mine.contains { $0.documentID == d.id && $0.version == version?.version },
                       waiting: version?.isPlaceholder ?? true)
        }
        return try await req.render("library/index", IndexView(
            page: PageContext(req, title: req.t("nav.library")), rows: rows, canManage: staff.can(.manageLibrary),
            pending: rows.filter { $0.required && !$0.acknowledged && !$0.waiting }.count))
    }

    struct ShowView: Encodable {
        struct Version: Encodable { let version: Int; let approved: String; let hasFile: Bool; let at: String }
        let page: PageContext
        let id: String
        let title: String
        let version: Int
        let approved: String
        let body: String?
        let hasFile: Bool
        let waiting: Bool
        let required: Bool
        let acknowledged: String?
        let history: [Version]
        let canManage: Bool
        let fields: [FormField]
        let action: String
    }

    private func document(_ req: Request) async throws -> LibraryDocument {
        guard let id = req.parameters.get("documentID", as: UUID.self), let document = try await LibraryDocument.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        return document
    }

    func show(req: Request, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let staff = try req.requireStaff()
        let document = try await document(req)
        let documentID = try document.requireID()
        let versions = try await LibraryVersion.query(on: req.db).filter(\.$documentID == documentID).sort(\.$version, .descending).all()
        let current = versions.first
        let formatter = DualCalendarFormatter(language: req.language)
        let ack = try await LibraryAcknowledgement.query(on: req.db).filter(\.$documentID == documentID)
            .filter(\.$userID == staff.userID).filter(\.$version == current?.version ?? 0).first()
        let body = current.map { req.language == .en && !$0.bodyEnglish.isEmpty ? $0.bodyEnglish : $0.bodyArabic }
        let form = req.method == .POST ? LibraryVersionForm(request: req) : LibraryVersionForm()
        let fields = form.fields(req, errors: errors)
        return try await req.render("library/show", ShowView(
            page: PageContext(req, title: document.name(in: req.language)), id: documentID.uuidString, title: document.name(in: req.language),
            version: current?.version ?? 0, approved: Self.approvalText(current, req: req),
            body: (body ?? "").isEmpty ? nil : PlainText.fromMarkdown(body ?? ""), hasFile: current?.fileID != nil, waiting: current?.isPlaceholder ?? true,
            required: document.isRequired, acknowledged: ack.map { formatter.dateTime($0.at).combined },
            history: versions.map { .init(version: $0.version, approved: Self.approvalText($0, req: req), hasFile: $0.fileID != nil,
                                          at: formatter.date($0.createdAt).combined) },
            canManage: staff.can(.manageLibrary),
            fields: fields + [FormField.upload(req, name: "file", label: req.t("library.pdf"), error: errors["file"], accept: "application/pdf")].prepared(),
            action: "/library/\(documentID.uuidString)/versions?_csrf=\(req.csrfToken ?? "")"
        )).encodeResponse(status: status, for: req)
    }

    func acknowledge(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let document = try await document(req)
        let documentID = try document.requireID()
        guard let current = try await LibraryVersion.query(on: req.db).filter(\.$documentID == documentID).sort(\.$version, .descending).first(),
              !current.isPlaceholder, ArabicDigits.parseInt(req.formText("version")) == current.version
        else { return try await show(req: req, errors: [:], status: .conflict) }
        let exists = try await LibraryAcknowledgement.query(on: req.db).filter(\.$documentID == documentID).filter(\.$version == current.version)
            .filter(\.$userID == staff.userID).count() > 0
        if !exists {
            try await req.db.writeTransaction { db in
                try await LibraryAcknowledgement(documentID: documentID, version: current.version, userID: staff.userID, at: req.now).create(on: db)
                try await req.audit("library.acknowledged", record: ("library_document", documentID.uuidString), detail: "v\(current.version)", on: db)
            }
        }
        return req.redirect(to: "/library/\(documentID.uuidString)?done=libraryAcknowledged")
    }

    /// A new version: text and/or a PDF, with its approval. Earlier acknowledgements stay with their version.
    func publish(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let document = try await document(req)
        let documentID = try document.requireID()
        let form = LibraryVersionForm(request: req)
        let (valid, errors) = form.validate(req)
        guard let valid else { return try await show(req: req, errors: errors, status: .unprocessableEntity) }
        let file = valid.upload
        let next = (try await LibraryVersion.query(on: req.db).filter(\.$documentID == documentID).max(\.$version) ?? 0) + 1
        let version = LibraryVersion()
        version.documentID = documentID
        version.version = next
        version.bodyArabic = form.bodyArabic
        version.bodyEnglish = form.bodyEnglish
        version.approvedOn = valid.approvedOn.description
        version.approvedBy = valid.approvedBy
        version.createdBy = staff.userID
        version.createdAt = req.now
        try await req.db.writeTransaction { db in
            if let file {
                let stored = StoredFile(owner: ("library_document", documentID), name: file.name, kind: file.kind, bytes: file.bytes, by: staff.userID, at: req.now)
                try await stored.create(on: db)
                version.fileID = stored.id
            }
            try await version.create(on: db)
            try await req.audit("library.published", record: ("library_document", documentID.uuidString), detail: "v\(next)", on: db)
        }
        return req.redirect(to: "/library/\(documentID.uuidString)?done=libraryPublished")
    }

    func file(req: Request) async throws -> Response {
        let document = try await document(req)
        let documentID = try document.requireID()
        guard let number = req.parameters.get("version", as: Int.self),
              let version = try await LibraryVersion.query(on: req.db).filter(\.$documentID == documentID).filter(\.$version == number).first(),
              let fileID = version.fileID, let file = try await StoredFile.find(fileID, on: req.db)
        else { throw Abort(.notFound) }
        return StoredFiles.response(file, name: "\(document.code)-v\(number)")
    }

    struct ReadersView: Encodable {
        struct Line: Encodable { let title: String; let version: Int; let missing: [String]; let count: Int }
        let page: PageContext
        let lines: [Line]
    }

    /// For each required document with a current version, the active staff in reach who have not acknowledged it.
    func readers(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let documents = try await LibraryDocument.query(on: req.db).filter(\.$isRequired == true).sort(\.$sortOrder).all()
        let current = try await Self.currentVersions(on: req.db)
        let people = try await StaffUser.query(on: req.db).filter(\.$isActive == true).sort(\.$fullName).all()
            .filter { staff.mayReach(branch: $0.$branch.id) }
        let acknowledgements = try await LibraryAcknowledgement.query(on: req.db).all()
        try await req.audit("library.readersViewed", detail: "staff=\(people.count)")
        let lines = try documents.compactMap { d -> ReadersView.Line? in
            guard let version = current[try d.requireID()], !version.isPlaceholder else { return nil }
            let readers = Set(acknowledgements.filter { $0.documentID == d.id && $0.version == version.version }.map(\.userID))
            let missing = try people.filter { !readers.contains(try $0.requireID()) }.map(\.fullName)
            return .init(title: d.name(in: req.language), version: version.version, missing: missing, count: missing.count)
        }
        return try await req.render("library/readers", ReadersView(page: PageContext(req, title: req.t("library.readers")), lines: lines))
    }
}
