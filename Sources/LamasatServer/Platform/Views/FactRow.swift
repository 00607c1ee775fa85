/// One labelled fact on a page ("National ID: 1…"); `dir` is "ltr" for numbers and Latin text in Arabic pages.
struct FactRow: Encodable, Sendable {
    let label: String
    let value: String
    let dir: String?
    /// Where the value leads, when it names another record.
    var link: String? = nil
}

extension FactRow {
    /// A fact in the page's own direction.
    init(label: String, value: String) { self.init(label: label, value: value, dir: nil) }
}

/// One step of a record's way shown as its own form (a breach notified, a rights request decided): where it posts,
/// its heading, its fields and its button. `key` ends the form's id, "step-<key>". Rendered by partials/step-forms.
struct StepForm: Encodable {
    let key: String
    let title: String
    let action: String
    let fields: [FormField]
    let button: String
}
