import Foundation

/// One table of a report as plain values, built before anything is rendered: the page shows it as HTML and the
/// export writes the same value as XLSX or CSV, so a figure cannot differ between the screen and the download.
struct ReportTable: Sendable {
    enum Cell: Sendable { case text(String), number(Int), money(Decimal), percent(Double?), date(Date?), empty }
    struct Column: Sendable { let title: String }
    let id: String          // used in URLs: /reports/requests/export/<id>.xlsx
    let title: String
    let columns: [Column]
    let rows: [[Cell]]
}
