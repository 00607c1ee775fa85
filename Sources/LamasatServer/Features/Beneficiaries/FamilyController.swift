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

    private func render(_ req: Request, _ file: Beneficiary, _ input: FamilyMemberForm, _ errors: FieldErrors, member: FamilyMember?) async throws -> View {
        let base = "/beneficiaries/\(try file.requireID().uuidString)"
        return try await req.render("beneficiaries/family", FormView(
            page: PageContext(req, title: req.t(member == nil ? "family.newTitle" : "family.editTitle", file.name.full)),
            action: member.map { "\(base)/family/\(try $0.requireID().uuidString)" } ?? "\(base)/family", back: "\(base)?tab=family",
            fields: input.fields(req, errors), deleteAction: member.map { "\(base)/family/\(try $0.requireID().uuidString)/delete" }))
    }

    private func member(_ req: Request, of file: Beneficiary) async throws -> FamilyMember {
        guard let id = req.parameters.get("memberID", as: UUID.self),
              let member = try await FamilyMember.query(on: req.db).filter(\.$id == id).filter(\.$beneficiary.$id == file.requireID()).first()
        else { throw Abort(.notFound) }
        return member
    }

    func new(req: Request) async throws -> View {
        let file = try await req.reachableBeneficiary()
        try await req.auditView("family_form", id: try file.requireID().uuidString)
        return try await render(req, file, FamilyMemberForm(), [:], member: nil)
    }

    func create(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let input = FamilyMemberForm(request: req)
        let member = FamilyMember()
        let errors = input.apply(to: member, req)
        guard errors.isEmpty else {
            return try await render(req, file, input, errors, member: nil).encodeResponse(status: .unprocessableEntity, for: req)
        }
        try await Self.add(member, to: file, req: req)
        return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?tab=family&done=familySaved")
    }

    /// Adds a member the form checked to her household (the page and the API).
    static func add(_ member: FamilyMember, to file: Beneficiary, req: Request) async throws {
        member.$beneficiary.id = try file.requireID()
        member.createdAt = req.now
        member.updatedAt = req.now
        try await req.db.writeTransaction { db in
            try await member.create(on: db)
            try await req.audit("family.added", record: ("beneficiary", try file.requireID().uuidString), detail: member.relation.rawValue, on: db)
        }
    }

    func edit(req: Request) async throws -> View {
        let file = try await req.reachableBeneficiary()
        let member = try await member(req, of: file)
        try await req.auditView("family_member", id: try member.requireID().uuidString)
        return try await render(req, file, FamilyMemberForm(member), [:], member: member)
    }

    func update(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let member = try await member(req, of: file)
        let input = FamilyMemberForm(request: req)
        let errors = input.apply(to: member, req)
        guard errors.isEmpty else {
            return try await render(req, file, input, errors, member: member).encodeResponse(status: .unprocessableEntity, for: req)
        }
        member.updatedAt = req.now
        try await req.db.writeTransaction { db in
            try await member.save(on: db)
            try await req.audit("family.updated", record: ("beneficiary", try file.requireID().uuidString), detail: try member.requireID().uuidString, on: db)
        }
        return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?tab=family&done=familySaved")
    }

    func delete(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let member = try await member(req, of: file)
        try await req.db.writeTransaction { db in
            try await member.delete(on: db)
            try await req.audit("family.removed", record: ("beneficiary", try file.requireID().uuidString), detail: member.relation.rawValue, on: db)
        }
        return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?tab=family&done=familyRemoved")
    }
}
