import Foundation

/// How an interview is held ([P-8] from where she is): at the branch, by phone or by video.
public enum AppointmentMode: String, CaseIterable, Codable, Sendable {
    case inPerson, phone, video

    public var localizationKey: String { "appointment.mode.\(rawValue)" }
}

/// Where a booking stands: booked, then attended or missed; or cancelled (by her, by staff, or with its slot).
public enum AppointmentStatus: String, CaseIterable, Codable, Sendable {
    case booked, attended, noShow, cancelled

    public var localizationKey: String { "appointment.status.\(rawValue)" }
}

/// The rules of publishing interview slots ([P-18]: enough time for each visitor).
public enum AppointmentRules {
    /// Each interview lasts at least this long, at most two hours.
    public static let minutes = 15...120
    /// A published session runs at most ten hours in one day.
    public static let longestSession: TimeInterval = 10 * 3_600
    /// Slots are published and booked up to this many days ahead.
    public static let horizonDays = 60
    /// People seen together in one slot (a family, a group session).
    public static let capacity = 1...10

    /// The start of each slot of a session from `start` to `end`, `minutes` long each; a last slot that would run past
    /// `end` is left out.
    public static func starts(from start: Date, to end: Date, minutes: Int) -> [Date] {
        guard minutes > 0, end > start else { return [] }
        var starts: [Date] = []
        var at = start
        while at.addingTimeInterval(Double(minutes) * 60) <= end {
            starts.append(at)
            at = at.addingTimeInterval(Double(minutes) * 60)
        }
        return starts
    }
}
