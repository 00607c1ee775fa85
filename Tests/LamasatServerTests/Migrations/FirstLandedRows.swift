import Fluent
import Foundation
import LamasatCore
import SQLKit
@testable import LamasatServer

/// A working association's data as the first landed schema (0001–0022) held it, written in plain SQL: a branch and
/// its officer, a beneficiary with her son, a request on a committee's agenda, messages, a contact, an inquiry, an
/// answered survey and a chain of two audit entries with their plain SHA-256 links.
struct FirstLandedRows {
    struct Row {
        let table: String
        let values: KeyValuePairs<String, any Encodable & Sendable>
    }

    /// Whole seconds, which PostgreSQL (microseconds) and SQLite (a double) both keep exactly.
    static let time = Date(timeIntervalSince1970: 1_780_000_000)

    let branch = UUID(), officer = UUID(), beneficiary = UUID(), request = UUID(), meeting = UUID(), agendaItem = UUID()
    let session = UUID(), invitation = UUID(), link = UUID(), response = UUID(), sms = UUID(), letter = UUID(), run = UUID()
    let auditHashes: [String]
    let rows: [Row]

    /// Inserts the rows into a database migrated to the first landed schema, whose seed they refer to.
    static func insert(on db: any Database) async throws -> FirstLandedRows {
        let data = try await FirstLandedRows(seededIn: db)
        for row in data.rows { try await db.insert(into: row.table, row.values) }
        for counter in ["beneficiary_file", "support_request", "inquiry"] {
            try await db.sql.raw("UPDATE counters SET value = 1 WHERE name = \(bind: counter)").run()
        }
        try await db.sql.raw("""
            UPDATE audit_chain_head SET last_sequence = 2, last_hash = \(bind: data.auditHashes[1]) WHERE id = 1
            """).run()
        // A letter's outgoing number lived in last_error until 0023 gave it a column.
        try await db.insert(into: "outbox_messages", [
            "id": data.letter, "channel": "letter", "recipient": "حي الروضة، جدة", "subject": "قرار الطلب", "body": "نص الخطاب",
            "status": "sent", "provider": "print", "idempotency_key": "letter:R-2026-000001", "attempts": 1, "last_error": "L-2026-000045",
            "branch_id": data.branch, "created_at": time, "sent_at": time, "beneficiary_id": data.beneficiary,
        ])
        return data
    }

