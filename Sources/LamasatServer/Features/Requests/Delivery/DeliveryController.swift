import Fluent
import LamasatCore
import Vapor

/// [P-24], [P-8] Delivering an approved service, in one or more parts, where she is: each delivery with what, how
/// much, when, where, by whom and her proof of receipt (signature on the pad or an uploaded receipt). The final one
/// closes the request.
struct DeliveryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let deliveries = routes.grouped("requests", ":requestID", "deliveries")
        deliveries.get("new") { try await self.form(req: $0, errors: [:], status: .ok) }.requires(.deliverServices)
        deliveries.on(.POST, body: .collect(maxSize: "11mb")) { try await self.record(req: $0) }.requires(.deliverServices)
    }

    struct FormView: Encodable {
        let page: PageContext
        let id: String
        let action: String
        let fileName: String
        let summary: String
        let fields: [FormField]
        /// The proof's file box, inside the proof's fieldset with the signature pad.
        let proofFile: [FormField]
        let proofError: String?
    }

    /// `typed` is nil on a new delivery.
    func form(req: Request, typed: DeliveryForm? = nil, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let staff = try req.requireStaff()
        let (request, file) = try await req.reachableRequest()
        guard [.approved, .inService].contains(request.status) else { throw Abort(.conflict) }
        let (approved, left) = try await DeliveryRecording.remaining(request.requireID(), on: req.db)
        let form = typed ?? DeliveryForm(request, staff: staff.user, req: req)
        let volunteers = try await req.application.requestVolunteerLinks.confirmed(for: request.requireID(), on: req.db).map { (id: $0.assignmentID.uuidString, name: $0.name) }
        let stock = request.supportType.kind == .inKind
            ? try await req.application.requestStockLinks.choices(branchID: request.branchID, selected: form.stockItem, req: req) : nil
        let fields = form.fields(req, errors: errors, financial: request.supportType.kind == .financial, approved: approved, left: left,
                                 volunteers: volunteers, stock: stock)
        return try await req.render("requests/delivery", FormView(
            page: PageContext(req, title: req.t("delivery.title", request.trackingNumber ?? "")), id: try request.requireID().uuidString,
            action: "/requests/\(try request.requireID().uuidString)/deliveries?_csrf=\(req.csrfToken ?? "")", fileName: file.name.full,
            summary: approved > 0 ? req.t("delivery.summary", Money(halalas: approved).formatted(req.language), Money(halalas: left).formatted(req.language)) : "",
            fields: fields, proofFile: [FormField.upload(req, name: "proof", label: req.t("delivery.proofUpload"))].prepared(),
            proofError: errors["proof"])).encodeResponse(status: status, for: req)
    }

    func record(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let (request, file) = try await req.reachableRequest()
        let form = DeliveryForm(request: req)
        let (approved, left) = try await DeliveryRecording.remaining(request.requireID(), on: req.db)
        let decided = try await RequestDecision.inForce(request.requireID(), on: req.db)
            .map { CalendarDay.today($0.decidedAt).description } ?? ""
        var (valid, errors) = form.validate(req, financial: request.supportType.kind == .financial, approved: approved, left: left, decided: decided)
        // A volunteer named as the one who handed it over: a confirmed assignment of this request, at her location or by volunteer.
        let handover = form.assignment.isEmpty ? nil
            : try await req.application.requestVolunteerLinks.confirmed(for: request.requireID(), on: req.db).first { $0.assignmentID.uuidString == form.assignment }?.assignmentID
        if !form.assignment.isEmpty, handover == nil || ![DeliveryPlace.herLocation, .volunteer].contains(DeliveryPlace(rawValue: form.place)) {
            errors["assignment"] = req.t("delivery.error.volunteer")
            valid = nil
        }
        guard let valid else { return try await self.form(req: req, typed: form, errors: errors, status: .unprocessableEntity) }
        let (description, amount, isFinal, proof) = (form.description, valid.amount, valid.isFinal, valid.proof)
        let facts = try await RequestWorkflow.facts(request, file: file, req: req, on: req.db)
        let stockItem = request.supportType.kind == .inKind ? UUID(uuidString: form.stockItem) : nil
        do {
            return try await RequestPage.perform(isFinal ? .deliverFinal : .deliverPart, on: request, req: req) { db in
                let attachment = RequestAttachment(requestID: try request.requireID(), purpose: .deliveryProof, kind: proof.0, bytes: proof.1, by: staff.userID, at: req.now)
                try await attachment.create(on: db)
                let delivery = ServiceDelivery()
                delivery.description = description
                delivery.amount = amount.halalas
                delivery.quantity = valid.quantity
                delivery.deliveredOn = valid.day.description
                delivery.place = valid.place
                delivery.deliveredBy = form.deliveredBy
                delivery.proofAttachmentID = attachment.id
                delivery.isFinal = isFinal
                delivery.recordedBy = staff.userID
                delivery.recordedAt = req.now
                if let refusal = try await DeliveryRecording.record(delivery, on: request, file: file, facts: facts, note: description,
                                                                    closingNote: valid.closingNote, handover: handover, req: req, on: db) {
                    return refusal
                }
                // Items handed over come out of the branch's stock in the same transaction; a short stock undoes it all.
                if let stockItem {
                    try await req.application.requestStockLinks.issue(itemID: stockItem, quantity: valid.quantity, delivery: delivery, branchID: request.branchID, req: req, on: db)
                }
                return nil
            }
        } catch let refused as StockRefused {
            return try await self.form(req: req, typed: form, errors: ["stockItem": refused.message], status: .unprocessableEntity)
        }
    }
}
