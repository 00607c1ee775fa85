import Fluent
import Foundation
import LamasatCore

/// A day off besides the Friday–Saturday weekend; response targets skip it.
final class Holiday: Model, @unchecked Sendable {
    static let schema = "holidays"

    @ID(key: .id) var id: UUID?
    @Field(key: "day") var day: String
    @Field(key: "name") var name: String

    init() {}

    init(day: String, name: String) {
        self.day = day
        self.name = name
    }

    static func calendar(on db: any Database) async throws -> WorkingCalendar {
        WorkingCalendar(holidays: Set(try await Holiday.query(on: db).all().map(\.day)))
    }
}

/// A category of inquiry or complaint, with the response target in working days.
final class CaseCategory: Model, @unchecked Sendable {
    static let schema = "case_categories"

    enum Kind: String, Codable { case inquiry, complaint }

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: Kind
    @Field(key: "code") var code: String
    @Field(key: "name_ar") var nameArabic: String
    @Field(key: "name_en") var nameEnglish: String
    @Field(key: "target_days") var targetDays: Int
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "sort_order") var sortOrder: Int

    init() {}

    init(kind: Kind, code: String, nameArabic: String, nameEnglish: String, targetDays: Int, sortOrder: Int) {
        self.kind = kind
        self.code = code
        self.nameArabic = nameArabic
        self.nameEnglish = nameEnglish
        self.targetDays = targetDays
        self.isActive = true
        self.sortOrder = sortOrder
    }
}

extension CaseCategory: BilingualNamed {}

/// One contact on one of the eight channels ([P-16]): who, how, about what, how it ended, and when to follow up.
final class Contact: Model, @unchecked Sendable {
    static let schema = "contacts"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "beneficiary_id") var beneficiaryID: UUID?
    @OptionalField(key: "request_id") var requestID: UUID?
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "channel") var channel: ContactChannel
    @Field(key: "direction") var direction: ContactDirection
    @Field(key: "subject") var subject: String
    @Field(key: "notes") var notes: String
    @Field(key: "duration_minutes") var durationMinutes: Int
    @Field(key: "outcome") var outcome: ContactOutcome
    /// "YYYY-MM-DD", or "" when no follow-up is planned.
    @Field(key: "follow_up_on") var followUpOn: String
    @Field(key: "follow_up_done") var followUpDone: Bool
    /// For letters: "IN-2026-0001" or "OUT-2026-0001".
    @OptionalField(key: "letter_number") var letterNumber: String?
    /// How an incoming message travelled ("sms", "whatsapp"); unset for contacts an officer logs.
    @OptionalField(key: "transport") var transport: String?
    /// The volunteer who carried a volunteer-service contact (issue 17).
    @OptionalField(key: "volunteer_id") var volunteerID: UUID?
    @Field(key: "staff_id") var staffID: UUID
    @Field(key: "at") var at: Date

    init() {}
}

final class Inquiry: Model, @unchecked Sendable {
    static let schema = "inquiries"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    @OptionalField(key: "beneficiary_id") var beneficiaryID: UUID?
    @Field(key: "contact_name") var contactName: String
    @Field(key: "contact_phone") var contactPhone: String
    /// The e-mail given on the public form, where answers go instead of an SMS; unset otherwise.
    @OptionalField(key: "contact_email") var contactEmail: String?
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "channel") var channel: ContactChannel
    @Parent(key: "category_id") var category: CaseCategory
    @Field(key: "question") var question: String
    @Field(key: "answer") var answer: String
    @Field(key: "status") var status: InquiryStatus
    @Field(key: "referral_reason") var referralReason: String
    @OptionalField(key: "referred_to") var referredTo: UUID?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "due_at") var dueAt: Date
    @OptionalField(key: "first_response_at") var firstResponseAt: Date?
    @OptionalField(key: "answered_by") var answeredBy: UUID?
    @OptionalField(key: "closed_at") var closedAt: Date?
    /// Since when her reply waits for an officer (CaseThread); cleared when an officer answers.
    @OptionalField(key: "reply_waiting_at") var replyWaitingAt: Date?

    init() {}
}

