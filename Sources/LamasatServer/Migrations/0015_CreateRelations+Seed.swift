import Fluent
import Foundation

/// The starting content of relations, which the association then edits: categories with response targets, the
/// officer's four tools and the policy ([P-17], [P-3]), a first FAQ with common misconceptions ([P-11]) and replies.
/// Written out as this migration inserts it; the application's catalogs may change, these rows may not.
extension M0015CreateRelations {
    func seed(on database: any Database) async throws {
        // kind, code, Arabic, English, target days
        let categories = [
            ("inquiry", "services", "الخدمات وشروطها", "Services and conditions", 1),
            ("inquiry", "request_status", "حالة طلب", "A request's status", 1),
            ("inquiry", "registration", "التسجيل والمستندات", "Registration and documents", 2),
            ("inquiry", "general", "استفسار عام", "General", 2),
            ("complaint", "service_quality", "جودة الخدمة", "Quality of service", 5),
            ("complaint", "delay", "تأخر الإجراءات", "Delays", 3),
            ("complaint", "staff_conduct", "تعامل الموظفين", "Staff conduct", 3),
            ("complaint", "suggestion", "اقتراح تطوير", "Improvement suggestion", 10),
        ]
        for (index, item) in categories.enumerated() {
            try await database.insert(into: "case_categories", [
                "id": UUID(), "kind": item.0, "code": item.1, "name_ar": item.2, "name_en": item.3, "target_days": item.4,
                "is_active": true, "sort_order": index + 1,
            ])
        }
        let now = Date()
        // code, Arabic title, English title, required reading, screens
        let library = [
            ("bylaws", "اللائحة الأساسية للجمعية", "The association's basic bylaws", true, "intake,inquiries"),
            ("research_guide", "دليل خدمات البحث الاجتماعي", "Social research services guide", true, "research,verification"),
            ("support_policy_guide", "دليل سياسة الدعم للمستفيدين", "Beneficiary support policy guide", true, "intake,committee"),
            ("request_form", "نموذج طلب دعم مستفيد", "Beneficiary support request form", false, "intake"),
            ("relations_policy", "سياسة تنظيم العلاقة مع المستفيدين", "Policy on the relationship with beneficiaries", true, "inquiries,complaints"),
        ]
        for (index, item) in library.enumerated() {
            let documentID = UUID()
            try await database.insert(into: "library_documents", [
                "id": documentID, "code": item.0, "title_ar": item.1, "title_en": item.2, "is_required": item.3, "screens": item.4,
                "sort_order": index + 1,
            ])
            // The policy's own text ships with the application; the other tools wait for the association's file.
            let isPolicy = item.0 == "relations_policy"
            try await database.insert(into: "library_versions", [
                "id": UUID(), "document_id": documentID, "version": 1,
                "body_ar": isPolicy ? Self.policyArabic : "", "body_en": isPolicy ? Self.policyEnglish : "",
                "approved_on": isPolicy ? "2025-09-07" : "", "approved_by": isPolicy ? "مجلس الإدارة" : "", "created_at": now,
            ])
        }
        // category, Arabic question and answer, English question and answer, published, misconception, and the
        // normalized text the FAQ search reads.
        let faq = [
            ("requests", "متى يصدر قرار طلب الدعم؟", "تدرس لجنة البحث الطلب وترد بالقبول أو الرفض في مدة لا تقل عن أسبوعين من تقديمه، ويصلك الموعد المتوقع في رسالة الاستلام.",
             "When is a support request decided?",
             "The research committee studies the request and answers with acceptance or rejection in no less than two weeks; the expected date is in your acknowledgement message.", true, false,
             "متي يصدر قرار طلب الدعم؟ تدرس لجنه البحث الطلب وترد بالقبول او الرفض في مده لا تقل عن اسبوعين من تقديمه، ويصلك الموعد المتوقع في رساله الاستلام. when is a support request decided? the research committee studies the request and answers with acceptance or rejection in no less than two weeks; the expected date is in your acknowledgement message."),
            ("documents", "ما المستندات المطلوبة للتسجيل؟", "الهوية الوطنية أو الإقامة، وصك الطلاق أو شهادة وفاة الزوج بحسب الحالة، وما يطلبه نوع الدعم مثل عقد الإيجار أو شهادة الآيبان، على أن تكون سارية.",
             "Which documents are needed to register?",
             "The national ID or iqama, the divorce deed or the husband's death certificate, and what the support type asks for such as a lease or an IBAN certificate, all valid.", true, false,
             "ما المستندات المطلوبه للتسجيل؟ الهويه الوطنيه او الاقامه، وصك الطلاق او شهاده وفاه الزوج بحسب الحاله، وما يطلبه نوع الدعم مثل عقد الايجار او شهاده الايبان، علي ان تكون ساريه. which documents are needed to register? the national id or iqama, the divorce deed or the husband's death certificate, and what the support type asks for such as a lease or an iban certificate, all valid."),
            ("misconceptions", "هل يعني التسجيل في الجمعية الحصول على دعم شهري ثابت؟", "لا. التسجيل يجعل الملف مكتملًا، وكل طلب دعم يُدرس على حدة بعد البحث الاجتماعي وقرار لجنة البحث.",
             "Does registering mean a fixed monthly support?",
             "No. Registration completes the file; each support request is studied on its own after social research and the committee's decision.", true, true,
             "هل يعني التسجيل في الجمعيه الحصول علي دعم شهري ثابت؟ لا. التسجيل يجعل الملف مكتملا، وكل طلب دعم يدرس علي حده بعد البحث الاجتماعي وقرار لجنه البحث. does registering mean a fixed monthly support? no. registration completes the file; each support request is studied on its own after social research and the committee's decision."),
            ("misconceptions", "هل يؤثر تقييمي السلبي للخدمة على طلباتي؟", "لا. تقييم الخدمة حق لك، ويُستخدم لتحسين الخدمة فقط، ولا يطّلع عليه من يقررون في طلباتك.",
             "Will a bad rating of the service affect my requests?",
             "No. Rating the service is your right; it is used only to improve, and those who decide your requests never see it.", true, true,
             "هل يؤثر تقييمي السلبي للخدمه علي طلباتي؟ لا. تقييم الخدمه حق لك، ويستخدم لتحسين الخدمه فقط، ولا يطلع عليه من يقررون في طلباتك. will a bad rating of the service affect my requests? no. rating the service is your right; it is used only to improve, and those who decide your requests never see it."),
            ("services", "هل يمكن أن تزورني الباحثة في منزلي؟", "نعم، تُجري الباحثة الاجتماعية زيارة منزلية أو مقابلة هاتفية أو مرئية لتخدمك من حيث أنت.",
             "Can the researcher visit me at home?",
             "Yes, the social researcher makes a home visit, or a phone or video interview, to serve you where you are.", true, false,
             "هل يمكن ان تزورني الباحثه في منزلي؟ نعم، تجري الباحثه الاجتماعيه زياره منزليه او مقابله هاتفيه او مرئيه لتخدمك من حيث انت. can the researcher visit me at home? yes, the social researcher makes a home visit, or a phone or video interview, to serve you where you are."),
        ]
        for item in faq {
            try await database.insert(into: "faq_entries", [
                "id": UUID(), "category": item.0, "question_ar": item.1, "answer_ar": item.2, "question_en": item.3,
                "answer_en": item.4, "is_published": item.5, "is_misconception": item.6, "normalized": item.7, "updated_at": now,
            ])
        }
        let replies = [
            ("استلام الطلب", "أهلًا {name}، استلمنا طلبك رقم {tracking}، وتدرسه لجنة البحث وترد بالقبول أو الرفض، والموعد المتوقع للقرار {expected}."),
            ("المستندات الناقصة", "أهلًا {name}، لاستكمال طلبك رقم {tracking} نحتاج إلى المستندات الموضحة في رسالتنا، ويمكنك إحضارها إلى أقرب مكتب أو رفعها عبر البوابة."),
            ("موعد الزيارة", "أهلًا {name}، ستتواصل معك الباحثة الاجتماعية لتحديد موعد الزيارة المتعلقة بطلبك رقم {tracking}."),
        ]
        for (title, body) in replies {
            try await database.insert(into: "canned_replies", ["id": UUID(), "title": title, "body": body, "is_active": true, "updated_at": now])
        }
    }
}
