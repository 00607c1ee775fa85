import Foundation

/// No messages between 22:00 and 08:00 Riyadh time unless urgent (a sign-in code, for instance) ([P-4]: reach her
/// at a decent hour).
public enum QuietHours {
    public static let startHour = 22
    public static let endHour = 8

    /// `now` when a message may go now; otherwise the end hour (08:00) of the coming morning in Riyadh. Equal start
    /// and end hours mean no quiet hours.
    public static func nextAllowed(after now: Date, urgent: Bool, start: Int = startHour, end: Int = endHour) -> Date {
        guard !urgent, start != end else { return now }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        let hour = calendar.component(.hour, from: now)
        let quiet = start > end ? (hour >= start || hour < end) : (hour >= start && hour < end)
        guard quiet else { return now }
        let day = start > end && hour >= start ? calendar.date(byAdding: .day, value: 1, to: now)! : now
        return calendar.date(bySettingHour: end, minute: 0, second: 0, of: day)!
    }
}

/// Why a send failed, and whether trying again can help.
public enum DeliveryFailure: Error, Equatable, Sendable {
    /// The provider refused the message itself (bad number, bad template): retrying would fail the same way.
    case permanent(String)
    /// The provider or the network failed for now (5xx, 429, timeout): retry later.
    case transient(String)

    public var isPermanent: Bool {
        if case .permanent = self { return true }
        return false
    }

    public var reason: String {
        switch self {
        case .permanent(let text), .transient(let text): text
        }
    }

    /// What an HTTP answer means for a message; nil for success.
    public static func classify(status: Int, body: String) -> DeliveryFailure? {
        switch status {
        case 200..<300: nil
        case 408, 425, 429: .transient("HTTP \(status)")
        case 400..<500: .permanent("HTTP \(status): \(body.prefix(200))")
        default: .transient("HTTP \(status)")
        }
    }
}

/// Fills an SMS gateway's request body, written by the administrator as JSON with placeholders such as
/// {"to":"{to}","from":"{sender}","text":"{text}","reference":"{id}"}. Values are JSON-escaped, so a message
/// with quotes or new lines cannot break the body.
public enum GatewayTemplate {
    public static func render(_ template: String, _ values: [String: String]) -> String {
        var body = template
        for (key, value) in values { body = body.replacingOccurrences(of: "{\(key)}", with: escape(value)) }
        return body
    }

    static func escape(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}

/// A simple limit of messages per second for one provider: the time the next message may start.
public struct SendRate: Sendable {
    public let perSecond: Double
    public private(set) var nextSlot: Date = .distantPast

    public init(perSecond: Double) { self.perSecond = perSecond }

    /// Reserves the next slot at or after `now` and returns how long to wait before sending.
    public mutating func reserve(now: Date) -> TimeInterval {
        guard perSecond > 0 else { return 0 }
        let slot = max(now, nextSlot)
        nextSlot = slot.addingTimeInterval(1 / perSecond)
        return slot.timeIntervalSince(now)
    }
}
