import Fluent
import LamasatCore
import SQLKit
import Vapor

/// The code printed on a receipt is handed over by the staff member she rates. So that he cannot answer in her
/// place, the code opens the survey only with the last four digits of the mobile on her file, and only for a few
/// wrong tries (each spent by one conditional update before the comparison).
enum SurveyPaperCode {
    static let medium = "paper"
    static let maximumTries = 5
    static let fieldName = "mobileDigits"

    /// nil when the digits match her mobile; otherwise the localized problem, with one try spent.
    static func check(_ link: SurveyLink, invitation: SurveyInvitation, req: Request) async throws -> String? {
        guard link.medium == medium else { return nil }
        let typed = ArabicDigits.westernized(req.formText(fieldName)).filter { $0.isASCII && $0.isNumber }
        guard typed.count == 4 else { return req.t("survey.error.mobileDigits") }
        let spent = try await req.db.sql.raw("""
            UPDATE survey_links SET tries = tries + 1 WHERE id = \(bind: link.id!) AND tries < \(bind: maximumTries) RETURNING tries
            """).all()
        guard !spent.isEmpty else { return req.t("survey.error.mobileDigitsLocked") }
        let mobile = try await Beneficiary.find(invitation.beneficiaryID, on: req.db)?.mobile ?? ""
        guard mobile.count >= 4, SessionTokens.constantTimeEquals(String(mobile.suffix(4)), typed) else {
            return req.t("survey.error.mobileDigits")
        }
        return nil
    }
}