    private init(seededIn db: any Database) async throws {
        struct ID: Decodable { let id: UUID }
        func seeded(_ table: String, _ condition: SQLQueryString) async throws -> UUID {
            try await db.sql.raw("SELECT id FROM \(ident: table) WHERE \(condition)").first(decoding: ID.self)!.id
        }
        let widow = try await seeded("beneficiary_categories", "code = 'widow'")
        let rent = try await seeded("support_types", "code = 'rent'")
        let general = try await seeded("case_categories", "code = 'general'")
        let survey = try await seeded("survey_templates", "is_default = \(bind: true)")
        let courtesy = try await seeded("survey_questions", "position = 1")
        let time = Self.time

        let audit = [
            AuditRecord(sequence: 1, occurredAtMilliseconds: 1_780_000_000_000, actorID: officer.uuidString, actorName: "هند",
                        action: "beneficiary.create", recordType: "beneficiary", recordID: beneficiary.uuidString, outcome: .success,
                        address: "127.0.0.1", detail: "نموذج ورقي"),
            AuditRecord(sequence: 2, occurredAtMilliseconds: 1_780_000_060_000, actorID: officer.uuidString, actorName: "هند",
                        action: "request.submit", recordType: "support_request", recordID: request.uuidString, outcome: .success,
                        address: "127.0.0.1", detail: "R-2026-000001"),
        ]
        let first = AuditChain.hash(previous: AuditChain.genesisHash, record: audit[0])
        let hashes = [first, AuditChain.hash(previous: first, record: audit[1])]
        auditHashes = hashes
        let branch = branch
        let auditRows = audit.enumerated().map { index, record in
            Row(table: "audit_entries", values: [
                "sequence": record.sequence, "occurred_at_ms": record.occurredAtMilliseconds, "actor_id": record.actorID!,
                "actor_name": record.actorName!, "actor_branch_id": branch, "action": record.action, "record_type": record.recordType!,
                "record_id": record.recordID!, "outcome": record.outcome.rawValue, "address": record.address!, "detail": record.detail!,
                "previous_hash": index == 0 ? AuditChain.genesisHash : hashes[0], "hash": hashes[index],
            ])
        }
        rows = [
            Row(table: "branches", values: [
                "id": branch, "code": "JED", "name_ar": "فرع جدة", "name_en": "Jeddah branch", "city": "جدة", "is_active": true,
                "created_at": time, "updated_at": time,
            ]),
            Row(table: "staff_users", values: [
                "id": officer, "username": "hind.officer", "full_name": "هند", "email": "hind@example.org", "role": "relationsOfficer",
                "scope": "ownBranch", "branch_id": branch, "is_active": true, "password_hash": "$2b$04$abcdefghijklmnopqrstuv",
                "must_change_password": false, "last_sign_in_at": time, "created_at": time, "updated_at": time,
            ]),
            Row(table: "staff_sessions", values: [
                "id": session, "token_hash": String(repeating: "cd", count: 32), "user_id": officer, "csrf_token": "csrf-token",
                "created_at": time, "last_seen_at": time, "address": "127.0.0.1",
            ]),
            Row(table: "beneficiaries", values: [
                "id": beneficiary, "file_sequence": 1, "national_id": "1012345678", "name_first": "نورة", "name_father": "محمد",
                "name_grandfather": "عبدالله", "name_family": "القحطاني", "name_latin": "Noura Alqahtani",
                "name_normalized": "نوره محمد عبدالله القحطاني", "birth_date": "1990-04-12", "birth_calendar": "gregorian",
                "category_id": widow, "nationality": "SA", "mobile": "0551234567", "alternate_phone": "", "email": "",
                "address_building": "1234", "address_street": "شارع الأمير سلطان", "address_district": "الروضة", "address_city": "جدة",
                "address_postal_code": "23434", "address_additional": "5678", "address_short": "RJDA1234", "branch_id": branch,
                "education": "secondary", "employment": "unemployed", "monthly_income": 150_000, "income_sources": "social_security",
                "housing": "rented", "monthly_rent": 200_000, "health_notes": "", "has_disability": false,
                "iban": "SA0380000000608010167519", "consent_given": true, "consent_method": "signedPaper", "consent_notice_version": "1",
                "consent_at": time, "consent_by": officer, "status": "registered", "status_reason": "", "version": 2,
                "created_at": time, "updated_at": time, "created_by": officer, "updated_by": officer,
            ]),
            Row(table: "family_members", values: [
                "id": UUID(), "beneficiary_id": beneficiary, "relation": "son", "full_name": "عبدالله", "national_id": "1098765432",
                "birth_date": "2015-09-01", "sex": "male", "schooling": "primary", "health_notes": "", "monthly_income": 0,
                "is_dependant": true, "created_at": time, "updated_at": time,
            ]),
            Row(table: "message_preferences", values: [
                "id": UUID(), "beneficiary_id": beneficiary, "channel": "sms", "opted_out": false, "note": "", "updated_at": time,
                "language": "en",
            ]),
            Row(table: "support_requests", values: [
                "id": request, "tracking_number": "R-2026-000001", "beneficiary_id": beneficiary, "branch_id": branch,
                "support_type_id": rent, "channel": "office", "description": "دعم إيجار ستة أشهر", "requested_amount": 1_200_000,
                "status": "committeeReview", "submitted_at": time, "expected_decision_at": time.addingTimeInterval(14 * 86_400),
                "declaration_signed": true, "created_by": officer, "created_at": time, "updated_at": time,
            ]),
            Row(table: "request_transitions", values: [
                "id": UUID(), "request_id": request, "from_status": "socialResearch", "to_status": "committeeReview",
                "action": "fileReport", "actor_id": officer, "at": time, "note": "",
            ]),
            Row(table: "committee_meetings", values: [
                "id": meeting, "number": "C-2026-001", "branch_id": branch, "scheduled_at": time, "location": "قاعة الاجتماعات",
                "quorum": 3, "is_closed": false, "created_by": officer, "created_at": time,
            ]),
            Row(table: "committee_agenda", values: ["id": agendaItem, "meeting_id": meeting, "request_id": request, "position": 1]),
            Row(table: "outbox_messages", values: [
                "id": sms, "channel": "sms", "recipient": "0551234567", "subject": "", "body": "Lamasat: Dear Noura, we received your request.",
                "status": "queued", "idempotency_key": "request.ack:R-2026-000001", "attempts": 0, "related_type": "support_request",
                "related_id": request.uuidString, "branch_id": branch, "created_at": time, "beneficiary_id": beneficiary,
            ]),
            Row(table: "contacts", values: [
                "id": UUID(), "beneficiary_id": beneficiary, "request_id": request, "branch_id": branch, "channel": "phone",
                "direction": "outgoing", "subject": "موعد الزيارة", "notes": "اتفقنا على يوم الأحد", "duration_minutes": 6,
                "outcome": "reached", "follow_up_on": "2026-06-01", "follow_up_done": false, "staff_id": officer, "at": time,
            ]),
            Row(table: "inquiries", values: [
                "id": UUID(), "number": "Q-2026-000001", "beneficiary_id": beneficiary, "contact_name": "نورة",
                "contact_phone": "0551234567", "branch_id": branch, "channel": "phone", "category_id": general,
                "question": "متى يصدر القرار؟", "answer": "خلال أسبوعين من التقديم", "status": "answered", "referral_reason": "",
                "created_by": officer, "created_at": time, "due_at": time.addingTimeInterval(86_400), "first_response_at": time,
                "answered_by": officer,
            ]),
            Row(table: "survey_invitations", values: [
                "id": invitation, "template_id": survey, "source_type": "support_request", "source_id": request,
                "reference": "R-2026-000001", "beneficiary_id": beneficiary, "branch_id": branch, "service_type": "rent",
                "service_channel": "office", "staff_id": officer, "created_at": time, "expires_at": time.addingTimeInterval(7 * 86_400),
                "is_answered": true,
            ]),
            Row(table: "survey_links", values: [
                "id": link, "invitation_id": invitation, "token_hash": String(repeating: "ab", count: 32), "medium": "sms", "created_at": time,
            ]),
            Row(table: "survey_responses", values: [
                "id": response, "template_id": survey, "month": "2026-05", "branch_id": branch, "service_type": "rent",
                "is_anonymous": false, "invitation_id": invitation, "channel": "sms", "staff_id": officer, "answered_at": time,
                "contact_consent": true,
            ]),
            Row(table: "survey_answers", values: ["id": UUID(), "response_id": response, "question_id": courtesy, "score": 5, "text": ""]),
            Row(table: "outreach_runs", values: [
                "id": run, "rule_code": "noContact", "ran_at": time, "matched": 3, "queued": 2, "listed": 1, "ran_by": "worker",
            ]),
        ] + auditRows
    }
}
