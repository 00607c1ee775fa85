import Fluent
import Foundation
import LamasatCore
import SQLKit
import Testing
@testable import LamasatServer

/// A small, hand-made dataset for the report tests (issue 15), written straight into the tables so every date is
/// exactly where the test needs it. The figures it should give are worked out by hand in ReportsTests.
struct ReportsSeed {
    let t: TestContext
    let hq: UUID, jed: UUID
    let financial: UUID, food: UUID
    let categoryOne: UUID, categoryTwo: UUID
    let meeting: UUID
    private let creator = UUID()

    /// A moment in Riyadh (UTC+3) in 2026.
    static func riyadh(_ month: Int, _ day: Int, _ hour: Int = 9, _ minute: Int = 0, _ second: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: 2026, month: month, day: day, hour: hour, minute: minute, second: second))!
            .addingTimeInterval(-3 * 3600)
    }

    static func make(_ t: TestContext) async throws -> ReportsSeed {
        let hq = try #require(try await t.headOffice().id)
        let jed = try #require(try await t.makeBranch("JED").id)
        let types = try await SupportType.query(on: t.db).all()
        let categories = try await BeneficiaryCategory.query(on: t.db).sort(\.$sortOrder).all()
        let meeting = UUID()
        try await t.db.insert(into: "committee_meetings", [
            "id": meeting, "number": "M-TEST-1", "branch_id": hq, "scheduled_at": riyadh(10, 1), "location": "HQ", "quorum": 2,
            "is_closed": true, "created_by": UUID(), "created_at": riyadh(10, 1),
        ])
        return ReportsSeed(t: t, hq: hq, jed: jed,
                           financial: try #require(types.first { $0.code == "financial_aid" }?.id),
                           food: try #require(types.first { $0.code == "food_basket" }?.id),
                           categoryOne: try #require(categories[0].id), categoryTwo: try #require(categories[1].id), meeting: meeting)
    }

    private static let sequence = SequenceBox()
    final class SequenceBox: @unchecked Sendable { var value: Int64 = 1000 }

    func file(_ name: String, branch: UUID, category: UUID, city: String, birth: String, members: Int, created: Date) async throws -> UUID {
        let id = UUID()
        Self.sequence.value += 1
        let number = Self.sequence.value
        try await t.db.insert(into: "beneficiaries", [
            "id": id, "file_sequence": number, "national_id": "10\(number)000000".prefix(10).description, "name_first": name,
            "name_father": "محمد", "name_grandfather": "علي", "name_family": "الزهراني", "name_latin": "", "name_normalized": name,
            "birth_date": birth, "birth_calendar": "gregorian", "category_id": category, "nationality": "SA", "mobile": "05\(number)0000",
            "alternate_phone": "", "email": "", "address_building": "1", "address_street": "", "address_district": "", "address_city": city,
            "address_postal_code": "12345", "address_additional": "1", "address_short": "ABCD1234", "branch_id": branch, "education": "",
            "employment": "", "monthly_income": Int64(0), "income_sources": "", "housing": "", "monthly_rent": Int64(0), "health_notes": "",
            "has_disability": false, "iban": "", "consent_given": true, "consent_method": "signed", "consent_notice_version": "1",
            "status": "registered", "status_reason": "", "version": 1, "created_at": created, "updated_at": created,
            "created_by": creator, "updated_by": creator,
        ])
        for index in 0..<members {
            try await t.db.insert(into: "family_members", [
                "id": UUID(), "beneficiary_id": id, "relation": "son", "full_name": "ابن \(index)", "national_id": "",
                "birth_date": "2015-01-01", "sex": "male", "schooling": "none", "health_notes": "", "monthly_income": Int64(0),
                "is_dependant": true, "created_at": created, "updated_at": created,
            ])
        }
        return id
    }

    /// A request and its way: each step a transition at its moment; the last one is its status.
    @discardableResult
    func request(_ tracking: String?, file: UUID, branch: UUID, type: UUID, channel: ContactChannel, halalas: Int64,
                 submitted: Date?, expected: Date?, steps: [(SupportRequestStatus, Date)]) async throws -> UUID {
        let id = UUID()
        let status = steps.last?.0 ?? .draft
        try await t.db.insert(into: "support_requests", [
            "id": id, "tracking_number": tracking, "beneficiary_id": file, "branch_id": branch, "support_type_id": type,
            "channel": channel.rawValue, "description": "طلب", "requested_amount": halalas, "status": status.rawValue,
            "submitted_at": submitted, "expected_decision_at": expected, "declaration_signed": true, "created_by": creator,
            "created_at": submitted ?? Self.riyadh(11, 1), "updated_at": submitted ?? Self.riyadh(11, 1),
        ])
        var from: SupportRequestStatus = .draft
        for (to, at) in steps {
            try await t.db.insert(into: "request_transitions", [
                "id": UUID(), "request_id": id, "from_status": from.rawValue, "to_status": to.rawValue, "action": "test",
                "actor_id": creator, "at": at, "note": "",
            ])
            from = to
        }
        return id
    }

    func decide(_ request: UUID, _ outcome: SupportRequestStatus, halalas: Int64 = 0, reason: String? = nil, at: Date) async throws {
        var reasonID: UUID?
        if let reason { reasonID = try await RejectionReason.query(on: t.db).filter(\.$code == reason).first()?.id }
        try await t.db.insert(into: "request_decisions", [
            "id": UUID(), "request_id": request, "meeting_id": meeting, "outcome": outcome.rawValue, "approved_amount": halalas,
            "reason_id": reasonID, "note": "", "letter_number": "L-\(UUID().uuidString.prefix(8))", "decided_by": creator, "decided_at": at,
        ])
    }

    func deliver(_ request: UUID, file: UUID, type: UUID, halalas: Int64, quantity: Int, on day: String, place: DeliveryPlace, final: Bool) async throws {
        try await t.db.insert(into: "service_deliveries", [
            "id": UUID(), "request_id": request, "beneficiary_id": file, "support_type_id": type, "description": "تسليم",
            "amount": halalas, "quantity": quantity, "delivered_on": day, "place": place.rawValue, "delivered_by": "موظفة",
            "is_final": final, "recorded_by": creator, "recorded_at": Self.riyadh(11, 1),
        ])
    }

    func message(_ channel: MessageChannel, _ status: OutboxMessage.Status, branch: UUID?, at: Date, campaign: UUID? = nil) async throws {
        let relatedType: String? = campaign == nil ? nil : "campaign"
        try await t.db.insert(into: "outbox_messages", [
            "id": UUID(), "channel": channel.rawValue, "recipient": "0550000000", "subject": "", "body": "رسالة", "status": status.rawValue,
            "idempotency_key": UUID().uuidString, "attempts": 1, "related_type": relatedType,
            "related_id": campaign?.uuidString, "branch_id": branch, "created_at": at,
        ])
    }

    func campaign(_ name: String, total: Int, scheduled: Date) async throws -> UUID {
        let id = UUID()
        try await t.db.insert(into: "campaigns", [
            "id": id, "name": name, "segment": "{}", "channel": "sms", "body": "رسالة", "status": "done", "scheduled_at": scheduled,
            "total": total, "queued": total, "created_by": creator, "created_at": scheduled,
        ])
        return id
    }

    func fileStatus(_ file: UUID, _ detail: String, action: String = "beneficiary.status", at: Date) async throws {
        try await AuditChain.append(.init(actorID: nil, actorName: "test", actorBranchID: nil, action: action, recordType: "beneficiary",
                                          recordID: file.uuidString, outcome: .success, address: nil, detail: detail),
                                    at: at, key: t.app.lamasat.secrets.audit, on: t.db)
    }
}

