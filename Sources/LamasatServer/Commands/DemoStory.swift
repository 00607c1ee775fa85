import Fluent
import Foundation
import LamasatCore
import SQLKit

/// The records of the demo's 18 months, gathered in memory and written in a few batched inserts (see `DemoActivity`).
struct DemoStory {
    let now: Date
    let cast: DemoActivity.Cast
    let files: [DemoActivity.File]
    let branches: [UUID]
    var random = SplitMix64(seed: 1447)
    var counts = DemoActivity.Counts()

    // Catalogs and settings read once.
    var types: [SupportType] = []
    var rejectionReasons: [RejectionReason] = []
    var inquiryCategories: [CaseCategory] = []
    var complaintCategories: [CaseCategory] = []
    var periodDays = 14
    var declarationVersion = 1
    /// Counter values taken so far, written back at the end so real numbering continues after the story's.
    var counters: [String: Int64] = [:]

    // What the story writes.
    var requests: [SupportRequest] = []
    var transitions: [RequestTransition] = []
    var declarations: [RequestDeclaration] = []
    var assignments: [ResearchAssignment] = []
    var visits: [ResearchVisit] = []
    var reports: [ResearchReport] = []
    var meetings: [CommitteeMeeting] = []
    var seats: [CommitteeMember] = []
    var agenda: [AgendaItem] = []
    var votes: [MemberVote] = []
    var decisions: [RequestDecision] = []
    var deliveries: [ServiceDelivery] = []
    var messages: [OutboxMessage] = []
    var inquiries: [Inquiry] = []
    var complaints: [Complaint] = []
    var complaintEvents: [ComplaintEvent] = []
    var caseMessages: [CaseMessage] = []
    var contacts: [Contact] = []
    /// Each branch's meetings in order; the last one of a branch is the next meeting, still open.
    var meetingTimes: [UUID: [(id: UUID, at: Date)]] = [:]
    var agendaPositions: [UUID: Int] = [:]

    init(now: Date, cast: DemoActivity.Cast, files: [DemoActivity.File], branches: [UUID]) {
        self.now = now
        self.cast = cast
        self.files = files
        self.branches = branches
    }

    static let counterNames = ["support_request", "outgoing_letter", "committee_meeting", "inquiry", "complaint", "letter_in", "letter_out"]

