import Fluent
import LamasatCore
import Vapor

/// An officer verifies a change she asked for from the portal (by calling the new number, or against the national
/// address record) and applies it to her file — a new version of the file — or refuses it with a reason.
struct ContactChangeReviewController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let changes = routes.grouped("contact-changes", ":changeID")
        changes.get { try await self.show(req: $0, status: .ok) }.requires(.editBeneficiaries)
        changes.post("apply") { try await self.decide(req: $0, apply: true) }.requires(.editBeneficiaries)
        changes.post("reject") { try await self.decide(req: $0, apply: false) }.requires(.editBeneficiaries)
    }

    private func reachable(_ req: Request) async throws -> (ContactChange, Beneficiary) {
        // A move of the file re-homes its pending changes, so the change's branch is the file's branch now.
        let change = try await req.scoped(ContactChange.self, id: req.parameters.get("changeID"), branch: \.$branchID)
        let file = try await req.scoped(Beneficiary.self, id: change.beneficiaryID.uuidString, branch: \.$branch.$id)
        return (change, file)
    }

    struct ShowView: Encodable {
        let page: PageContext; let id: String; let filePath: String; let name: String; let kind: String; let current: String; let requested: String
        let status: String; let error: String?
        /// The refusal's reason box, while the change waits.
        let reason: [FormField]?
    }

    func show(req: Request, error: String? = nil, errors: FieldErrors = [:], status: HTTPStatus) async throws -> Response {
        let (change, file) = try await reachable(req)
        let requested = change.kind == .mobile ? change.value : (change.address?.singleLine ?? "")
        let current = change.kind == .mobile ? file.mobile : file.address.singleLine
        try await req.auditView("beneficiary", id: try file.requireID().uuidString)
        return try await req.render("portal/change-review", ShowView(
            page: PageContext(req, title: req.t("contactChange.title")), id: try change.requireID().uuidString, filePath: "/beneficiaries/\(try file.requireID().uuidString)",
            name: file.name.full, kind: req.t(change.kind.localizationKey), current: current, requested: requested,
            status: req.t(change.status.localizationKey), error: error,
            reason: change.status == .pending ? (req.method == .POST ? TextBoxForm(.contactChangeRefusal(req), request: req) : TextBoxForm(.contactChangeRefusal(req)))
                .fields(req, errors: errors) : nil)).encodeResponse(status: status, for: req)
    }

    func decide(req: Request, apply: Bool) async throws -> Response {
        let staff = try req.requireStaff()
        let (change, file) = try await reachable(req)
        let form = TextBoxForm(.contactChangeRefusal(req), request: req)
        // A refusal needs its reason; an application takes the box as it is.
        let (checked, errors) = form.validate(req, error: req.t("contactChange.error.reason"))
        if !apply && checked == nil { return try await show(req: req, errors: errors, status: .unprocessableEntity) }
        let reason = checked ?? form.text
        let now = req.now
        let decided = try await req.db.writeTransaction { db -> Bool in
            // Once: only from pending.
            let claimed = try await db.sql.raw("""
                UPDATE contact_changes SET status = \(bind: apply ? "applied" : "rejected"), reason = \(bind: String(reason.prefix(500))),
                    decided_by = \(bind: staff.userID), decided_at = \(bind: now)
                WHERE id = \(bind: try change.requireID()) AND status = 'pending' RETURNING id
                """).all()
            guard claimed.count == 1 else { return false }
            if apply {
                switch change.kind {
                case .mobile: file.mobile = change.value
                case .address:
                    // Thrown, not returned: the status update above must roll back with it.
                    guard let address = change.address else { throw Abort(.unprocessableEntity) }
                    (file.addressBuilding, file.addressStreet, file.addressDistrict, file.addressCity) = (address.buildingNumber, address.street, address.district, address.city)
                    (file.addressPostalCode, file.addressAdditional, file.addressShort) = (address.postalCode, address.additionalNumber, address.shortAddress)
                }
                // A new version of the file: a declaration signed before asks to be signed again.
                file.version += 1
                file.updatedBy = staff.userID
                file.updatedAt = now
                try await file.save(on: db)
            }
            try await req.audit(apply ? "beneficiary.changeApplied" : "beneficiary.changeRejected", record: ("beneficiary", try file.requireID().uuidString),
                                detail: change.kind.rawValue, on: db)
            return true
        }
        guard decided else { return try await show(req: req, error: req.t("case.error.notNow"), status: .conflict) }
        return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?done=" + (apply ? "contactChangeApplied" : "contactChangeRejected"))
    }
}

extension CaseQueue {
    /// Changes of mobile or address waiting for an officer of her branch.
    static func contactChanges(_ req: Request) async throws -> [CaseQueue] {
        let staff = try req.requireStaff()
        guard staff.can(.editBeneficiaries) else { return [] }
        // A file's move re-homes its pending changes, so the change's own branch is the file's.
        let pending = try await ContactChange.query(on: req.db).filter(\.$status == .pending).withinReach(of: staff, \.$branchID)
            .sort(\.$createdAt).range(..<size).all()
        let files = try await Beneficiary.query(on: req.db).filter(\.$id ~~ pending.map(\.beneficiaryID)).all()
        let formatter = DualCalendarFormatter(language: req.language)
        return [CaseQueue(title: req.t("work.contactChanges"), lines: try pending.map { change in
            let file = files.first { $0.id == change.beneficiaryID }
            return Line(path: "/contact-changes/\(try change.requireID().uuidString)", number: file?.fileNumber ?? "", title: "\(file?.name.full ?? "") · \(req.t(change.kind.localizationKey))",
                        status: formatter.date(change.createdAt).combined, late: change.createdAt < req.now.addingTimeInterval(-2 * 86_400))
        }.nonEmpty, link: "/beneficiaries")]
    }
}
