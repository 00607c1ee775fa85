import Foundation
import LamasatCore

/// Inquiries, complaints and suggestions, and the contact log of the story: answered on time or late, closed or still
/// open, on all eight channels.
extension DemoStory {
    static let questions = ["متى يصدر قرار طلبي؟", "ما المستندات المطلوبة لدعم الإيجار؟", "هل يمكن تحديث رقم الجوال؟", "كيف أسجل في برنامج التدريب؟",
                            "هل تشملني السلة الغذائية هذا الشهر؟", "أين أقرب فرع للجمعية؟"]
    static let complaintTexts = ["تأخر الرد على طلبي أكثر من المدة المعلنة", "لم يرد أحد على اتصالي بالفرع", "الانتظار في الفرع طويل",
                                 "أقترح إرسال تذكير قبل موعد الزيارة", "أقترح توفير مكان مناسب للأطفال في الفرع"]
    static let contactSubjects = ["متابعة حالة الطلب", "تذكير بموعد زيارة", "الاستفسار عن المستندات", "تحديث بيانات التواصل", "إبلاغ بموعد الاستلام",
                                  "تهنئة بالعيد ومعايدة", "دعوة لبرنامج تدريبي"]

    mutating func inventCases() {
        let calendar = WorkingCalendar()
        for offset in stride(from: DemoActivity.months - 1, through: 0, by: -1) {
            for _ in 0..<share(12 + (DemoActivity.months - offset) / 2, ofMonth: offset) { inquiry(at: moment(inMonth: offset), calendar: calendar) }
            for index in 0..<share(4 + (offset % 3 == 0 ? 2 : 0), ofMonth: offset) {
                complaint(at: moment(inMonth: offset), kind: index == 0 ? .suggestion : .complaint, calendar: calendar)
            }
        }
    }

    mutating func inquiry(at created: Date, calendar: WorkingCalendar) {
        guard !inquiryCategories.isEmpty else { return }
        let file = self.file(at: created)
        let category = inquiryCategories[roll(0...(inquiryCategories.count - 1))]
        let officer = cast.officer(file.branch)
        let inquiry = Inquiry.opened(beneficiaryID: chance(80) ? file.id : nil, contactName: file.fullName, contactPhone: file.mobile, branchID: file.branch,
                                     channel: ContactChannel.allCases[counts.inquiries % ContactChannel.allCases.count], categoryID: category.id!,
                                     question: Self.questions[roll(0...(Self.questions.count - 1))], createdBy: officer, at: created,
                                     due: calendar.due(after: created, workingDays: category.targetDays))
        inquiry.number = ReferenceNumber("Q", sequence: next("inquiry"), at: created).description
        // One in six is answered after its target; recent ones may still wait, some already late.
        let answered = created.addingTimeInterval(chance(17) ? inquiry.dueAt.timeIntervalSince(created) + days(1...4) : hours(2...30))
        if chance(6) {
            inquiry.status = .referred
            inquiry.referralReason = "تحتاج دراسة من الباحثة"
            inquiry.referredTo = cast.researcher
        } else if answered < now && !(created > now.addingTimeInterval(-12 * 86_400) && chance(40)) {
            inquiry.status = .answered
            inquiry.answer = "نشكر تواصلك، وقد أجبنا عن سؤالك بالتفصيل."
            inquiry.firstResponseAt = answered
            inquiry.answeredBy = officer
            answerSent(.inquiry, id: inquiry.id!, number: inquiry.number, file: file, fileCase: inquiry.beneficiaryID != nil, text: inquiry.answer,
                       by: officer, at: answered)
            let closed = answered.addingTimeInterval(days(1...3))
            if closed < now && chance(75) {
                inquiry.status = .closed
                inquiry.closedAt = closed
            } else if chance(30) {
                // Her reply to the answer waits for the officer (issue 16).
                let replied = min(now.addingTimeInterval(-600), answered.addingTimeInterval(hours(2...30)))
                caseMessages.append(.demo(.inquiry, id: inquiry.id!, file: file, fileCase: inquiry.beneficiaryID != nil, direction: .incoming, via: "status",
                                          body: "شكرًا، لكن لم يتضح لي متى أراجع الفرع؟", outbox: nil, author: nil, at: replied))
                inquiry.replyWaitingAt = replied
            }
        }
        inquiries.append(inquiry)
        counts.inquiries += 1
    }

