import Foundation

/// An opaque cursor for keyset pagination on `(created_at, id)`, newest first: the last row of a page, as
/// base64url. The time is kept as its exact seconds so that the next page starts right after that row.
enum APICursor {
    static let defaultLimit = 25
    static let maxLimit = 100

    static func encode(date: Date, id: UUID) -> String {
        let plain = "\(date.timeIntervalSince1970.bitPattern)|\(id.uuidString)"
        return Data(plain.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// nil for no cursor (the first page); a cursor this server did not make is a 400 `badCursor`.
    static func decode(_ s: String?) throws -> (Date, UUID)? {
        guard let s, !s.isEmpty else { return nil }
        var base64 = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard s.count <= 200, let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8) else { throw bad }
        let parts = plain.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 2, let bits = UInt64(parts[0]), let id = UUID(uuidString: String(parts[1])) else { throw bad }
        let seconds = Double(bitPattern: bits)
        guard seconds.isFinite else { throw bad }
        return (Date(timeIntervalSince1970: seconds), id)
    }

    /// The page size asked for, kept within 1…100; 25 when not asked.
    static func limit(_ requested: Int?) -> Int {
        guard let requested else { return defaultLimit }
        return min(max(requested, 1), maxLimit)
    }

    private static var bad: APIProblem { APIProblem(status: .badRequest, slug: "badCursor") }
}
