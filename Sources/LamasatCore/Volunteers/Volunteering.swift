import Foundation

/// Where a volunteer stands with the association ([P-1]); only an active volunteer is offered work.
public enum VolunteerStatus: String, CaseIterable, Codable, Sendable {
    case active, paused, ended
    public var localizationKey: String { "volunteer.person.status.\(rawValue)" }
}

/// What a volunteer can do, as the national volunteering platform lists skills.
public enum VolunteerSkill: String, CaseIterable, Codable, Sendable {
    case driving, tutoring, translation, nursing, socialWork, packing, events, childcare, technology
    public var localizationKey: String { "volunteer.skill.\(rawValue)" }
}

/// How she gets to a place.
public enum VolunteerTransport: String, CaseIterable, Codable, Sendable {
    case ownCar, needsTransport, publicTransport
    public var localizationKey: String { "volunteer.transport.\(rawValue)" }
}

/// A part of a weekday when she can serve: `sun.morning`, `thu.evening`…
public struct AvailabilitySlot: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public enum Day: String, CaseIterable, Codable, Sendable { case sun, mon, tue, wed, thu, fri, sat }
    public enum Part: String, CaseIterable, Codable, Sendable { case morning, afternoon, evening }

    public let day: Day
    public let part: Part

    public init(_ day: Day, _ part: Part) { self.day = day; self.part = part }

    public init?(_ text: String) {
        let pieces = text.split(separator: ".")
        guard pieces.count == 2, let day = Day(rawValue: String(pieces[0])), let part = Part(rawValue: String(pieces[1])) else { return nil }
        self.init(day, part)
    }

    public var description: String { "\(day.rawValue).\(part.rawValue)" }

    /// The slot a moment falls in, in Riyadh: mornings until 12:00, afternoons until 17:00, evenings after.
    public init(at moment: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        let parts = calendar.dateComponents([.weekday, .hour], from: moment)
        self.day = Day.allCases[(parts.weekday ?? 1) - 1]
        let hour = parts.hour ?? 0
        self.part = hour < 12 ? .morning : hour < 17 ? .afternoon : .evening
    }

    public static func < (a: Self, b: Self) -> Bool {
        let order = { (slot: Self) in Day.allCases.firstIndex(of: slot.day)! * 3 + Part.allCases.firstIndex(of: slot.part)! }
        return order(a) < order(b)
    }

    public static var all: [Self] { Day.allCases.flatMap { day in Part.allCases.map { Self(day, $0) } } }
}

/// A list kept in one text column as comma-separated codes (skills, districts, languages, slots).
public enum CodeList {
    public static func parse(_ stored: String) -> [String] {
        stored.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public static func join(_ codes: [String]) -> String {
        var seen = Set<String>()
        return codes.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0).inserted }.joined(separator: ",")
    }
}

/// What a volunteer is asked to do.
public enum OpportunityKind: String, CaseIterable, Codable, Sendable {
    /// Taking an approved service to her location; tied to the request it delivers.
    case delivery
    /// Accompanying the social researcher on a home visit.
    case homeVisit
    case distributionDay
    case tutoring
    case event
    public var localizationKey: String { "volunteer.opportunity.kind.\(rawValue)" }
    /// Kinds that put a volunteer in front of a beneficiary, and so show her the minimum of that beneficiary's data.
    public var meetsBeneficiary: Bool { self == .delivery || self == .homeVisit }
}

public enum OpportunityStatus: String, CaseIterable, Codable, Sendable {
    case published, closed, cancelled
    public var localizationKey: String { "volunteer.opportunity.status.\(rawValue)" }
}

/// One volunteer on one opportunity: offered by the coordinator, accepted or declined by her, confirmed by the
/// coordinator, then completed (she attended) or cancelled.
public enum AssignmentStatus: String, CaseIterable, Codable, Sendable {
    case offered, accepted, declined, confirmed, completed, cancelled
    public var localizationKey: String { "volunteer.assignment.status.\(rawValue)" }

    /// While open, she sees the assignment and, for kinds that meet a beneficiary, the minimum of her data.
    public var isOpen: Bool { self == .offered || self == .accepted || self == .confirmed }

    public func canMove(to next: Self) -> Bool {
        switch (self, next) {
        case (.offered, .accepted), (.offered, .declined), (.offered, .cancelled): true
        case (.accepted, .confirmed), (.accepted, .declined), (.accepted, .cancelled): true
        case (.confirmed, .completed), (.confirmed, .cancelled): true
        default: false
        }
    }
}

/// The coordinator's decision on hours she logged.
public enum HoursStatus: String, CaseIterable, Codable, Sendable {
    case none, pending, approved, rejected
    public var localizationKey: String { "volunteer.hours.status.\(rawValue)" }
}

public enum Gender: String, CaseIterable, Codable, Sendable {
    case female, male
    public var localizationKey: String { "gender.\(rawValue)" }
}

/// The two texts a volunteer signs before any assignment ([P-2]): the volunteering agreement (rights and duties) and
/// the confidentiality pledge (what she sees of a beneficiary stays with her).
public enum PledgeKind: String, CaseIterable, Codable, Sendable {
    case agreement, confidentiality
    public var localizationKey: String { "volunteer.pledge.kind.\(rawValue)" }
}
