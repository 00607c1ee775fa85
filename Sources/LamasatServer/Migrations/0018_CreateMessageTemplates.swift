import Fluent
import Foundation
import SQLKit

/// Message templates in Arabic and English, and the language a beneficiary reads her messages in.
struct M0018CreateMessageTemplates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("message_templates")
            .id()
            .field("code", .string, .required)
            .field("body_ar", .string, .required)
            .field("body_en", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
        let templates = [
            ("request.ack",
             "جمعية لمسات: أهلًا {name}، استلمنا طلبك رقم {tracking}. تدرسه لجنة البحث وترد بالقبول أو الرفض، والموعد المتوقع للقرار {expected}.",
             "Lamasat: Dear {name}, we received your request {tracking}. The research committee studies it and answers with acceptance or rejection; the expected decision date is {expected}."),
            ("request.return",
             "جمعية لمسات: طلبك رقم {tracking} يحتاج إلى استكمال قبل دراسته. المطلوب: {missing}. ملاحظة: {note}",
             "Lamasat: your request {tracking} needs completing before it is studied. Needed: {missing}. Note: {note}"),
            ("request.approved",
             "جمعية لمسات: وافقت لجنة البحث على طلبك رقم {tracking} {amount}. سنتواصل معك لترتيب تقديم الخدمة. رقم الخطاب {letter}.",
             "Lamasat: the research committee approved your request {tracking} {amount}. We will contact you to arrange the service. Letter {letter}."),
            ("request.rejected",
             "جمعية لمسات: نعتذر، لم توافق لجنة البحث على طلبك رقم {tracking}. السبب: {reason}. يمكنك مراجعتنا للاستفسار. رقم الخطاب {letter}.",
             "Lamasat: we regret that the research committee did not approve your request {tracking}. Reason: {reason}. You may contact us. Letter {letter}."),
        ]
        for (code, arabic, english) in templates {
            try await database.insert(into: "message_templates", ["id": UUID(), "code": code, "body_ar": arabic, "body_en": english, "updated_at": Date()])
        }
        try await database.sql.raw("ALTER TABLE message_preferences ADD COLUMN language VARCHAR(2) NOT NULL DEFAULT 'ar'").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("message_templates").delete()
        try await database.sql.raw("ALTER TABLE message_preferences DROP COLUMN language").run()
    }
}