final class Complaint: Model, @unchecked Sendable {
    static let schema = "complaints"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    @Field(key: "kind") var kind: ComplaintKind
    @OptionalField(key: "beneficiary_id") var beneficiaryID: UUID?
    @Field(key: "contact_name") var contactName: String
    @Field(key: "contact_phone") var contactPhone: String
    /// The e-mail given on the public form, where answers go instead of an SMS; unset otherwise.
    @OptionalField(key: "contact_email") var contactEmail: String?
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "channel") var channel: ContactChannel
    @Parent(key: "category_id") var category: CaseCategory
    @Field(key: "severity") var severity: ComplaintSeverity
    @Field(key: "description") var description: String
    @Field(key: "is_confidential") var isConfidential: Bool
    @OptionalField(key: "about_staff_id") var aboutStaffID: UUID?
    @OptionalField(key: "assigned_to") var assignedTo: UUID?
    @Field(key: "status") var status: ComplaintStatus
    @Field(key: "response") var response: String
    @OptionalField(key: "responded_at") var respondedAt: Date?
    @Field(key: "due_at") var dueAt: Date
    @OptionalField(key: "escalated_at") var escalatedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "acknowledgement") var acknowledgement: String
    @Field(key: "is_adopted") var isAdopted: Bool
    @Field(key: "adopted_change") var adoptedChange: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    /// Since when her reply waits for an officer (CaseThread); cleared when an officer answers.
    @OptionalField(key: "reply_waiting_at") var replyWaitingAt: Date?

    init() {}
}

final class ComplaintEvent: Model, @unchecked Sendable {
    static let schema = "complaint_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "complaint_id") var complaintID: UUID
    @Field(key: "action") var action: String
    @Field(key: "note") var note: String
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "at") var at: Date

    init() {}

    init(complaintID: UUID, action: String, note: String, actorID: UUID?, at: Date) {
        self.complaintID = complaintID
        self.action = action
        self.note = note
        self.actorID = actorID
        self.at = at
    }
}

extension Inquiry {
    /// A new inquiry, open and unanswered, due at the end of its category's target.
    static func opened(beneficiaryID: UUID?, contactName: String, contactPhone: String, branchID: UUID, channel: ContactChannel,
                       categoryID: UUID, question: String, createdBy: UUID, at now: Date, due: Date) -> Inquiry {
        let inquiry = Inquiry()
        inquiry.id = UUID()
        inquiry.beneficiaryID = beneficiaryID
        inquiry.contactName = contactName
        inquiry.contactPhone = contactPhone
        inquiry.branchID = branchID
        inquiry.channel = channel
        inquiry.$category.id = categoryID
        inquiry.question = question
        inquiry.answer = ""
        inquiry.status = .new
        inquiry.referralReason = ""
        inquiry.createdBy = createdBy
        inquiry.createdAt = now
        inquiry.dueAt = due
        return inquiry
    }

    /// Gives it the next number of the year, Q-YYYY-NNNNNN, and stores it, in the caller's transaction.
    func register(now: Date, on db: any Database) async throws {
        number = ReferenceNumber("Q", sequence: try await Counters.next("inquiry", on: db), at: now).description
        try await create(on: db)
    }
}

extension Complaint {
    /// A new complaint or suggestion, open and unanswered, due at the end of its target.
    static func opened(kind: ComplaintKind, beneficiaryID: UUID?, contactName: String, contactPhone: String, branchID: UUID, channel: ContactChannel,
                       categoryID: UUID, severity: ComplaintSeverity, description: String, isConfidential: Bool, aboutStaffID: UUID?,
                       createdBy: UUID, at now: Date, due: Date) -> Complaint {
        let complaint = Complaint()
        complaint.id = UUID()
        complaint.kind = kind
        complaint.beneficiaryID = beneficiaryID
        complaint.contactName = contactName
        complaint.contactPhone = contactPhone
        complaint.branchID = branchID
        complaint.channel = channel
        complaint.$category.id = categoryID
        complaint.severity = severity
        complaint.description = description
        complaint.isConfidential = isConfidential
        complaint.aboutStaffID = aboutStaffID
        complaint.status = .open
        complaint.response = ""
        complaint.dueAt = due
        complaint.acknowledgement = ""
        complaint.isAdopted = false
        complaint.adoptedChange = ""
        complaint.createdBy = createdBy
        complaint.createdAt = now
        return complaint
    }

    /// Gives it the next number of the year, S-YYYY-NNNNNN, and stores it, in the caller's transaction.
    func register(now: Date, on db: any Database) async throws {
        number = ReferenceNumber("S", sequence: try await Counters.next("complaint", on: db), at: now).description
        try await create(on: db)
    }
}
