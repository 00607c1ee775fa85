import Foundation
import SQLKit
@testable import LamasatServer

/// Every row of every table in a migrated SQLite database, as text that stays the same from one run to the next:
/// generated UUIDs become `<id>` or `<table:label>` (so a reference still says what it points at), times and the
/// audit key's tag become their storage type, long texts their length and SHA-256. Rows are sorted, tables in name order.
enum SeedDump {
    static func lines(of db: any SQLDatabase) async throws -> [String] {
        struct Name: Decodable { let name: String }
        let tables = try await db.raw("""
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
            AND name NOT LIKE 'beneficiary_names%' AND name <> '_fluent_migrations' ORDER BY name
            """).all(decoding: Name.self).map(\.name)
        var rows: [String: [[(column: String, value: String)]]] = [:]
        for table in tables {
            let columns = try await db.raw("SELECT name FROM pragma_table_info(\(bind: table)) ORDER BY cid").all(decoding: Name.self).map(\.name)
            // quote() writes any value as an SQL literal; a time, or a tag under the run's random key, only its type.
            let select = columns.map { "\(isMasked($0) ? "typeof" : "quote")(\"\($0)\") AS \"\($0)\"" }.joined(separator: ", ")
            rows[table] = try await db.raw("SELECT \(unsafeRaw: select) FROM \(ident: table)").all().map { row in
                try columns.map { ($0, try row.decode(column: $0, as: String.self)) }
            }
        }
        // A generated id is named by its table and its first column that is not an id (a code, a name, a version).
        var labels: [String: String] = [:]
        for (table, tableRows) in rows {
            for row in tableRows where row.first?.column == "id" && isUUID(row[0].value) {
                labels[row[0].value] = "<\(table):\(row.dropFirst().first { !isUUID($0.value) }?.value ?? "")>"
            }
        }
        return tables.flatMap { table -> [String] in
            let rendered = rows[table, default: []].map { row in
                row.map { "\($0.column)=\(render($0, labels))" }.joined(separator: " | ")
            }.sorted()
            return ["\(table) (\(rendered.count))"] + rendered.map { "  " + $0 }
        }
    }

    private static func isMasked(_ column: String) -> Bool { column == "at" || column.hasSuffix("_at") || column == "keyed_tag" }

    private static func isUUID(_ literal: String) -> Bool {
        literal.hasPrefix("'") && literal.hasSuffix("'") && UUID(uuidString: String(literal.dropFirst().dropLast())) != nil
    }

    private static func render(_ cell: (column: String, value: String), _ labels: [String: String]) -> String {
        if cell.column == "id", isUUID(cell.value) { return "<id>" }
        if let label = labels[cell.value] { return label }
        if cell.value.count > 200 { return "<\(cell.value.count) chars, sha256 \(sha256Hex(Data(cell.value.utf8)).prefix(16))>" }
        return cell.value
    }
}
