import Fluent
import LamasatCore
import Vapor

/// What her sent form becomes, once: an applicant's file (her consent and declaration with it) and the officers told;
/// or, when a file already has her ID, her answers kept for an officer of the branch she chose.
enum RegistrationIntake {
    enum Outcome: Equatable { case applicant(UUID), conflict, gone }

    static func submit(_ registration: OnlineRegistration, _ valid: BeneficiaryForm.Valid, answers: [String: String], req: Request) async throws -> Outcome {
        if try await Beneficiary.query(on: req.db).filter(\.$nationalID == registration.nationalID).first() == nil {
            let file = Beneficiary()
            file.id = UUID()
            try file.apply(valid)
            do {
                return try await req.db.writeTransaction { db in
                    guard try await claim(registration, as: .submitted, on: db) else { return .gone }
                    try await BeneficiariesController.save(file, valid, author: nil, req: req, on: db)
                    registration.beneficiaryID = try file.requireID()
                    try await registration.save(on: db)
                    try await req.audit("registration.submitted", record: ("beneficiary", try file.requireID().uuidString), on: db)
                    try await notify(registration, reference: file.fileNumber, now: req.now, on: db)
                    return .applicant(try file.requireID())
                }
            } catch {
                // Another form with her ID made its file a moment before: hers is then a conflict like any other.
                guard try await Beneficiary.query(on: req.db).filter(\.$nationalID == registration.nationalID).first() != nil else { throw error }
            }
        }
        let existing = try await Beneficiary.query(on: req.db).filter(\.$nationalID == registration.nationalID).first()
        return try await req.db.writeTransaction { db in
            guard try await claim(registration, as: .conflict, on: db) else { return .gone }
            registration.existingBeneficiaryID = existing?.id
            registration.answers = String(decoding: try JSONEncoder().encode(answers.filter { !$0.value.isEmpty }), as: UTF8.self)
            try await registration.save(on: db)
            try await req.audit("registration.conflict", record: ("online_registration", try registration.requireID().uuidString), on: db)
            try await notify(registration, reference: "REG", now: req.now, on: db)
            return .conflict
        }
    }

    /// Once: only a registration still being filled is sent, so a second press or a second tab finds it gone.
    static func claim(_ registration: OnlineRegistration, as status: OnlineRegistration.Status, on db: any Database) async throws -> Bool {
        let claimed = try await db.sql.raw("""
            UPDATE online_registrations SET status = \(bind: status.rawValue), token_hash = NULL
            WHERE id = \(bind: try registration.requireID()) AND status = 'verified' RETURNING id
            """).all()
        guard claimed.count == 1 else { return false }
        registration.status = status
        registration.tokenHash = nil
        return true
    }

    static func notify(_ registration: OnlineRegistration, reference: String, now: Date, on db: any Database) async throws {
        registration.submittedAt = now
        try await registration.save(on: db)
        guard let branch = registration.branchID else { return }
        let id = try registration.requireID()
        try await StaffNotifications.notify(
            .init(kind: .onlineRegistration, reference: reference, link: "/registrations/\(id.uuidString)", branchID: branch, key: "registration:\(id.uuidString)"),
            users: try await StaffNotifications.staff(holding: .verifyDocuments, branch: branch, on: db), now: now, on: db)
    }
}
