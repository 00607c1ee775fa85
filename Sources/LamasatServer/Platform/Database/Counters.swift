import Fluent
import SQLKit

/// A counter's value written with at least `width` digits, as on printed numbers: 000123.
func zeroPadded(_ value: Int64, width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// Gap-free numbers (file numbers, tracking numbers) taken inside the caller's transaction, so a rolled-back record
/// does not use one up and two instances never hand out the same one.
enum Counters {
    static func next(_ name: String, on db: any Database) async throws -> Int64 {
        struct Row: Decodable { let value: Int64 }
        guard let row = try await db.sql.raw(
            "UPDATE counters SET value = value + 1 WHERE name = \(bind: name) RETURNING value"
        ).first(decoding: Row.self) else { throw FluentError.noResults }
        return row.value
    }

    /// Takes `count` numbers at once, for a batch: the last of them (the first is `last - count + 1`).
    static func take(_ count: Int, of name: String, on db: any Database) async throws -> Int64 {
        struct Row: Decodable { let value: Int64 }
        guard let row = try await db.sql.raw(
            "UPDATE counters SET value = value + \(bind: count) WHERE name = \(bind: name) RETURNING value"
        ).first(decoding: Row.self) else { throw FluentError.noResults }
        return row.value
    }
}
