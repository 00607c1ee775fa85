import Fluent
import LamasatCore
import Vapor

/// One field of a generic form, rendered by Resources/Views/partials/field.leaf with its label, hint and error
/// tied together for screen readers. The first field in error gets the focus, without JavaScript.
struct FormField: Encodable {
    struct Option: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    let name: String
    var label: String
    var kind: String = "text"
    var value: String = ""
    var hint: String?
    var error: String?
    var required: Bool = false
    var autocomplete: String?
    var inputmode: String?
    var dir: String?
    var options: [Option] = []
    var checked: Bool = false
    var autofocus: Bool = false
    var maxlength: Int?
    var min: String?
    var max: String?
    /// A file box's accepted types.
    var accept: String?
    /// Tells apart the same form repeated on one page (one per row, per visit, per agenda item): it ends the ids.
    let key: String?
    /// Spans the whole row of a grid form.
    var wide: Bool = false
    /// The element's id: "field-" and the name, then the key when there is one.
    let id: String
    /// Filled by `prepared()`: the ids of the hint and error that describe the field.
    var describedBy: String?

    init(name: String, label: String, kind: String = "text", value: String = "", hint: String? = nil, error: String? = nil, required: Bool = false,
         autocomplete: String? = nil, inputmode: String? = nil, dir: String? = nil, options: [Option] = [], checked: Bool = false,
         autofocus: Bool = false, maxlength: Int? = nil, min: String? = nil, max: String? = nil, key: String? = nil, wide: Bool = false) {
        (self.name, self.label, self.kind, self.value, self.hint, self.error, self.required) = (name, label, kind, value, hint, error, required)
        (self.autocomplete, self.inputmode, self.dir, self.options, self.checked, self.autofocus) = (autocomplete, inputmode, dir, options, checked, autofocus)
        (self.maxlength, self.min, self.max, self.key, self.wide) = (maxlength, min, max, key, wide)
        id = ["field", name.replacingOccurrences(of: "[]", with: ""), key].compactMap { $0 }.joined(separator: "-")
    }
}

extension Array where Element == FormField {
    /// Ties each field to its hint and error, and puts the focus on the first field in error.
    func prepared() -> [FormField] {
        var fields = self
        for index in fields.indices {
            let field = fields[index]
            let ids = [field.hint == nil ? nil : "\(field.id)-hint", field.error == nil ? nil : "\(field.id)-error"].compactMap { $0 }
            fields[index].describedBy = ids.isEmpty ? nil : ids.joined(separator: " ")
        }
        if let first = fields.firstIndex(where: { $0.error != nil }) { fields[first].autofocus = true }
        return fields
    }
}

extension FormField {
    /// A list filter: a select whose first choice, "all", leaves the list unfiltered.
    static func filter(_ req: Request, name: String, label: String, selected: String, choices: [(value: String, label: String)]) -> FormField {
        filter(req, name: name, label: label, selected: selected,
               options: choices.map { Option(value: $0.value, label: $0.label, selected: $0.value == selected) })
    }

    private static func filter(_ req: Request, name: String, label: String, selected: String, options: [Option]) -> FormField {
        FormField(name: name, label: label, kind: "select", options: [Option(value: "", label: req.t("list.all"), selected: selected.isEmpty)] + options)
    }
}

extension FormField {
    /// A list filter by a record (a branch, a category, a support type), named in the page's language.
    static func filter<M: Model & BilingualNamed>(_ req: Request, name: String, label: String, selected: String, records: [M]) -> FormField
    where M.IDValue == UUID {
        filter(req, name: name, label: label, selected: selected, options: Option.records(records, selected: selected) { $0.name(in: req.language) })
    }

    /// A file box for what the association keeps on paper: a PDF or a photo (StoredFiles checks the bytes).
    static func upload(_ req: Request, name: String, label: String, hint: String? = nil, error: String? = nil, required: Bool = false,
                       key: String? = nil, accept: String = "application/pdf,image/jpeg,image/png") -> FormField {
        var field = FormField(name: name, label: label, kind: "file", hint: hint, error: error, required: required, key: key)
        field.accept = accept
        return field
    }

    /// A list's search box ("q").
    static func search(_ req: Request, value: String, label: String? = nil, hint: String? = nil, dir: String? = nil, maxlength: Int = 100) -> FormField {
        FormField(name: "q", label: label ?? req.t("list.search"), kind: "search", value: value, hint: hint, autocomplete: "off", dir: dir,
                  maxlength: maxlength, wide: true)
    }
}

extension FormField {
    /// The filter by one of the eight channels, used by every list of contacts and cases.
    static func channelFilter(_ req: Request, selected: ContactChannel?) -> FormField {
        filter(req, name: "channel", label: req.t("request.field.channel"), selected: selected?.rawValue ?? "",
               choices: ContactChannel.allCases.map { ($0.rawValue, req.t($0.localizationKey)) })
    }
}

extension FormField {
    /// An optional e-mail typed on any form, staff or public: empty, or one strict address (`EmailAddress`).
    static func isPlausibleEmail(_ email: String) -> Bool {
        email.isEmpty || EmailAddress(email)?.value == email
    }
}

extension Array {
    /// Nil for an empty list: Leaf's `#if` treats every array, even an empty one, as true.
    var nonEmpty: Self? { isEmpty ? nil : self }
}

/// Field errors of a submitted form, keyed by field name, already localized.
typealias FieldErrors = [String: String]

extension Request {
    /// The value of a text field of the submitted form, trimmed ("" when absent).
    func formText(_ name: String) -> String {
        ((try? content.get(String.self, at: name)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A password field exactly as typed.
    func formSecret(_ name: String) -> String {
        (try? content.get(String.self, at: name)) ?? ""
    }

    /// The values of a repeated field (`name[]`: check-box groups), trimmed, empty ones dropped.
    func formTexts(_ name: String) -> [String] {
        ((try? content.get([String].self, at: name)) ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    func formCheckbox(_ name: String) -> Bool {
        let value = formText(name)
        return value == "on" || value == "true" || value == "1"
    }
}

extension FormField.Option {
    /// The empty first choice of a select that has no default: "choose…".
    static func choose(_ req: Request) -> FormField.Option {
        FormField.Option(value: "", label: req.t("form.choose"), selected: false)
    }

    /// Records offered by id (staff, branches, catalog entries), labelled as the caller says; a record not yet
    /// saved has no id and cannot be chosen, so it is not offered.
    static func records<M: Model>(_ records: [M], selected: String?, label: (M) -> String) -> [FormField.Option] where M.IDValue == UUID {
        records.compactMap { record in
            guard let id = record.id?.uuidString else { return nil }
            return FormField.Option(value: id, label: label(record), selected: id == selected)
        }
    }

    /// The choices of a coded value, labelled in the page's language; `selected` is the raw value chosen.
    static func choices<T: LocalizedChoice>(_ values: some Sequence<T>, selected: String?, _ req: Request) -> [FormField.Option] {
        values.map { FormField.Option(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0.rawValue == selected) }
    }
}
