import Fluent
import Foundation

/// The starting content of this area, which the association then edits: categories with response targets, the
/// officer's four tools and the policy ([P-17], [P-3]), a first FAQ with common misconceptions ([P-11]) and replies.
enum RelationsSeed {
    static let categories: [(CaseCategory.Kind, String, String, String, Int)] = [
        (.inquiry, "services", "الخدمات وشروطها", "Services and conditions", 1),
        (.inquiry, "request_status", "حالة طلب", "A request's status", 1),
        (.inquiry, "registration", "التسجيل والمستندات", "Registration and documents", 2),
        (.inquiry, "general", "استفسار عام", "General", 2),
        (.complaint, "service_quality", "جودة الخدمة", "Quality of service", 5),
        (.complaint, "delay", "تأخر الإجراءات", "Delays", 3),
        (.complaint, "staff_conduct", "تعامل الموظفين", "Staff conduct", 3),
        (.complaint, "suggestion", "اقتراح تطوير", "Improvement suggestion", 10),
    ]

    static let library: [(String, String, String, Bool, String)] = [
        ("bylaws", "اللائحة الأساسية للجمعية", "The association's basic bylaws", true, "intake,inquiries"),
        ("research_guide", "دليل خدمات البحث الاجتماعي", "Social research services guide", true, "research,verification"),
        ("support_policy_guide", "دليل سياسة الدعم للمستفيدين", "Beneficiary support policy guide", true, "intake,committee"),
        ("request_form", "نموذج طلب دعم مستفيد", "Beneficiary support request form", false, "intake"),
        ("relations_policy", "سياسة تنظيم العلاقة مع المستفيدين", "Policy on the relationship with beneficiaries", true, "inquiries,complaints"),
    ]

    static let faq: [(FAQCategory, String, String, String, String, Bool)] = [
        (.requests, "متى يصدر قرار طلب الدعم؟", "تدرس لجنة البحث الطلب وترد بالقبول أو الرفض في مدة لا تقل عن أسبوعين من تقديمه، ويصلك الموعد المتوقع في رسالة الاستلام.",
         "When is a support request decided?", "The research committee studies the request and answers with acceptance or rejection in no less than two weeks; the expected date is in your acknowledgement message.", true),
        (.documents, "ما المستندات المطلوبة للتسجيل؟", "الهوية الوطنية أو الإقامة، وصك الطلاق أو شهادة وفاة الزوج بحسب الحالة، وما يطلبه نوع الدعم مثل عقد الإيجار أو شهادة الآيبان، على أن تكون سارية.",
         "Which documents are needed to register?", "The national ID or iqama, the divorce deed or the husband's death certificate, and what the support type asks for such as a lease or an IBAN certificate, all valid.", true),
        (.misconceptions, "هل يعني التسجيل في الجمعية الحصول على دعم شهري ثابت؟", "لا. التسجيل يجعل الملف مكتملًا، وكل طلب دعم يُدرس على حدة بعد البحث الاجتماعي وقرار لجنة البحث.",
         "Does registering mean a fixed monthly support?", "No. Registration completes the file; each support request is studied on its own after social research and the committee's decision.", true),
        (.misconceptions, "هل يؤثر تقييمي السلبي للخدمة على طلباتي؟", "لا. تقييم الخدمة حق لك، ويُستخدم لتحسين الخدمة فقط، ولا يطّلع عليه من يقررون في طلباتك.",
         "Will a bad rating of the service affect my requests?", "No. Rating the service is your right; it is used only to improve, and those who decide your requests never see it.", true),
        (.services, "هل يمكن أن تزورني الباحثة في منزلي؟", "نعم، تُجري الباحثة الاجتماعية زيارة منزلية أو مقابلة هاتفية أو مرئية لتخدمك من حيث أنت.",
         "Can the researcher visit me at home?", "Yes, the social researcher makes a home visit, or a phone or video interview, to serve you where you are.", true),
    ]

    static let replies: [(String, String)] = [
        ("استلام الطلب", "أهلًا {name}، استلمنا طلبك رقم {tracking}، وتدرسه لجنة البحث وترد بالقبول أو الرفض، والموعد المتوقع للقرار {expected}."),
        ("المستندات الناقصة", "أهلًا {name}، لاستكمال طلبك رقم {tracking} نحتاج إلى المستندات الموضحة في رسالتنا، ويمكنك إحضارها إلى أقرب مكتب أو رفعها عبر البوابة."),
        ("موعد الزيارة", "أهلًا {name}، ستتواصل معك الباحثة الاجتماعية لتحديد موعد الزيارة المتعلقة بطلبك رقم {tracking}."),
    ]

    static func load(on db: any Database) async throws {
        for (index, item) in categories.enumerated() {
            try await CaseCategory(kind: item.0, code: item.1, nameArabic: item.2, nameEnglish: item.3, targetDays: item.4, sortOrder: index + 1).create(on: db)
        }
        let now = Date()
        for (index, item) in library.enumerated() {
            let document = LibraryDocument(code: item.0, nameArabic: item.1, nameEnglish: item.2, isRequired: item.3, screens: item.4, sortOrder: index + 1)
            try await document.create(on: db)
            let version = LibraryVersion()
            version.documentID = document.id!
            version.version = 1
            // The policy's own text ships with the application; the other tools wait for the association's file.
            let isPolicy = item.0 == "relations_policy"
            version.bodyArabic = isPolicy ? policyText("ar") : ""
            version.bodyEnglish = isPolicy ? policyText("en") : ""
            version.approvedOn = isPolicy ? "2025-09-07" : ""
            version.approvedBy = isPolicy ? "مجلس الإدارة" : ""
            version.createdAt = now
            try await version.create(on: db)
        }
        for item in faq {
            let entry = FAQEntry()
            entry.category = item.0.rawValue
            entry.questionArabic = item.1
            entry.answerArabic = item.2
            entry.questionEnglish = item.3
            entry.answerEnglish = item.4
            entry.isPublished = item.5
            entry.isMisconception = item.0 == .misconceptions
            entry.updatedAt = now
            entry.normalize()
            try await entry.create(on: db)
        }
        for item in replies { try await CannedReply(title: item.0, body: item.1, at: now).create(on: db) }
    }

    /// The board-approved policy as shipped in Resources/Library (read from the working directory, like templates).
    static func policyText(_ language: String) -> String {
        let path = FileManager.default.currentDirectoryPath + "/Resources/Library/beneficiary-relations-policy.\(language).md"
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
