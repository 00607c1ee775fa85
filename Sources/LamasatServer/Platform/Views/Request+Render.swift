import Leaf
import Vapor

extension Request {
    /// Renders a Leaf template. Goes through `req.leaf` rather than `req.view`: the latter rebuilds Leaf's renderer
    /// on every request and, in development, writes to the cache shared by all event loops each time.
    func render(_ template: String, _ context: some Encodable) async throws -> View {
        View(data: try await leaf.render(path: template, context: context).get())
    }

    /// Papers handed to the beneficiary or filed (letters, minutes, forms) are printed in Arabic, whatever the
    /// staff member's screen language, unless English is asked for with `?lang=en`.
    func printLanguage() {
        language = query[String.self, at: "lang"] == "en" ? .en : .ar
    }
}
