import Vapor

/// A list page: its filters (search box first), one page of rows (nil when empty, for Leaf's `#if`) and the paging.
struct FilteredList<Row: Encodable>: Encodable {
    let page: PageContext
    let filters: [FormField]
    let rows: [Row]?
    let paging: Paging
}

extension Request {
    /// A list's filters as they came in the address (`?q=…&status=…`), trimmed, "" for each one absent.
    func listFilters(_ names: [String]) -> [String: String] {
        names.reduce(into: [String: String]()) { $0[$1] = (query[String.self, at: $1] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
    }
}
