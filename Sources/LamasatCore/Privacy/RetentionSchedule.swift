import Foundation

/// What the retention schedule covers (issue 20): each kind of record is anonymised a number of months after its
/// last activity, once the administrator approved the batch that lists it. Statistics stay; the person goes.
public enum RetentionKind: String, CaseIterable, Codable, Sendable {
    /// Closed files, their documents, family, requests' texts, messages and signatures: months after the last service.
    case closedFiles
    /// Applicants never registered whose requests all ended (rejected, withdrawn, cancelled) or who never asked.
    case unregisteredApplicants
    /// What she typed when registering online (ID, mobile, her answers), months after an officer reviewed it.
    case onlineRegistrations
    /// The recipient and text of messages sent (the outbox), months after they were queued.
    case sentMessages
    /// The spreadsheets staff imported (whole lists of people) and their lists of problem rows, months after the
    /// import ended or was left unfinished.
    case importFiles

    public var localizationKey: String { "retention.kind.\(rawValue)" }

    /// Whether the kind's items are listed one by one in a batch (a file may be kept back with a reason); the others
    /// are counted, and go by their cut-off date.
    public var isItemised: Bool { self == .closedFiles || self == .unregisteredApplicants }

    /// The association's starting schedule, before the administrator sets her own.
    public var defaultMonths: Int {
        switch self {
        case .closedFiles: 60
        case .unregisteredApplicants: 24
        case .onlineRegistrations: 12
        case .sentMessages: 24
        case .importFiles: 3
        }
    }
}

public enum RetentionRules {
    /// One month at least (nothing goes the day it ends), fifty years at most.
    public static let allowedMonths = 1...600

    /// A file kept back at an approval is not proposed again for this many months.
    public static let keptMonths = 12

    /// The last moment of activity that is old enough to go: `months` calendar months before `now` (Riyadh).
    public static func cutoff(months: Int, now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        return calendar.date(byAdding: .month, value: -months, to: now) ?? now
    }

    /// The request states after which nothing more happens to an unregistered applicant's request.
    public static let endedRequestStates: [SupportRequestStatus] = [.rejected, .withdrawn, .cancelled]
}
