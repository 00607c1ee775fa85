import Fluent
import Foundation
import LamasatCore
import Vapor

/// Issue 20's duties in the demo: the breach register with a closed incident (notified in time, people told, lessons
/// drawn) and one found this morning with its clock running; rights requests in every state, one answered late and one
/// overdue, so the queue and its report have numbers in them. Added once.
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

    static func rights(officer username: String, now: Date, on db: any Database) async throws -> Int {
        guard try await RightsRequest.query(on: db).count() == 0,
              let officer = try await StaffUser.query(on: db).filter(\.$username == username).first() else { return 0 }
        let files = try await Beneficiary.query(on: db).filter(\.$branch.$id == officer.$branch.id).sort(\.$fileSequence).limit(40).all()
        guard files.count >= 30 else { return 0 }
        let calendar = try await Holiday.calendar(on: db)
        let day: TimeInterval = 86_400
        struct Story {
            let file: Int; let kind: RightsRequestKind; let details: String; let source: RightsRequest.Source; let daysAgo: Double
            var identity: RightsIdentityMethod? = nil; var decision: RightsDecision? = nil; var reasons = ""
            var answeredDaysAgo: Double? = nil; var answer = RightsAnswerMethod.portal; var extend = ""
        }
        let stories = [
            Story(file: 20, kind: .access, details: "أريد أن أعرف ما تحفظه الجمعية عني", source: .portal, daysAgo: 50, identity: .portalCode,
                  decision: .granted, answeredDaysAgo: 38, answer: .portal),
            Story(file: 21, kind: .deletion, details: "لم أعد أحتاج خدمات الجمعية وأطلب حذف ملفي", source: .staff, daysAgo: 75, identity: .idSeen,
                  decision: .refused, reasons: "سجلات الصرف والتسليم تُحفظ عشر سنوات التزامًا نظاميًا؛ أُوقفت الرسائل والاستبانات عنها.",
                  answeredDaysAgo: 40, answer: .inPerson),
            Story(file: 22, kind: .correction, details: "تاريخ ميلاد ابني مسجل خطأ، الصحيح ١٤٣٠/٠٢/١١", source: .staff, daysAgo: 36, identity: .callBack,
                  decision: .granted),
            Story(file: 23, kind: .copy, details: "نسخة من ملفي لتقديمها لجهة أخرى", source: .portal, daysAgo: 27, identity: .portalCode,
                  extend: "مستندات الملف في أرشيف الفرع الورقي وتحتاج مسحًا ضوئيًا"),
            Story(file: 24, kind: .restriction, details: "لا أريد مشاركة بياناتي مع الجمعيات الشريكة", source: .portal, daysAgo: 1, identity: .portalCode),
            Story(file: 25, kind: .access, details: "", source: .staff, daysAgo: 0),
            Story(file: 26, kind: .correction, details: "رقم جوالي تغير إلى ٠٥٥٨٨٧٦٦٥٥", source: .staff, daysAgo: 12, identity: .idSeen,
                  decision: .granted, answeredDaysAgo: 11, answer: .sms),
        ]
        for story in stories {
            let at = now.addingTimeInterval(-story.daysAgo * day)
            let r = try await RightsIntake.receive(.init(kind: story.kind, details: story.details, source: story.source, identity: story.identity),
                                                   file: files[story.file], by: story.source == .staff ? officer.id : nil, now: at, on: db)
            if !story.extend.isEmpty { (r.extendedDueAt, r.extensionReason) = (RightsDeadline(calendar: calendar).due(from: r.dueAt), story.extend) }
            if let decision = story.decision {
                (r.decision, r.decisionReasons, r.decidedAt, r.decidedBy, r.status) = (decision, story.reasons, at.addingTimeInterval(3 * day), officer.id, .decided)
            }
            if let answered = story.answeredDaysAgo {
                (r.answeredAt, r.answerMethod, r.answeredBy, r.status) = (now.addingTimeInterval(-answered * day), story.answer.rawValue, officer.id, .answered)
            }
            try await r.save(on: db)
        }
        return stories.count
    }
}