    mutating func complaint(at created: Date, kind: ComplaintKind, calendar: WorkingCalendar) {
        let pool = complaintCategories.filter { (kind == .suggestion) == ($0.code == "suggestion") }
        guard !pool.isEmpty else { return }
        let file = self.file(at: created)
        let category = pool[roll(0...(pool.count - 1))]
        let officer = cast.officer(file.branch)
        let confidential = kind == .complaint && chance(10)
        let complaint = Complaint.opened(kind: kind, beneficiaryID: file.id, contactName: file.fullName, contactPhone: file.mobile, branchID: file.branch,
                                         channel: ContactChannel.allCases[counts.complaints % ContactChannel.allCases.count], categoryID: category.id!,
                                         severity: ComplaintSeverity.allCases[roll(0...2)],
                                         description: Self.complaintTexts[kind == .suggestion ? roll(3...4) : roll(0...2)],
                                         isConfidential: confidential, aboutStaffID: nil, createdBy: officer, at: created,
                                         due: calendar.due(after: created, workingDays: category.targetDays))
        complaint.number = ReferenceNumber("S", sequence: next("complaint"), at: created).description
        complaint.assignedTo = confidential ? cast.manager : officer
        let id = complaint.id!
        complaintEvents.append(ComplaintEvent(complaintID: id, action: "created", note: "", actorID: officer, at: created))
        complaintEvents.append(ComplaintEvent(complaintID: id, action: "assigned", note: "", actorID: cast.manager, at: created.addingTimeInterval(3_600)))
        let late = chance(25)
        let responded = late ? complaint.dueAt.addingTimeInterval(days(1...5)) : created.addingTimeInterval(days(0...2))
        if late && complaint.dueAt < now {
            complaint.escalatedAt = complaint.dueAt.addingTimeInterval(60)
            complaintEvents.append(ComplaintEvent(complaintID: id, action: "escalated", note: "", actorID: nil, at: complaint.escalatedAt!))
        }
        if responded < now && !(created > now.addingTimeInterval(-10 * 86_400) && chance(50)) {
            complaint.status = .responded
            complaint.response = "نعتذر عن ذلك، وقد عالجنا الأمر مع الفريق المختص."
            complaint.respondedAt = responded
            complaintEvents.append(ComplaintEvent(complaintID: id, action: "respond", note: complaint.response, actorID: complaint.assignedTo, at: responded))
            answerSent(.complaint, id: id, number: complaint.number, file: file, fileCase: true, text: confidential ? "" : complaint.response,
                       by: complaint.assignedTo ?? officer, at: responded)
            let closed = responded.addingTimeInterval(days(1...4))
            if closed < now && chance(80) {
                complaint.status = .closed
                complaint.closedAt = closed
                complaint.acknowledgement = "اطلعت على الرد وأشكركم"
                complaint.isAdopted = kind == .suggestion && chance(50)
                complaint.adoptedChange = complaint.isAdopted ? "أضفنا رسالة تذكير قبل موعد الزيارة" : ""
                complaintEvents.append(ComplaintEvent(complaintID: id, action: "close", note: complaint.acknowledgement, actorID: complaint.assignedTo, at: closed))
            }
        }
        complaints.append(complaint)
        counts.complaints += 1
    }

    /// The contact log: about two a working day per branch, every channel, some with a follow-up still due.
    mutating func inventContacts() {
        let today = WorkingCalendar().dayString(now)
        for offset in stride(from: DemoActivity.months - 1, through: 0, by: -1) {
            for _ in 0..<share(36 + (DemoActivity.months - offset), ofMonth: offset) {
                let at = moment(inMonth: offset)
                let file = self.file(at: at)
                let contact = Contact()
                contact.beneficiaryID = file.id
                contact.branchID = file.branch
                contact.channel = ContactChannel.allCases[counts.contacts % ContactChannel.allCases.count]
                contact.direction = chance(55) ? .incoming : .outgoing
                contact.subject = Self.contactSubjects[roll(0...(Self.contactSubjects.count - 1))]
                contact.notes = ""
                contact.durationMinutes = [.phone, .interview].contains(contact.channel) ? roll(3...25) : 0
                contact.outcome = ContactOutcome.allCases[roll(0...(ContactOutcome.allCases.count - 1))]
                let followUp = at.addingTimeInterval(days(1...3))
                contact.followUpOn = contact.outcome == .callBack ? WorkingCalendar().dayString(followUp) : ""
                // Follow-ups of the last days stay open, so today's list has something.
                contact.followUpDone = contact.outcome == .callBack && followUp < now.addingTimeInterval(-3 * 86_400)
                if contact.outcome == .callBack && contact.followUpOn > today { contact.followUpOn = today }
                if contact.channel == .letter {
                    let incoming = contact.direction == .incoming
                    contact.letterNumber = ReferenceNumber(incoming ? "IN" : "OUT", sequence: next(incoming ? "letter_in" : "letter_out"), at: at, width: 4).description
                }
                contact.staffID = cast.officer(file.branch)
                contact.at = at
                contacts.append(contact)
                counts.contacts += 1
            }
        }
    }

    /// An answer to her case as the outbox sent it (number, link, the officer's words), kept in the case's conversation.
    mutating func answerSent(_ kind: CaseKind, id: UUID, number: String, file: DemoActivity.File, fileCase: Bool, text: String, by officer: UUID, at: Date) {
        let message = OutboxMessage()
        message.id = UUID()
        message.channel = .sms
        message.recipient = file.mobile
        message.subject = "\(kind.rawValue):\(number)"
        message.body = "جمعية لمسات: رد على طلبك رقم \(number). تابعيه وردّي عليه من صفحة /status" + (text.isEmpty ? "" : "\n\n" + text)
        message.status = .sent
        message.provider = "sms-gateway"
        message.idempotencyKey = "demo:case:\(id.uuidString):\(messages.count)"
        message.attempts = 1
        message.relatedType = text.isEmpty && kind == .complaint ? "complaint.confidential" : kind.rawValue
        message.relatedID = id.uuidString
        message.branchID = file.branch
        message.beneficiaryID = fileCase ? file.id : nil
        message.createdAt = at
        message.sentAt = at.addingTimeInterval(60)
        messages.append(message)
        counts.messages += 1
        caseMessages.append(.demo(kind, id: id, file: file, fileCase: fileCase, direction: .outgoing, via: "sms", body: text.isEmpty ? message.body : text,
                                  outbox: message.id, author: officer, at: at))
    }
}

extension CaseMessage {
    static func demo(_ kind: CaseKind, id: UUID, file: DemoActivity.File, fileCase: Bool, direction: ContactDirection, via: String, body: String,
                     outbox: UUID?, author: UUID?, at: Date) -> CaseMessage {
        let message = CaseMessage()
        message.id = UUID()
        message.caseKind = kind
        message.caseID = id
        message.branchID = file.branch
        message.beneficiaryID = fileCase ? file.id : nil
        message.direction = direction
        message.via = via
        message.body = body
        message.outboxMessageID = outbox
        message.authorID = author
        message.at = at
        return message
    }
}
