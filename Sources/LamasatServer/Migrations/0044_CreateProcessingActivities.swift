import Fluent
import Foundation
import SQLKit

/// The record of processing activities (issue 20, PDPL): what the association does with personal data, why, of whom,
/// who receives it, how long it is kept and how it is protected. Seeded with what Lamasat itself does; the
/// administrator keeps it current.
struct M0044CreateProcessingActivities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("processing_activities")
            .id()
            .field("name", .string, .required)
            .field("purpose", .string, .required)
            .field("legal_basis", .string, .required)
            .field("data_categories", .string, .required)
            .field("data_subjects", .string, .required)
            .field("recipients", .string, .required)
            .field("retention", .string, .required)
            .field("safeguards", .string, .required)
            .field("is_active", .bool, .required)
            .field("sort_order", .int, .required)
            .field("version", .int, .required)
            .field("updated_by", .uuid)
            .field("updated_at", .datetime, .required)
            .create()
        let now = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01: when the record was first written
        let safeguards = "صلاحيات حسب الدور والفرع، سجل تدقيق لكل اطلاع وتعديل، تشفير الاتصال، نسخ احتياطي"
        let rows: [(String, String, String, String, String, String, String)] = [
            ("ملفات المستفيدات", "تسجيل المستفيدة والتحقق من بياناتها وتقديم الدعم لها", "موافقتها، والمصلحة المشروعة للجمعية في تقديم الخدمة",
             "الهوية، الاسم، تاريخ الميلاد، الجوال، العنوان الوطني، الحالة الاجتماعية والدخل والسكن، الصحة والإعاقة، الآيبان، المستندات",
             "المستفيدات وأفراد أسرهن", "موظفات الجمعية المخولات؛ لجنة البحث", "مدة الخدمة وخمس سنوات بعد آخر خدمة، ثم إخفاء الهوية"),
            ("طلبات الدعم والبحث الاجتماعي", "دراسة الطلب وزيارة المستفيدة وقرار اللجنة وتسليم الخدمة", "موافقتها",
             "الطلب، تقرير الباحثة، قرار اللجنة، التسليمات والتوقيعات", "المستفيدات", "الباحثات، أعضاء لجنة البحث، المحاسبة عند الصرف",
             "خمس سنوات بعد إغلاق الطلب"),
            ("التواصل والرسائل", "الرد على الاستفسارات والشكاوى، وإرسال الإشعارات والتذكيرات", "موافقتها على الرسائل",
             "الجوال، البريد، نص المراسلة، قناة التواصل", "المستفيدات والمتواصلون مع الجمعية", "مزود الرسائل النصية ومزود واتساب (معالجان)",
             "سنتان بعد إغلاق الحالة"),
            ("قياس رضا المستفيدات", "حق المستفيدة في تقييم الخدمة وتحسينها", "موافقتها على الاستبانات", "الإجابات والتعليقات",
             "المستفيدات", "الإدارة بصورة إجمالية لا تكشف الأفراد", "ثلاث سنوات"),
            ("المتبرعون والتبرعات", "استلام التبرعات وإصدار الإيصالات وشكر المتبرعين", "العقد مع المتبرع وموافقته على التواصل",
             "الاسم، الهوية أو السجل، الجوال، البريد، التبرعات", "المتبرعون", "المحاسبة والمراجع الخارجي", "عشر سنوات للسجلات المالية"),
            ("المتطوعات والمتطوعون", "تنظيم التطوع وتكليف المتطوعات وتوثيق الساعات", "موافقتها", "الهوية، الاسم، الجوال، المهارات، الأوقات، الساعات",
             "المتطوعات والمتطوعون", "منسقة التطوع؛ المنصة الوطنية للعمل التطوعي عند التوثيق", "سنتان بعد آخر مشاركة"),
            ("حسابات الموظفات وسجل التدقيق", "الدخول الآمن ومساءلة كل اطلاع وتعديل", "الالتزام النظامي بحماية البيانات",
             "اسم المستخدمة، الدور، الفرع، أوقات الدخول، عنوان الشبكة", "موظفات الجمعية", "مدير النظام", "خمس سنوات"),
        ]
        for (index, row) in rows.enumerated() {
            try await database.sql.insert(into: "processing_activities")
                .columns("id", "name", "purpose", "legal_basis", "data_categories", "data_subjects", "recipients", "retention", "safeguards", "is_active",
                         "sort_order", "version", "updated_by", "updated_at")
                .values(SQLBind(UUID()), SQLBind(row.0), SQLBind(row.1), SQLBind(row.2), SQLBind(row.3), SQLBind(row.4), SQLBind(row.5), SQLBind(row.6),
                        SQLBind(safeguards), SQLBind(true), SQLBind(index + 1), SQLBind(1), SQLBind(nil as UUID?), SQLBind(now))
                .run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("processing_activities").delete()
    }
}