    mutating func prepare(on db: any Database) async throws {
        types = try await SupportType.query(on: db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        rejectionReasons = try await RejectionReason.query(on: db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        let categories = try await CaseCategory.query(on: db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        inquiryCategories = categories.filter { $0.kind == .inquiry }
        complaintCategories = categories.filter { $0.kind == .complaint }
        periodDays = try await OrganizationSettings.current(on: db).decisionPeriodDays
        declarationVersion = (try? await DeclarationText.current(on: db).version) ?? 1
        struct Row: Decodable { let name: String; let value: Int64 }
        for row in try await db.sql.raw("SELECT name, value FROM counters").all(decoding: Row.self) { counters[row.name] = row.value }
        scheduleMeetings()
    }

    mutating func next(_ counter: String) -> Int64 {
        let value = (counters[counter] ?? 0) + 1
        counters[counter] = value
        return value
    }

    mutating func roll(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    /// One of the files already registered at `moment` (files are in registration order); the first one before any.
    mutating func file(at moment: Date) -> DemoActivity.File {
        let registered = files.firstIndex { $0.createdAt > moment } ?? files.count
        return files[roll(0...max(0, registered - 1))]
    }
    mutating func chance(_ percent: Int) -> Bool { roll(1...100) <= percent }
    mutating func hours(_ range: ClosedRange<Int>) -> TimeInterval { Double(roll(range)) * 3_600 }
    mutating func days(_ range: ClosedRange<Int>) -> TimeInterval { Double(roll(range)) * 86_400 + hours(0...6) }

    /// How many of a month's `count` records to invent: all of them for a past month, this month's share so far for
    /// this one (at least one), so the current month does not pile up a whole month's work in its first hours.
    func share(_ count: Int, ofMonth offset: Int) -> Int {
        guard offset == 0 else { return count }
        let start = RiyadhMonths.start(0, from: now), end = RiyadhMonths.start(1, from: now)
        return max(1, Int((Double(count) * now.timeIntervalSince(start) / end.timeIntervalSince(start)).rounded(.up)))
    }

    /// A working-hours moment (08:00–15:00 Riyadh) on a random day of the month `offset` months before now's month.
    mutating func moment(inMonth offset: Int) -> Date {
        let start = RiyadhMonths.start(-offset, from: now)
        let end = min(RiyadhMonths.start(-offset + 1, from: now), now)
        let dayCount = max(1, Int(end.timeIntervalSince(start) / 86_400))
        let at = start.addingTimeInterval(Double(roll(0...(dayCount - 1))) * 86_400 + 5 * 3_600 + Double(roll(0...420)) * 60)
        // This month may have begun minutes ago: stay inside it and before now.
        return max(start, min(at, now.addingTimeInterval(-60)))
    }

    /// Committee meetings on the 5th and 20th of each month at 10:00 in each branch; the first one after now stays open.
    mutating func scheduleMeetings() {
        for branch in branches {
            var times: [(UUID, Date)] = []
            for offset in -DemoActivity.months...1 {
                let month = RiyadhMonths.start(offset, from: now)
                for day in [4, 19] {
                    let at = month.addingTimeInterval(Double(day) * 86_400 + 10 * 3_600)
                    let isNext = at > now
                    if isNext && times.last.map({ $0.1 > now }) == true { continue }
                    let meeting = CommitteeMeeting()
                    meeting.id = UUID()
                    meeting.number = ReferenceNumber("C", sequence: next("committee_meeting"), at: at, width: 4).description
                    meeting.branchID = branch
                    meeting.scheduledAt = at
                    meeting.location = "قاعة الاجتماعات"
                    meeting.quorum = 2
                    meeting.isClosed = !isNext
                    meeting.createdBy = cast.manager
                    meeting.createdAt = at.addingTimeInterval(-7 * 86_400)
                    meetings.append(meeting)
                    for (index, member) in cast.members.enumerated() {
                        seats.append(CommitteeMember(meetingID: meeting.id!, userID: member, isChair: index == 0))
                    }
                    times.append((meeting.id!, at))
                }
            }
            meetingTimes[branch] = times.map { (id: $0.0, at: $0.1) }
        }
    }

    /// The branch's first meeting after `moment` (the open one when none is earlier).
    func meeting(after moment: Date, branch: UUID) -> (id: UUID, at: Date)? {
        meetingTimes[branch]?.first { $0.at > moment }
    }

    mutating func addToAgenda(meeting: UUID, request: UUID) {
        let position = (agendaPositions[meeting] ?? 0) + 1
        agendaPositions[meeting] = position
        agenda.append(AgendaItem(meetingID: meeting, requestID: request, position: position))
    }

    /// Writes everything in batches small enough for either database's limit on bound values.
    func save(on db: any Database) async throws {
        func insert<M: Model>(_ models: [M]) async throws {
            for start in stride(from: 0, to: models.count, by: 200) {
                try await Array(models[start..<min(start + 200, models.count)]).create(on: db)
            }
        }
        try await insert(requests)
        try await insert(transitions)
        try await insert(declarations)
        try await insert(assignments)
        try await insert(visits)
        try await insert(reports)
        try await insert(meetings)
        try await insert(seats)
        try await insert(agenda)
        try await insert(votes)
        try await insert(decisions)
        try await insert(deliveries)
        try await insert(messages)
        try await insert(inquiries)
        try await insert(complaints)
        try await insert(complaintEvents)
        try await insert(caseMessages)
        try await insert(contacts)
        for name in Self.counterNames {
            guard let value = counters[name] else { continue }
            try await db.sql.raw("UPDATE counters SET value = \(bind: value) WHERE name = \(bind: name)").run()
        }
    }
}