/// Reads a report page's tables as text, by section id and row label, the way a reader sees them.
struct ReportPageReader {
    let body: String

    func section(_ id: String) -> String {
        guard let start = body.range(of: "<section class=\"card\" id=\"\(id)\">") else { return "" }
        let rest = body[start.upperBound...]
        return String(rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)])
    }

    /// Each body row's cells, tags removed.
    func rows(_ id: String) -> [[String]] {
        let html = section(id)
        guard let tbody = html.range(of: "<tbody>") else { return [] }
        return html[tbody.upperBound...].components(separatedBy: "<tr>").dropFirst().map { row in
            row.components(separatedBy: "<td").dropFirst().map { cell in
                let inner = cell.drop(while: { $0 != ">" }).dropFirst()
                let text = String(inner[..<(inner.range(of: "</td>")?.lowerBound ?? inner.endIndex)])
                return text.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
                    .replacingOccurrences(of: "&amp;", with: "&").trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
    }

    /// The cells after the label of the row whose first cell is `label`.
    func row(_ id: String, _ label: String) -> [String] {
        rows(id).first { $0.first == label }.map { Array($0.dropFirst()) } ?? []
    }

    /// The link of the first cell in section `id` whose row starts with `label`, at column `column` (0 = the label).
    func link(_ id: String, _ label: String, column: Int) -> String? {
        let html = section(id)
        guard let tbody = html.range(of: "<tbody>") else { return nil }
        for row in html[tbody.upperBound...].components(separatedBy: "<tr>").dropFirst() {
            let cells: [String] = Array(row.components(separatedBy: "<td").dropFirst())
            guard cells.count > column else { continue }
            let first = cells[0].drop(while: { $0 != ">" }).dropFirst()
            let label0 = String(first[..<(first.range(of: "</td>")?.lowerBound ?? first.endIndex)])
                .replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression).trimmingCharacters(in: .whitespacesAndNewlines)
            guard label0 == label, let href = cells[column].range(of: "href=\"") else { continue }
            let rest = cells[column][href.upperBound...]
            return String(rest[..<(rest.firstIndex(of: "\"") ?? rest.endIndex)]).replacingOccurrences(of: "&amp;", with: "&")
        }
        return nil
    }
}
