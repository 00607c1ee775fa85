import Fluent
import LamasatCore
import Vapor

/// The one way a delivery is written on a request, whoever records it: the staff's delivery form, or a payment the
/// bank confirmed (issue 18). Moves the request as a part or the final delivery, writes the delivery (handed over on
/// a volunteer's assignment when one is named), audits it, and on the final one closes the request and invites her
/// to evaluate the service. It looks at no page permission: the caller decided who may record.
enum DeliveryRecording {
    /// Runs inside the caller's transaction `db`; returns the refusal when the request cannot move (nothing written).
    /// `delivery` is filled by the caller except its request, file and support type.
    static func record(_ delivery: ServiceDelivery, on request: SupportRequest, file: Beneficiary, facts: SupportRequestFacts,
                       note: String, closingNote: String, handover: UUID? = nil, req: Request, on db: any Database) async throws -> SupportRequestRefusal? {
        let isFinal = delivery.isFinal
        if let refusal = try await RequestWorkflow.apply(isFinal ? .deliverFinal : .deliverPart, to: request, facts: facts, note: note, req: req, on: db) {
            return refusal
        }
        delivery.requestID = try request.requireID()
        delivery.beneficiaryID = try file.requireID()
        delivery.supportTypeID = request.$supportType.id
        if let handover {
            guard try await req.application.requestVolunteerLinks.handOver(assignmentID: handover, delivery: delivery, now: req.now, on: db) else { throw Abort(.conflict) }
        } else {
            try await delivery.create(on: db)
        }
        try await req.audit("request.delivery", record: ("support_request", try request.requireID().uuidString),
                            detail: delivery.amount == 0 ? delivery.description : String(delivery.amount), on: db)
        guard isFinal else { return nil }
        if let refusal = try await RequestWorkflow.apply(.close, to: request, facts: facts, note: closingNote, req: req, on: db) { return refusal }
        // [P-9] The service is delivered: she is invited to evaluate it.
        try await SurveyInvitations.invite(.init(source: .delivery, sourceID: try delivery.requireID(), reference: request.trackingNumber ?? "", beneficiaryID: try file.requireID(),
                                                 branchID: request.branchID, serviceType: request.supportType.code, channel: request.channel,
                                                 staffID: delivery.recordedBy), now: req.now, baseURL: req.lamasat.config.publicURL, on: db)
        return nil
    }

    /// What the committee approved for the request and what of it is not delivered yet, in halalas.
    static func remaining(_ requestID: UUID, on db: any Database) async throws -> (approved: Int64, left: Int64) {
        let approved = try await RequestDecision.inForce(requestID, on: db)?.approvedAmount ?? 0
        let delivered = try await ServiceDelivery.query(on: db).filter(\.$requestID == requestID).all().reduce(Int64(0)) { $0 + $1.amount }
        return (approved, max(0, approved - delivered))
    }
}
