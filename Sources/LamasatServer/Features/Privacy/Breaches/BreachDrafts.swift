import Foundation
import LamasatCore

/// The first drafts of the two notifications, written from the incident when it is recorded; the administrator
/// corrects them before sending. In Arabic, the language of the authority and of the people told.
enum BreachDrafts {
    static func authority(_ b: BreachIncident, organization: String) -> String {
        let f = DualCalendarFormatter(language: .ar)
        return """
        إلى: الهيئة السعودية للبيانات والذكاء الاصطناعي (سدايا) — المكتب الوطني لإدارة البيانات
        الموضوع: إشعار بحادثة تسرب بيانات شخصية رقم \(b.reference)

        تُشعر \(organization) بوقوع حادثة تتعلق بالبيانات الشخصية، وفق نظام حماية البيانات الشخصية ولائحته التنفيذية:
        - وصف الحادثة: \(b.details)
        - وقت وقوعها: \(b.occurredAt.map { f.dateTime($0).combined } ?? "غير معروف بعد")
        - وقت اكتشافها: \(f.dateTime(b.discoveredAt).combined)
        - عدد السجلات المتأثرة: \(b.recordsAffected)، وعدد أصحاب البيانات المتأثرين: \(b.peopleAffected)
        - فئات البيانات: \(b.dataCategories)
        - تقدير الخطر على أصحاب البيانات: \(b.risk.arabicName)
        - الإجراءات المتخذة لاحتوائها: \(b.containment.isEmpty ? "قيد التحديد" : b.containment)

        وسنوافيكم بما يستجد. مسؤولة حماية البيانات في \(organization).
        """
    }

    static func people(_ b: BreachIncident, organization: String) -> String {
        """
        عزيزتنا المستفيدة، نُعلمك أن حادثة وقعت مسّت بعض بياناتك لدى \(organization): \(b.dataCategories).
        ما فعلناه: \(b.containment.isEmpty ? "أوقفنا الخلل ونراجع ما حدث" : b.containment).
        ننصحك بالحذر من أي رسالة أو اتصال يطلب منك رمزًا أو بيانات بنكية. للاستفسار تواصلي معنا على قنوات الجمعية، ورقم الحادثة \(b.reference).
        """
    }
}

extension BreachRisk {
    /// Its name in the drafts, which are always in Arabic whatever the page's language.
    var arabicName: String {
        switch self {
        case .low: return "منخفض"
        case .medium: return "متوسط"
        case .high: return "مرتفع"
        }
    }
}
