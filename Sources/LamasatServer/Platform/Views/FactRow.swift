/// One labelled fact on a page ("National ID: 1…"); `dir` is "ltr" for numbers and Latin text in Arabic pages.
struct FactRow: Encodable, Sendable {
    let label: String
    let value: String
    let dir: String?
    /// Where the value leads, when it names another record.
    var link: String? = nil
}
