import Fluent
import LamasatCore
import Vapor

/// [P-4] Following an inquiry (Q-…) or a complaint or suggestion (S-…) without an account: found only by its number
/// together with the mobile it was sent from (her file's mobile for a case on a file). What is shown is its state and
/// the answers sent to her — never internal notes, referral reasons or staff names.
enum StatusCase {
    struct Found: Sendable { let kind: CaseKind; let id: UUID; let number: String; let statusKey: String; let statusCode: String }

    struct Answer: Encodable { let at: String; let body: String; let mine: Bool }
    struct Result: Encodable {
        let number: String
        let status: String
        let statusCode: String
        let messages: [Answer]?
        /// The reply form carries the number and the mobile again: a reply is checked against both, like a look-up.
        let reply: [FormField]
        let tracking: String
        let mobile: String
        let replied: Bool
    }

    static func find(_ number: String, mobile: SaudiMobile, on db: any Database) async throws -> Found? {
        if number.hasPrefix("Q-"), let q = try await Inquiry.query(on: db).filter(\.$number == number).first(),
           try await matches(q.contactPhone, q.beneficiaryID, mobile, on: db) {
            return Found(kind: .inquiry, id: try q.requireID(), number: number, statusKey: q.status.localizationKey, statusCode: q.status.rawValue)
        }
        if number.hasPrefix("S-"), let c = try await Complaint.query(on: db).filter(\.$number == number).first(),
           try await matches(c.contactPhone, c.beneficiaryID, mobile, on: db) {
            return Found(kind: .complaint, id: try c.requireID(), number: number, statusKey: c.status.localizationKey, statusCode: c.status.rawValue)
        }
        return nil
    }

    /// The support request of this tracking number whose file has this mobile; both must match.
    static func request(_ tracking: String, mobile: SaudiMobile, on db: any Database) async throws -> SupportRequest? {
        try await SupportRequest.query(on: db).join(Beneficiary.self, on: \SupportRequest.$beneficiary.$id == \Beneficiary.$id)
            .filter(\.$trackingNumber == tracking).filter(Beneficiary.self, \.$mobile == mobile.e164).first()
    }

    private static func matches(_ phone: String, _ file: UUID?, _ mobile: SaudiMobile, on db: any Database) async throws -> Bool {
        if phone == mobile.e164 { return true }
        guard let file else { return false }
        return try await Beneficiary.find(file, on: db)?.mobile == mobile.e164
    }

    /// Her messages and the officers' written answers; what an officer noted of a phone call stays with staff.
    static func result(_ found: Found, tracking: String, mobile: String, replied: Bool, errors: FieldErrors, req: Request) async throws -> Result {
        let formatter = DualCalendarFormatter(language: req.language)
        let messages = try await CaseThread.messages(found.kind, found.id, on: req.db).filter { $0.via != "phone" }
        let typed = replied ? "" : String(req.formText("reply").prefix(2000))
        return Result(
            number: found.number, status: req.t(found.statusKey), statusCode: found.statusCode,
            messages: messages.map { Answer(at: formatter.dateTime($0.at).combined, body: $0.body, mine: $0.direction == .incoming) }.nonEmpty,
            reply: [FormField(name: "reply", label: req.t("public.status.reply"), kind: "textarea", value: typed, error: errors["reply"], required: true,
                              maxlength: 2000)].prepared(),
            tracking: tracking, mobile: mobile, replied: replied)
    }
}
