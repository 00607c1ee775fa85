import Fluent
import Foundation
import LamasatCore

/// Invented messages in the demo officer's social-media inbox (`/social`): some turned into each kind of record,
/// some waiting, one dismissed. Added once: nothing when the inbox already holds messages.
enum DemoSocialInbox {
    enum Fate { case waiting, contact, inquiry, complaint, suggestion, dismissed(String) }

    static let messages: [(platform: SocialPlatform, handle: String, text: String, link: String, hoursAgo: Double, fate: Fate)] = [
        (.x, "um_sara_2030", "السلام عليكم، قدمت طلب دعم إيجار قبل أسبوعين ولم يصلني رد حتى الآن. متى يصدر القرار؟",
         "https://x.com/um_sara_2030/status/1862000000000000001", 30, .inquiry),
        (.instagram, "noura.q", "اتصلت بالفرع ثلاثة أيام متتالية ولم يرد أحد، وأحتاج موعداً لتسليم المستندات.", "", 52, .complaint),
        (.snapchat, "hind_88", "أقترح أن تتيحوا التسجيل في الدورات التدريبية من الجوال بدل الحضور للفرع.", "", 75, .suggestion),
        (.tiktok, "reem.life", "شكراً لجمعية لمسات، وصلتني السلة الغذائية اليوم والله يجزاكم خير.",
         "https://www.tiktok.com/@reem.life/video/7440000000000000000", 20, .contact),
        (.youtube, "daily_deals", "تخفيضات كبيرة على الأجهزة! اضغطي الرابط واحصلي على الخصم.", "https://example.com/deals", 12,
         .dismissed("إعلان تجاري لا يخص الجمعية")),
        (.facebook, "أم عبدالله", "هل يوجد برنامج تدريب على الخياطة في فرع جدة؟ وكيف أسجل فيه؟", "", 6, .waiting),
        (.x, "lamasat_friend", "كيف أحدّث رقم جوالي في ملفي لدى الجمعية؟ غيرت الرقم الشهر الماضي.",
         "https://x.com/lamasat_friend/status/1862000000000000002", 3, .waiting),
        (.instagram, "mama.jood", "متى موعد توزيع كسوة العيد هذه السنة؟", "", 1.5, .waiting),
        (.linkedin, "Sara Al-Harbi", "أرغب في التطوع بخبرتي في المحاسبة لمدة ساعتين أسبوعياً.", "https://www.linkedin.com/in/example", 0.5, .waiting),
    ]

    /// Returns how many messages were added.
    static func load(officer username: String, now: Date, on db: any Database) async throws -> Int {
        guard try await SocialMessage.query(on: db).count() == 0,
              let officer = try await StaffUser.query(on: db).filter(\.$username == username).first() else { return 0 }
        let officerID = try officer.requireID()
        let branch = officer.$branch.id
        let file = try await Beneficiary.query(on: db).filter(\.$branch.$id == branch).sort(\.$fileSequence).first()
        let categories = try await CaseCategory.query(on: db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        guard let inquiryCategory = categories.first(where: { $0.kind == .inquiry }),
              let complaintCategory = categories.first(where: { $0.kind == .complaint && $0.code != "suggestion" }),
              let suggestionCategory = categories.first(where: { $0.code == "suggestion" }) ?? categories.first(where: { $0.kind == .complaint })
        else { return 0 }
        let calendar = try await Holiday.calendar(on: db)
        try await db.writeTransaction { db in
            for item in messages {
                let received = now.addingTimeInterval(-item.hoursAgo * 3_600)
                let entered = received.addingTimeInterval(600)
                let message = SocialMessage(platform: item.platform, handle: item.handle, text: item.text, link: item.link, receivedAt: received,
                                            branchID: branch, enteredBy: officerID, at: entered)
                let handledAt = entered.addingTimeInterval(1_800)
                let text = [item.text, item.link].filter { !$0.isEmpty }.joined(separator: "\n")
                var outcome: (SocialOutcome, UUID)?
                switch item.fate {
                case .waiting:
                    break
                case .dismissed(let reason):
                    message.status = .dismissed
                    message.dismissReason = reason
                case .contact:
                    let contact = Contact()
                    contact.id = UUID()
                    contact.beneficiaryID = file?.id
                    contact.branchID = branch
                    contact.channel = .socialMedia
                    contact.direction = .incoming
                    contact.subject = "رسالة شكر عبر المنصات · @\(item.handle)"
                    contact.notes = text
                    contact.durationMinutes = 0
                    contact.outcome = .answered
                    contact.followUpOn = ""
                    contact.followUpDone = false
                    contact.staffID = officerID
                    contact.at = received
                    try await contact.create(on: db)
                    outcome = (.contact, try contact.requireID())
                case .inquiry:
                    let inquiry = Inquiry.opened(beneficiaryID: nil, contactName: "@\(item.handle)", contactPhone: "", branchID: branch, channel: .socialMedia,
                                                 categoryID: try inquiryCategory.requireID(), question: text, createdBy: officerID, at: handledAt,
                                                 due: calendar.due(after: handledAt, workingDays: inquiryCategory.targetDays))
                    try await inquiry.register(now: handledAt, on: db)
                    outcome = (.inquiry, try inquiry.requireID())
                case .complaint, .suggestion:
                    let suggestion = if case .suggestion = item.fate { true } else { false }
                    let category = suggestion ? suggestionCategory : complaintCategory
                    let complaint = Complaint.opened(kind: suggestion ? .suggestion : .complaint, beneficiaryID: nil, contactName: "@\(item.handle)", contactPhone: "",
                                                     branchID: branch, channel: .socialMedia, categoryID: try category.requireID(),
                                                     severity: suggestion ? .low : .medium, description: text, isConfidential: false, aboutStaffID: nil,
                                                     createdBy: officerID, at: handledAt, due: calendar.due(after: handledAt, workingDays: category.targetDays))
                    try await complaint.register(now: handledAt, on: db)
                    try await ComplaintEvent(complaintID: try complaint.requireID(), action: "created", note: "", actorID: officerID, at: handledAt).create(on: db)
                    outcome = (suggestion ? .suggestion : .complaint, try complaint.requireID())
                }
                if let outcome {
                    message.status = .handled
                    (message.outcomeKind, message.outcomeID) = (outcome.0, outcome.1)
                    message.beneficiaryID = outcome.0 == .contact ? file?.id : nil
                }
                if message.status != .new { (message.handledBy, message.handledAt) = (officerID, handledAt) }
                try await message.create(on: db)
            }
        }
        return messages.count
    }
}
