import Fluent
import LamasatCore
import Vapor

/// From a request's page: a service officer asks for a volunteer to take an approved service to her location, or a
/// researcher for one to accompany a home visit. The opportunity made carries the district of her address, the
/// time and what is taken — never her name, ID or phone, which the coordinator must not see.
struct RequestVolunteerController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let delivery = routes.grouped("requests", ":requestID", "volunteer")
        delivery.get { try await self.form(req: $0, kind: .delivery, typed: nil, errors: [:], status: .ok) }.requires(.deliverServices)
        delivery.post { try await self.create(req: $0, kind: .delivery) }.requires(.deliverServices)
        let visit = routes.grouped("requests", ":requestID", "volunteer", "visit")
        visit.get { try await self.form(req: $0, kind: .homeVisit, typed: nil, errors: [:], status: .ok) }.requires(.writeResearch)
        visit.post { try await self.create(req: $0, kind: .homeVisit) }.requires(.writeResearch)
    }

    struct FormView: Encodable { let page: PageContext; let id: String; let action: String; let lead: String; let fields: [FormField] }

    /// A delivery is asked while the approved service is still to be delivered; a visit while the research is open.
    private func load(_ req: Request, kind: OpportunityKind) async throws -> (SupportRequest, Beneficiary) {
        let (request, file) = try await req.reachableRequest()
        let allowed: [SupportRequestStatus] = kind == .delivery ? [.approved, .inService] : [.awaitingDeclaration, .socialResearch]
        guard allowed.contains(request.status) else { throw Abort(.conflict) }
        return (request, file)
    }

    /// What the volunteer takes: the support type and the amount or quantity approved, in words the coordinator may read.
    private func draft(_ request: SupportRequest, _ file: Beneficiary, kind: OpportunityKind, req: Request) async throws -> OpportunityForm {
        var form = OpportunityForm()
        let type = request.supportType.name(in: .ar)
        form.kind = kind.rawValue
        form.district = file.addressDistrict
        form.date = OpportunityForm.riyadhParts(req.now.addingTimeInterval(86_400)).day
        if kind == .delivery {
            let approved = try await RequestDecision.inForce(request.requireID(), on: req.db)?.approvedAmount ?? 0
            form.title = "إيصال \(type)"
            form.description = approved > 0 ? "\(type) بقيمة \(Money(halalas: approved).formatted(.ar))" : type
            form.place = "موقع المستفيدة (يظهر للمتطوعة يوم المهمة)"
            form.skills = [VolunteerSkill.driving.rawValue]
        } else {
            form.title = "مرافقة باحثة في زيارة منزلية"
            form.description = "زيارة منزلية لدراسة طلب \(type)"
            form.place = "منزل المستفيدة (يظهر للمتطوعة يوم الزيارة)"
            form.skills = [VolunteerSkill.socialWork.rawValue]
        }
        return form
    }

    func form(req: Request, kind: OpportunityKind, typed: OpportunityForm?, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let (request, file) = try await load(req, kind: kind)
        let form: OpportunityForm
        if let typed { form = typed } else { form = try await draft(request, file, kind: kind, req: req) }
        let id = try request.requireID().uuidString
        return try await req.render("requests/volunteer", FormView(
            page: PageContext(req, title: req.t(kind == .delivery ? "volunteer.ask.delivery" : "volunteer.ask.visit")), id: id,
            action: "/requests/\(id)/volunteer" + (kind == .delivery ? "" : "/visit"), lead: req.t("volunteer.ask.lead"),
            fields: form.fields(req, errors: errors, kinds: []))).encodeResponse(status: status, for: req)
    }

    func create(req: Request, kind: OpportunityKind) async throws -> Response {
        let staff = try req.requireStaff()
        let (request, file) = try await load(req, kind: kind)
        var typed = OpportunityForm(request: req)
        typed.kind = kind.rawValue
        var (valid, errors) = typed.validate(req, isNew: true, fixedKind: kind)
        // Her name, ID or phone typed into a field the coordinator reads is refused.
        let personal = [file.name.full, file.nationalID, file.mobile].filter { $0.count >= 4 }
        for (name, value) in [("title", typed.title), ("description", typed.description), ("place", typed.place)]
        where personal.contains(where: { value.contains($0) }) || file.name.full.split(separator: " ").first.map({ value.contains($0) && $0.count >= 3 }) == true {
            errors[name] = req.t("volunteer.ask.noPersonalData")
            valid = nil
        }
        guard errors.isEmpty, let valid else { return try await form(req: req, kind: kind, typed: typed, errors: errors, status: .unprocessableEntity) }
        let opportunity = try await OpportunitiesController.publish(typed, valid, branch: request.branchID, requestID: try request.requireID(), by: staff.userID, req: req)
        try await req.audit("request.volunteerAsked", record: ("support_request", try request.requireID().uuidString), detail: opportunity.number)
        return req.redirect(to: "/requests/\(try request.requireID().uuidString)?done=volunteerAsked")
    }
}
