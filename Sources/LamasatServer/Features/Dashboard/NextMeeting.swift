import Fluent
import Foundation
import LamasatCore
import SQLKit

/// A committee member's next open meeting and its agenda, with what still waits for her vote: two statements.
struct NextMeeting: Encodable {
    struct Item: Encodable {
        let tracking: String
        let supportType: String
        let amount: String
        let waiting: Bool
        let votedByHer: Bool
    }

    let id: String
    let number: String
    let when: String
    let location: String
    let items: [Item]?
    let pendingVotes: Int

    static func find(member: UUID, language: Language, on db: any Database) async throws -> NextMeeting? {
        struct Meeting: Decodable { let id: UUID; let number: String; let scheduled_at: Date; let location: String }
        guard let meeting = try await db.sql.raw("""
            SELECT m.id, m.number, m.scheduled_at, m.location FROM committee_meetings m
            JOIN committee_members c ON c.meeting_id = m.id
            WHERE c.user_id = \(bind: member) AND m.is_closed = \(bind: false)
            ORDER BY m.scheduled_at LIMIT 1
            """).first(decoding: Meeting.self) else { return nil }
        struct Row: Decodable {
            let tracking_number: String?; let status: String; let requested_amount: Int64; let type_ar: String; let type_en: String; let mine: Int
        }
        let rows = try await db.sql.raw("""
            SELECT r.tracking_number, r.status, r.requested_amount, t.name_ar AS type_ar, t.name_en AS type_en,
                (SELECT count(*) FROM committee_votes v WHERE v.meeting_id = a.meeting_id AND v.request_id = a.request_id
                    AND v.member_id = \(bind: member)) AS mine
            FROM committee_agenda a JOIN support_requests r ON r.id = a.request_id JOIN support_types t ON t.id = r.support_type_id
            WHERE a.meeting_id = \(bind: meeting.id) ORDER BY a.position LIMIT 50
            """).all(decoding: Row.self)
        let items = rows.map { row in
            Item(tracking: row.tracking_number ?? "—", supportType: language == .en ? row.type_en : row.type_ar,
                 amount: row.requested_amount > 0 ? Money(halalas: row.requested_amount).formatted(language) : "—",
                 waiting: row.status == SupportRequestStatus.committeeReview.rawValue, votedByHer: row.mine > 0)
        }
        return NextMeeting(id: meeting.id.uuidString, number: meeting.number,
                           when: DualCalendarFormatter(language: language).dateTime(meeting.scheduled_at).combined, location: meeting.location,
                           items: items.isEmpty ? nil : items, pendingVotes: items.filter { $0.waiting && !$0.votedByHer }.count)
    }
}
