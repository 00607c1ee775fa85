import Fluent
import LamasatCore
import SQLKit
import Vapor

/// The code printed on a receipt is handed over by the staff member she rates, who can also read her file. So that he
/// cannot answer in her place, the printed code opens the survey only with a confirmation code sent by SMS to the
/// mobile on her file: something only she has. Three sends and five wrong tries per printed code, each counted by one
/// conditional update before it is used.
enum SurveyPaperCode {
    static let medium = "paper"
    static let maximumTries = 5
    static let maximumSends = 3
    static let lifetime: TimeInterval = 10 * 60
    static let fieldName = "confirmation"
    static let messageKind = "survey_confirm"

    /// Whether a confirmation code is out and still valid for this printed code.
    static func isSent(_ link: SurveyLink, now: Date) -> Bool {
        link.confirmExpiresAt.map { $0 > now } ?? false
    }

    /// Sends a fresh confirmation code to her mobile; false when the printed code has had its sends or she has no mobile.
    static func send(_ link: SurveyLink, invitation: SurveyInvitation, req: Request) async throws -> Bool {
        guard let file = try await Beneficiary.find(invitation.beneficiaryID, on: req.db), !file.mobile.isEmpty else { return false }
        let claimed = try await req.db.sql.raw("""
            UPDATE survey_links SET confirm_sent = confirm_sent + 1 WHERE id = \(bind: try link.requireID()) AND confirm_sent < \(bind: maximumSends)
            RETURNING confirm_sent
            """).first(decoding: Sent.self)
        guard let claimed else { return false }
        let code = OneTimeCodePolicy.standard.generate()
        let digest = try hash(code, link, req)
        let english = try await MessageTemplate.language(for: file.id, on: req.db) == .en
        // Sent as a sign-in code is, by SMS and without her message preferences: she asked for it, from the paper
        // in her hand, and "stop messages" must not leave her printed code without its confirmation.
        try await req.db.writeTransaction { db in
            try await db.sql.raw("""
                UPDATE survey_links SET confirm_hash = \(bind: digest), confirm_expires_at = \(bind: req.now.addingTimeInterval(lifetime))
                WHERE id = \(bind: try link.requireID())
                """).run()
            let body = english
                ? "Lamasat: your code to rate our service is \(code). It works for 10 minutes. If you did not ask for it, ignore this message."
                : "جمعية لمسات: رمز تقييم خدمتنا \(code). صالح 10 دقائق. إن لم تطلبيه فتجاهلي هذه الرسالة."
            try await Outbox.enqueue(Outbox.Draft(channel: .sms, recipient: file.mobile, subject: "survey confirmation", body: body,
                                                  idempotencyKey: "survey-confirm:\(try link.requireID().uuidString):\(claimed.confirm_sent)",
                                                  relatedType: messageKind, relatedID: try link.requireID().uuidString, branchID: file.$branch.id,
                                                  urgent: true), now: req.now, on: db)
        }
        return true
    }

    private struct Sent: Decodable { let confirm_sent: Int }

    private static func hash(_ code: String, _ link: SurveyLink, _ req: Request) throws -> String {
        req.pseudonym("survey-confirm", "\(try link.requireID().uuidString):\(code)")
    }

    /// nil when the typed confirmation code is the one sent to her; otherwise the localized problem.
    static func check(_ link: SurveyLink, typed: String, req: Request) async throws -> String? {
        guard link.medium == medium else { return nil }
        guard isSent(link, now: req.now), let expected = link.confirmHash else { return req.t("survey.error.confirmationExpired") }
        let typed = ArabicDigits.westernized(typed).filter { $0.isASCII && $0.isNumber }
        guard typed.count == 6 else { return req.t("survey.error.confirmation") }
        let spent = try await req.db.sql.raw("""
            UPDATE survey_links SET tries = tries + 1 WHERE id = \(bind: try link.requireID()) AND tries < \(bind: maximumTries) RETURNING tries
            """).all()
        guard !spent.isEmpty else { return req.t("survey.error.confirmation") }
        guard SessionTokens.constantTimeEquals(try hash(typed, link, req), expected) else { return req.t("survey.error.confirmation") }
        // The right code gives its try back: five wrong answers to other questions never close her code.
        try await req.db.sql.raw("UPDATE survey_links SET tries = tries - 1 WHERE id = \(bind: try link.requireID()) AND tries > 0").run()
        return nil
    }

    /// Her mobile as the page may show it: the last two digits.
    static func maskedMobile(_ invitation: SurveyInvitation, on db: any Database) async throws -> String {
        let mobile = try await Beneficiary.find(invitation.beneficiaryID, on: db)?.mobile ?? ""
        return mobile.count >= 2 ? "••" + mobile.suffix(2) : "••"
    }
}
