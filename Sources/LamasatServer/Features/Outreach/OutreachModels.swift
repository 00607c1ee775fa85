import Fluent
import Foundation
import LamasatCore

/// A rule that reaches beneficiaries before they ask ([P-4]): on/off, its number of days, its window for seasonal
/// programmes, and the message it sends ({name}, {document}, {tracking}, {expected}, {days}, {link} are filled).
final class OutreachRule: Model, @unchecked Sendable {
    static let schema = "outreach_rules"

    enum Code: String, CaseIterable, Codable {
        case documentsExpiring, overdueDecision, notDelivered, noContact, schoolSeason, ramadan, eid, surveyReminder
        var localizationKey: String { "outreach.rule.\(rawValue)" }
        /// Rules whose matches go to a call list instead of a message.
        var makesCallList: Bool { self == .noContact || self == .notDelivered }
        var isSeasonal: Bool { [.schoolSeason, .ramadan, .eid].contains(self) }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "enabled") var enabled: Bool
    @Field(key: "days") var days: Int
    @Field(key: "calendar") var calendar: String
    @Field(key: "window_start") var windowStart: String
    @Field(key: "window_end") var windowEnd: String
    @Field(key: "message_ar") var messageArabic: String
    /// The Riyadh day of the last scheduled run, so several instances run a rule once a day.
    @Field(key: "last_run_on") var lastRunOn: String
    @Field(key: "sort_order") var sortOrder: Int

    init() {}

    var kind: Code? { Code(rawValue: code) }

    var window: SeasonWindow? {
        guard let calendar = SeasonWindow.Calendar(rawValue: calendar), let start = SeasonWindow.MonthDay(windowStart),
              let end = SeasonWindow.MonthDay(windowEnd) else { return nil }
        return SeasonWindow(calendar: calendar, start: start, end: end)
    }
}

final class OutreachRun: Model, @unchecked Sendable {
    static let schema = "outreach_runs"

    @ID(key: .id) var id: UUID?
    @Field(key: "rule_code") var ruleCode: String
    @Field(key: "ran_at") var ranAt: Date
    @Field(key: "matched") var matched: Int
    @Field(key: "queued") var queued: Int
    @Field(key: "listed") var listed: Int
    @Field(key: "ran_by") var ranBy: String
    /// The branch a branch manager ran it for; nil for the daily pass and all-branch runs.
    @OptionalField(key: "branch_id") var branchID: UUID?

    init() {}
}

/// Calls to make on the phone channel, produced by a rule or a campaign, assigned to a staff member.
final class CallList: Model, @unchecked Sendable {
    static let schema = "call_lists"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "source") var source: String
    @Field(key: "branch_id") var branchID: UUID
    @OptionalField(key: "assigned_to") var assignedTo: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

final class CallEntry: Model, @unchecked Sendable {
    static let schema = "call_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "list_id") var listID: UUID
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    /// One entry per person and reason, ever: "noContact:<file>:<day of the last contact>".
    @Field(key: "entry_key") var key: String
    @Field(key: "reason") var reason: String
    @Field(key: "is_done") var isDone: Bool
    @OptionalField(key: "contact_id") var contactID: UUID?

    init() {}
}

/// A message to a segment of files, sent in the background with a visible progress ([P-4]).
final class Campaign: Model, @unchecked Sendable {
    static let schema = "campaigns"

    enum Status: String, Codable, CaseIterable {
        case scheduled, sending, done, cancelled
        var localizationKey: String { "campaign.status.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    /// The segment's filters as JSON (`Segment`).
    @Field(key: "segment") var segment: String
    @Field(key: "channel") var channel: MessageChannel
    @Field(key: "body") var body: String
    @Field(key: "status") var status: Status
    @Field(key: "scheduled_at") var scheduledAt: Date
    @Field(key: "total") var total: Int
    @Field(key: "queued") var queued: Int
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
