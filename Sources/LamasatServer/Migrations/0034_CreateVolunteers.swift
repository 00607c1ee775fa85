import Fluent
import Foundation
import SQLKit

/// Volunteers as people the association works with (issue 17): their records, the opportunities the coordinator
/// publishes and the assignments that put one volunteer on one opportunity. A delivery remembers the volunteer who
/// handed it over.
struct M0034CreateVolunteers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("volunteers")
            .id()
            .field("number", .string, .required)
            .field("name", .string, .required)
            .field("national_id", .string, .required)
            .field("mobile", .string, .required)
            .field("email", .string, .required)
            .field("gender", .string, .required)
            .field("branch_id", .uuid, .required)
            .field("city", .string, .required)
            // Comma-separated codes or names (`CodeList`).
            .field("districts", .string, .required)
            .field("skills", .string, .required)
            .field("languages", .string, .required)
            .field("availability", .string, .required)
            .field("transport", .string, .required)
            .field("emergency_name", .string, .required)
            .field("emergency_phone", .string, .required)
            .field("status", .string, .required)
            .field("status_reason", .string, .required)
            .field("application_id", .uuid)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("version", .int, .required)
            .unique(on: "national_id")
            .unique(on: "number")
            .create()
        try await database.createIndex("volunteers_branch", on: "volunteers", "branch_id, status")
        try await database.createIndex("volunteers_mobile", on: "volunteers", "mobile")

        try await database.schema("volunteer_opportunities")
            .id()
            .field("number", .string, .required)
            .field("branch_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("description", .sql(.text), .required)
            // Where volunteers meet: an office, a hall; for a delivery, the district only (her address shows on the day).
            .field("place", .string, .required)
            .field("district", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("slots", .int, .required)
            .field("skills", .string, .required)
            .field("status", .string, .required)
            // The support request a delivery or home visit serves; nil for distribution days, tutoring, events.
            .field("request_id", .uuid)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "number")
            .create()
        try await database.createIndex("volunteer_opportunities_branch", on: "volunteer_opportunities", "branch_id, status, starts_at")
        try await database.createIndex("volunteer_opportunities_request", on: "volunteer_opportunities", "request_id")

        try await database.schema("volunteer_assignments")
            .id()
            .field("opportunity_id", .uuid, .required, .references("volunteer_opportunities", "id"))
            .field("volunteer_id", .uuid, .required, .references("volunteers", "id"))
            .field("branch_id", .uuid, .required)
            .field("status", .string, .required)
            .field("offered_by", .uuid, .required)
            .field("offered_at", .datetime, .required)
            .field("responded_at", .datetime)
            .field("confirmed_by", .uuid)
            .field("confirmed_at", .datetime)
            .field("attended_at", .datetime)
            .field("closed_at", .datetime)
            .field("close_reason", .string, .required)
            .field("minutes", .int, .required)
            .field("hours_status", .string, .required)
            .field("hours_note", .string, .required)
            .field("hours_decided_by", .uuid)
            .field("hours_decided_at", .datetime)
            .field("delivery_id", .uuid)
            .unique(on: "opportunity_id", "volunteer_id")
            .create()
        try await database.createIndex("volunteer_assignments_volunteer", on: "volunteer_assignments", "volunteer_id, status")
        try await database.createIndex("volunteer_assignments_branch", on: "volunteer_assignments", "branch_id, status")

        try await database.schema("service_deliveries").field("volunteer_id", .uuid).update()

        try await database.schema("volunteer_pledge_texts")
            .id()
            .field("kind", .string, .required)
            .field("version", .int, .required)
            .field("text_ar", .sql(.text), .required)
            .field("text_en", .sql(.text), .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime, .required)
            .unique(on: "kind", "version")
            .create()
        for (kind, text) in [("agreement", Self.agreement), ("confidentiality", Self.confidentiality)] {
            try await database.insert(into: "volunteer_pledge_texts", [
                "id": UUID(), "kind": kind, "version": 1, "text_ar": text.0, "text_en": text.1, "created_at": Date(),
            ])
        }
        try await database.schema("volunteer_pledges")
            .id()
            .field("volunteer_id", .uuid, .required, .references("volunteers", "id"))
            .field("kind", .string, .required)
            .field("text_version", .int, .required)
            .field("method", .string, .required)
            .field("signer_name", .string, .required)
            .field("signature_type", .string)
            .field("signature", .data)
            .field("recorded_by", .uuid)
            .field("signed_at", .datetime, .required)
            .create()
        try await database.createIndex("volunteer_pledges_volunteer", on: "volunteer_pledges", "volunteer_id, kind")

        for counter in ["volunteer", "volunteer_opportunity"] {
            try await database.sql.raw("INSERT INTO counters (name, value) VALUES (\(bind: counter), 0)").run()
        }

        try await database.schema("volunteer_sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("volunteer_id", .uuid, .required, .references("volunteers", "id"))
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
    }

    /// The first wordings; the administrator publishes new versions.
    static let agreement = (
        "أتطوع مع جمعية لمسات للمطلقات والأرامل وذويهم بلا مقابل، وألتزم بالمواعيد التي أقبلها أو أعتذر عنها قبلها بوقت كافٍ، وأتبع تعليمات منسقة التطوع والباحثة الاجتماعية، وأحترم المستفيدات وأسرهن وخصوصية بيوتهن، ولا أقبل منهن هدية ولا مقابلًا، ولا أتحدث باسم الجمعية إلا بإذنها. وللجمعية أن توقف تطوعي إذا أخللت بذلك، ولي أن أنهيه متى شئت.",
        "I volunteer with Lamasat Association for Divorced Women, Widows and their Families without pay. I keep the appointments I accept or excuse myself in good time, follow the volunteer coordinator's and the social researcher's instructions, respect the beneficiaries, their families and the privacy of their homes, accept no gift or payment from them, and do not speak for the association without its leave. The association may stop my volunteering if I break this, and I may end it whenever I wish."
    )
    static let confidentiality = (
        "أتعهد بالمحافظة على سرية كل ما أطلع عليه من بيانات المستفيدات وأحوالهن أثناء تطوعي وبعده: لا أنقله ولا أصوره ولا أنشره ولا أحتفظ به، ولا أستعمله إلا لأداء المهمة المكلفة بها، وأبلغ الجمعية فورًا إن علمت بتسرب شيء منه. وأعلم أن الإخلال بذلك يخضع لنظام حماية البيانات الشخصية.",
        "I pledge to keep confidential everything I learn of the beneficiaries' data and circumstances during my volunteering and after it: I do not pass it on, photograph, publish or keep it, I use it only for the task given to me, and I tell the association at once if I learn that any of it has leaked. I know that a breach falls under the Personal Data Protection Law."
    )

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DELETE FROM counters WHERE name IN ('volunteer', 'volunteer_opportunity')").run()
        try await database.schema("volunteer_sessions").delete()
        try await database.schema("volunteer_pledges").delete()
        try await database.schema("volunteer_pledge_texts").delete()
        try await database.schema("service_deliveries").deleteField("volunteer_id").update()
        try await database.schema("volunteer_assignments").delete()
        try await database.schema("volunteer_opportunities").delete()
        try await database.schema("volunteers").delete()
    }
}
