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

    struct Input: Content {
        var description: String?
        var amount: String?
        var quantity: String?
        var date: String?
        var place: String?
        var deliveredBy: String?
        var isFinal: String?
        var closingNote: String?
        var signature: String?
        var proof: File?
    }

    struct FormView: Encodable {
        let page: PageContext
        let id: String
        let action: String
        let fileName: String
        let summary: String
        let fields: [FormField]
        let proofError: String?
    }

    private func remaining(_ request: SupportRequest, on db: any Database) async throws -> (approved: Int64, left: Int64) {
        let approved = try await RequestDecision.query(on: db).filter(\.$requestID == request.id!).first()?.approvedAmount ?? 0
        let delivered = try await ServiceDelivery.query(on: db).filter(\.$requestID == request.id!).all().reduce(Int64(0)) { $0 + $1.amount }
        return (approved, max(0, approved - delivered))
    }

    func form(req: Request, errors: FieldErrors, status: HTTPStatus, input: Input = Input()) async throws -> Response {
        let staff = try req.requireStaff()
        let (request, file) = try await req.reachableRequest()
        guard [.approved, .inService].contains(request.status) else { throw Abort(.conflict) }
        let (approved, left) = try await remaining(request, on: req.db)
        let posted = req.method == .POST
        let fields = [
            FormField(name: "description", label: req.t("delivery.description"), value: posted ? input.description ?? "" : request.supportType.name(in: req.language),
                      error: errors["description"], required: true, maxlength: 300),
            FormField(name: "amount", label: req.t("delivery.amount"), value: input.amount ?? "", hint: approved > 0 ? req.t("delivery.remaining", Money(halalas: left).formatted(req.language)) : nil,
                      error: errors["amount"], required: request.supportType.kind == .financial, autocomplete: "off", inputmode: "decimal", dir: "ltr", maxlength: 16),
            FormField(name: "quantity", label: req.t("delivery.quantity"), value: input.quantity ?? "", error: errors["quantity"], inputmode: "numeric", dir: "ltr", maxlength: 5),
            FormField(name: "date", label: req.t("delivery.date"), kind: "date", value: input.date ?? CalendarDay.today(req.now).description, error: errors["date"], required: true, dir: "ltr"),
            FormField(name: "place", label: req.t("delivery.place"), kind: "select", error: errors["place"], required: true,
                      options: FormField.Option.choices(DeliveryPlace.allCases, selected: (input.place ?? "office"), req)),
            FormField(name: "deliveredBy", label: req.t("delivery.deliveredBy"), value: posted ? input.deliveredBy ?? "" : staff.user.fullName,
                      hint: req.t("delivery.deliveredByHint"), error: errors["deliveredBy"], required: true, maxlength: 120),
            FormField(name: "isFinal", label: req.t("delivery.isFinal"), kind: "checkbox", checked: input.isFinal == "on"),
            FormField(name: "closingNote", label: req.t("delivery.closingNote"), value: input.closingNote ?? "", hint: req.t("delivery.closingNoteHint"),
                      error: errors["closingNote"], maxlength: 300),
        ].prepared()
        return try await req.render("requests/delivery", FormView(
            page: PageContext(req, title: req.t("delivery.title", request.trackingNumber ?? "")), id: try request.requireID().uuidString,
            action: "/requests/\(try request.requireID().uuidString)/deliveries?_csrf=\(req.csrfToken ?? "")", fileName: file.name.full,
            summary: approved > 0 ? req.t("delivery.summary", Money(halalas: approved).formatted(req.language), Money(halalas: left).formatted(req.language)) : "",
            fields: fields, proofError: errors["proof"])).encodeResponse(status: status, for: req)
    }

    func record(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let (request, file) = try await req.reachableRequest()
        let input = (try? req.content.decode(Input.self)) ?? Input()
        func text(_ value: String?) -> String { (value ?? "").trimmingWhitespace() }
        var errors: FieldErrors = [:]
        let description = text(input.description)
        if description.isEmpty { errors["description"] = req.t("validation.required") } else if description.count > 300 { errors["description"] = req.t("validation.tooLong") }
        let (approved, left) = try await remaining(request, on: req.db)
        var typedAmount = Money.zero
        if !text(input.amount).isEmpty {
            do { typedAmount = try Money(text(input.amount)) } catch { errors["amount"] = req.t(error.localizationKey) }
        } else if request.supportType.kind == .financial {
            errors["amount"] = req.t("validation.required")
        }
        let amount = typedAmount
        if approved > 0 && amount.halalas > left { errors["amount"] = req.t("delivery.error.aboveRemaining", Money(halalas: left).formatted(req.language)) }
        let quantity = text(input.quantity).isEmpty ? 0 : (ArabicDigits.parseInt(text(input.quantity)) ?? -1)
        if !(0...10_000).contains(quantity) { errors["quantity"] = req.t("validation.wholeNumber") }
        let day = try? CalendarDay.day(text(input.date), calendar: .gregorian)
        // Between the committee's decision and today.
        let decided = try await RequestDecision.query(on: req.db).filter(\.$requestID == request.id!).first()
            .map { CalendarDay.today($0.decidedAt).description } ?? ""
        if day == nil || day!.description > CalendarDay.today(req.now).description || day!.description < decided { errors["date"] = req.t("delivery.error.date") }
        // Closing with part of the approved amount unpaid needs a word on why.
        if input.isFinal == "on" && approved > 0 && amount.halalas < left && text(input.closingNote).isEmpty {
            errors["closingNote"] = req.t("delivery.error.closingNote", Money(halalas: left - amount.halalas).formatted(req.language))
        }
        let place = DeliveryPlace(rawValue: text(input.place))
        if place == nil { errors["place"] = req.t("validation.choose") }
        let deliveredBy = text(input.deliveredBy)
        if deliveredBy.isEmpty { errors["deliveredBy"] = req.t("validation.required") } else if deliveredBy.count > 120 { errors["deliveredBy"] = req.t("validation.tooLong") }
        var proof: (UploadedFileKind, [UInt8])?
        switch StoredFiles.read(input.proof) {
        case .success(let upload?): proof = (upload.kind, upload.bytes)
        case .failure(let problem): errors["proof"] = req.t(problem.localizationKey)
        case .success(nil):
            // No receipt uploaded: her signature on the pad is the proof.
            if let drawn = try? DrawnSignature.decode(input.signature ?? "") { proof = (.png, drawn) } else { errors["proof"] = req.t("delivery.error.proof") }
        }
        guard errors.isEmpty, let day, let place, let proof else {
            return try await form(req: req, errors: errors, status: .unprocessableEntity, input: input)
        }
        // Delivering the whole approved amount is the last delivery, whatever the box says.
        let isFinal = input.isFinal == "on" || (approved > 0 && amount.halalas == left)
        let closingNote = String(text(input.closingNote).prefix(300))
        let facts = try await RequestWorkflow.facts(request, file: file, req: req, on: req.db)
        return try await RequestPage.perform(isFinal ? .deliverFinal : .deliverPart, on: request, req: req) { db in
            if let refusal = try await RequestWorkflow.apply(isFinal ? .deliverFinal : .deliverPart, to: request, facts: facts, note: description, req: req, on: db) {
                return refusal
            }
            let attachment = RequestAttachment(requestID: try request.requireID(), purpose: .deliveryProof, kind: proof.0, bytes: proof.1, by: staff.userID, at: req.now)
            try await attachment.create(on: db)
            let delivery = ServiceDelivery()
            delivery.requestID = try request.requireID()
            delivery.beneficiaryID = try file.requireID()
            delivery.supportTypeID = request.$supportType.id
            delivery.description = description
            delivery.amount = amount.halalas
            delivery.quantity = quantity
            delivery.deliveredOn = day.description
            delivery.place = place
            delivery.deliveredBy = deliveredBy
            delivery.proofAttachmentID = attachment.id
            delivery.isFinal = isFinal
            delivery.recordedBy = staff.userID
            delivery.recordedAt = req.now
            try await delivery.create(on: db)
            try await req.audit("request.delivery", record: ("support_request", try request.requireID().uuidString), detail: amount.halalas == 0 ? description : String(amount.halalas), on: db)
            guard isFinal else { return nil }
            if let refusal = try await RequestWorkflow.apply(.close, to: request, facts: facts, note: closingNote, req: req, on: db) { return refusal }
            // [P-9] The service is delivered: she is invited to evaluate it.
            try await SurveyInvitations.invite(.init(source: .delivery, sourceID: try delivery.requireID(), reference: request.trackingNumber ?? "", beneficiaryID: try file.requireID(),
                                                     branchID: request.branchID, serviceType: request.supportType.code, channel: request.channel,
                                                     staffID: staff.userID), now: req.now, baseURL: req.lamasat.config.publicURL, on: db)
            return nil
        }
    }
}
