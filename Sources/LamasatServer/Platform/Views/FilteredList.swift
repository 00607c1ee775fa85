import Vapor

/// A list page: its filters (search box first), one page of rows (nil when empty, for Leaf's `#if`) and the paging.
struct FilteredList<Row: Encodable>: Encodable {
    let page: PageContext
    let filters: [FormField]
    let rows: [Row]?
    let paging: Paging
}
