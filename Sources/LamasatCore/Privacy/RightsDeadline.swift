import Foundation

/// What she asks under PDPL: to see what is held about her, to correct it, to have it deleted or its use restricted,
/// or to receive a copy.
public enum RightsRequestKind: String, CaseIterable, Codable, Sendable {
    case access, correction, deletion, restriction, copy

    public var localizationKey: String { "rights.kind.\(rawValue)" }
}

/// Where a rights request stands: received, her identity confirmed, decided, answered.
public enum RightsRequestStatus: String, CaseIterable, Codable, Sendable {
    case received, verified, decided, answered

    public var localizationKey: String { "rights.status.\(rawValue)" }
    public var isOpen: Bool { self != .answered }
}

public enum RightsDecision: String, CaseIterable, Codable, Sendable {
    case granted, partly, refused

    public var localizationKey: String { "rights.decision.\(rawValue)" }
    /// A refusal or a partial answer gives her its reasons.
    public var needsReasons: Bool { self != .granted }
}

/// The legal deadline of a rights request: 30 days from receipt (PDPL's implementing regulation), extendable once by
/// up to 30 more with a recorded reason. The law counts calendar days; the association answers only on a working day,
/// so when the 30th day is a Friday, a Saturday or a holiday the deadline is the end of the last working day before
/// it — never after the law's. What is left is told in working days, as the other targets are.
public struct RightsDeadline: Sendable {
    public static let days = 30
    public static let maximumExtension = 30

    public let calendar: WorkingCalendar

    public init(calendar: WorkingCalendar) { self.calendar = calendar }

    /// The end (23:59:59 Riyadh) of the last working day on or before the `days`-th day after `start`'s day.
    public func due(from start: Date, days: Int = RightsDeadline.days) -> Date {
        var day = start.addingTimeInterval(Double(days) * 86_400)
        // Stepping back from the law's day, never past the day she asked.
        while !calendar.isWorkingDay(day) && calendar.dayString(day) > calendar.dayString(start) { day = day.addingTimeInterval(-86_400) }
        return calendar.endOfDay(day)
    }

    /// Working days left until `due` (0 on its day), or nil once it has passed.
    public func workingDaysLeft(until due: Date, now: Date) -> Int? {
        now > due ? nil : calendar.workingDays(from: now, to: due)
    }
}

extension WorkingCalendar {
    /// 23:59:59 in Riyadh on `date`'s day.
    public func endOfDay(_ date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        return calendar.startOfDay(for: date).addingTimeInterval(86_399)
    }
}
