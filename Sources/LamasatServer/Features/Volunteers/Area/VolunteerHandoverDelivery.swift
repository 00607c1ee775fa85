import Fluent
import LamasatCore
import Vapor

/// The proof of a hand-over she records on her phone: a photo (or scan) of the receipt, checked as every upload is
/// (kind by content, size limit), or else her signature drawn on the pad.
enum VolunteerHandoverProof {
    private struct Input: Content { var signature: String?; var proof: File? }

    /// The proof, or the localization key of why it is refused.
    static func read(_ req: Request) -> Result<(kind: UploadedFileKind, bytes: [UInt8]), Refused> {
        let input = (try? req.content.decode(Input.self)) ?? Input()
        switch StoredFiles.read(input.proof) {
        case .success(let upload?): return .success((upload.kind, upload.bytes))
        case .failure(let problem): return .failure(Refused(key: problem.localizationKey))
        case .success(nil):
            guard let drawn = try? DrawnSignature.decode(input.signature ?? "") else { return .failure(Refused(key: "delivery.error.proof")) }
            return .success((.png, drawn))
        }
    }

    struct Refused: Error { let key: String }
}

/// Writes the delivery a volunteer handed over, with her proof: the volunteer's side of the hand-over, through the same
/// `VolunteerHandover.record` as the staff's delivery form (her id and name on the delivery, the assignment completed on it).
enum VolunteerHandoverDelivery {
    /// Called inside the caller's transaction, after it moved the assignment out of "confirmed"; returns the delivery's id.
    static func write(for assignment: VolunteerAssignment, of opportunity: VolunteerOpportunity, requestID: UUID, by volunteer: Volunteer,
                      proof: (kind: UploadedFileKind, bytes: [UInt8]), at now: Date, on db: any Database) async throws -> UUID {
        guard let request = try await SupportRequest.find(requestID, on: db) else { throw Abort(.notFound) }
        let volunteerID = try volunteer.requireID()
        let attachment = RequestAttachment(requestID: requestID, purpose: .deliveryProof, kind: proof.kind, bytes: proof.bytes, by: volunteerID, at: now)
        try await attachment.create(on: db)
        let delivery = ServiceDelivery()
        delivery.id = UUID()
        delivery.requestID = requestID
        delivery.beneficiaryID = request.$beneficiary.id
        delivery.supportTypeID = request.$supportType.id
        delivery.description = String((opportunity.description.isEmpty ? opportunity.title : opportunity.description).prefix(300))
        delivery.amount = 0
        delivery.quantity = 0
        delivery.deliveredOn = CalendarDay.today(now).description
        delivery.place = .volunteer
        delivery.proofAttachmentID = attachment.id
        // Part of the service: the staff member who follows the request closes it.
        delivery.isFinal = false
        // She recorded it herself: her id stands where a staff member's would.
        delivery.recordedBy = volunteerID
        delivery.recordedAt = now
        switch try await VolunteerHandover.record(assignment: assignment, delivery: delivery, now: now, on: db) {
        case .success(let written): return try written.requireID()
        case .failure: throw Abort(.conflict)
        }
    }
}
