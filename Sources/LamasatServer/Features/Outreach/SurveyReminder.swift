import Fluent
import Foundation

/// The "unanswered surveys" outreach rule's part: a fresh link for the one reminder, and the mark that it was sent.
enum SurveyReminder {
    static func link(for match: OutreachEngine.Match, now: Date, baseURL: String, on db: any Database) async throws -> String {
        guard let id = UUID(uuidString: String(match.key.split(separator: ":").last ?? "")),
              let invitation = try await SurveyInvitation.find(id, on: db) else { return "" }
        invitation.remindedAt = now
        try await invitation.save(on: db)
        return SurveyInvitations.url(try await SurveyInvitations.issueLink(for: invitation, medium: "reminder", now: now, on: db), baseURL: baseURL)
    }
}
