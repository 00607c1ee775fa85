import Fluent
import Foundation
import SQLKit

/// The periods of a case's later life the administrator sets (issue 20): how long a withdrawn request may be reopened
/// and how long after a rejection she may appeal; and the messages telling her of a cancellation and a reopening.
struct M0047CreateCasePeriods: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("case_periods")
            .field("id", .int, .identifier(auto: false))
            .field("reopen_days", .int, .required)
            .field("appeal_days", .int, .required)
            .field("updated_by", .uuid)
            .field("updated_at", .datetime, .required)
            .create()
        let written = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01, as the other seeded settings
        try await database.sql.raw("""
            INSERT INTO case_periods (id, reopen_days, appeal_days, updated_by, updated_at) VALUES (1, 30, 30, NULL, \(bind: written))
            """).run()
        let templates = [
            ("request.cancelled",
             "جمعية لمسات: أهلًا {name}، أُلغي طلبك رقم {tracking} قبل إكمال تقديمه. السبب: {reason}. ما سُلّم لك قبل ذلك يبقى لك. للاستفسار تواصلي معنا.",
             "Lamasat: Dear {name}, your request {tracking} was cancelled before it was fully delivered. Reason: {reason}. What you received before stays yours. Contact us with any question."),
            ("request.reopened",
             "جمعية لمسات: أهلًا {name}، أُعيد فتح طلبك رقم {tracking} ويُستكمل من حيث توقف.",
             "Lamasat: Dear {name}, your request {tracking} is reopened and continues where it stopped."),
        ]
        for (code, arabic, english) in templates {
            try await database.insert(into: "message_templates", ["id": UUID(), "code": code, "body_ar": arabic, "body_en": english, "updated_at": written])
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("case_periods").delete()
        try await database.sql.raw("DELETE FROM message_templates WHERE code IN ('request.cancelled', 'request.reopened')").run()
    }
}
