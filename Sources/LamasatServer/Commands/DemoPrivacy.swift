import Fluent
import Foundation
import LamasatCore
import Vapor

/// Issue 20's duties in the demo: the breach register with a closed incident (notified in time, people told, lessons
/// drawn) and one found this morning with its clock running. Added once.
enum DemoPrivacy {
    static func breaches(admin username: String, organization: String, now: Date, on db: any Database) async throws -> Int {
        guard try await BreachIncident.query(on: db).count() == 0,
              let admin = try await StaffUser.query(on: db).filter(\.$username == username).first() else { return 0 }
        let hour: TimeInterval = 3_600
        func make(_ title: String, _ details: String, foundHoursAgo: Double, records: Int, people: Int, categories: String, risk: BreachRisk,
                  containment: String) async throws -> BreachIncident {
            let b = BreachIncident()
            (b.title, b.details, b.dataCategories, b.risk, b.containment) = (title, details, categories, risk, containment)
            (b.discoveredAt, b.occurredAt, b.recordsAffected, b.peopleAffected) = (now.addingTimeInterval(-foundHoursAgo * hour),
                                                                                  now.addingTimeInterval(-(foundHoursAgo + 30) * hour), records, people)
            (b.authorityReference, b.peopleMethod, b.notNotifiableReason, b.lessons) = ("", "", "", "")
            (b.recordedBy, b.createdAt, b.version) = (try admin.requireID(), b.discoveredAt.addingTimeInterval(hour), 1)
            b.number = try await Counters.next("breach_incident", on: db)
            (b.authorityDraft, b.peopleDraft) = (BreachDrafts.authority(b, organization: organization), BreachDrafts.people(b, organization: organization))
            return b
        }
        let closed = try await make("رسالة بريد جماعية كشفت عناوين المستفيدات",
                                    "أُرسلت دعوة برنامج تدريبي إلى ٦٤ مستفيدة بعناوين ظاهرة في خانة «إلى» بدل النسخة المخفية.",
                                    foundHoursAgo: 40 * 24, records: 64, people: 64, categories: "عناوين البريد الإلكتروني والأسماء", risk: .medium,
                                    containment: "اعتذرنا للمستلمات وطلبنا حذف الرسالة، وأُوقف الإرسال الجماعي من البريد اليدوي.")
        (closed.authorityNotifiedAt, closed.authorityReference) = (closed.discoveredAt.addingTimeInterval(30 * hour), "NDMO-2026-0412")
        (closed.peopleNotifiedAt, closed.peopleMethod) = (closed.discoveredAt.addingTimeInterval(48 * hour), "رسالة نصية لكل المتأثرات واتصال بثلاث منهن")
        (closed.lessons, closed.closedAt, closed.closedBy) = ("الرسائل الجماعية تخرج من صندوق لمسات وحده، ولا تظهر فيها عناوين المستلمات.",
                                                              closed.discoveredAt.addingTimeInterval(20 * 24 * hour), admin.id)
        closed.version = 4
        try await closed.create(on: db)
        let open = try await make("فقد ملف مطبوع لقائمة زيارات الأسبوع",
                                  "فقدت الباحثة أثناء جولة الزيارات ورقة مطبوعة فيها أسماء ١٢ مستفيدة وأحياؤهن وأرقام جوالاتهن.",
                                  foundHoursAgo: 20, records: 12, people: 12, categories: "الأسماء والأحياء وأرقام الجوالات", risk: .high,
                                  containment: "أُبلغ مكتب الفرع، وتُجمع قوائم الزيارة من الآن على الجوال بدل الورق.")
        try await open.create(on: db)
        return 2
    }
}
