import Testing
import Vapor
@testable import LamasatServer

/// The one field partial every form renders through: labels tied to inputs, hints and errors announced, and the
/// same form repeated on a page (one per row) without clashing ids.
@Suite("Form fields")
struct FormFieldTests {
    private struct Page: Encodable { let fields: [FormField] }

    private func render(_ fields: [FormField], in t: TestContext) async throws -> String {
        let view = try await t.app.view.render("partials/fields", Page(fields: fields.prepared())).get()
        return String(buffer: view.data)
    }

    @Test("a keyed field's label, hint and error carry the key, and the first field in error takes the focus")
    func keyedField() async throws {
        try await withLamasat { t in
            let html = try await render([
                FormField(name: "note", label: "Note", hint: "Short", key: "row7"),
                FormField(name: "amount", label: "Amount", error: "Too much", key: "row7"),
            ], in: t)
            #expect(html.contains(#"<label for="field-note-row7">Note"#))
            #expect(html.contains(#"id="field-note-row7" name="note""#))
            #expect(html.contains(#"aria-describedby="field-note-row7-hint""#))
            #expect(html.contains(#"<p class="hint" id="field-note-row7-hint">Short</p>"#))
            #expect(html.contains(#"aria-describedby="field-amount-row7-error" aria-invalid="true" autofocus"#))
            #expect(!html.contains(#"id="field-note""#))
        }
    }

    @Test("radios and check boxes are a fieldset with a legend, one labelled input per choice")
    func groups() async throws {
        try await withLamasat { t in
            let options = [FormField.Option(value: "a", label: "Alef", selected: false), FormField.Option(value: "b", label: "Beh", selected: true)]
            let html = try await render([
                FormField(name: "answer", label: "Your answer", kind: "radios", error: "Choose one", required: true, options: options),
                FormField(name: "for[]", label: "Required for", kind: "checkboxes", options: options, key: "t1"),
            ], in: t)
            #expect(html.contains(#"<legend>Your answer <span class="req" aria-hidden="true">*</span></legend>"#))
            #expect(html.contains(#"<input type="radio" id="field-answer-0" name="answer" value="a" required aria-invalid="true" autofocus><label for="field-answer-0">Alef</label>"#))
            #expect(html.contains(#"<input type="radio" id="field-answer-1" name="answer" value="b" checked required aria-invalid="true"><label for="field-answer-1">Beh</label>"#))
            #expect(html.contains(#"<p class="error" id="field-answer-error">Choose one</p>"#))
            #expect(html.contains(#"<input type="checkbox" id="field-for-t1-1" name="for[]" value="b" checked><label for="field-for-t1-1">Beh</label>"#))
        }
    }

    @Test("records are offered by their id, the chosen one selected")
    func records() async throws {
        try await withLamasat { t in
            let branches = try await Branch.query(on: t.app.db).all()
            let chosen = try #require(branches.first).requireID().uuidString
            let options = FormField.Option.records(branches, selected: chosen) { $0.code }
            #expect(options.count == branches.count)
            #expect(options.filter(\.selected).map(\.value) == [chosen])
        }
    }
}
