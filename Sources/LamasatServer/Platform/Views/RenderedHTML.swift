import Leaf
import Vapor

/// HTML that Leaf rendered from a template, where every `#(value)` was escaped: the only kind of text a page may
/// embed unescaped (`#unsafeHTML`). It cannot be made from a plain string, so user-entered text cannot reach
/// `#unsafeHTML` without going through a template first.
struct RenderedHTML: Encodable, Sendable {
    private let html: String

    private init(html: String) {
        self.html = html
    }

    static let empty = RenderedHTML(html: "")

    /// `template` rendered with `context` for this request.
    static func render(_ template: String, _ context: some Encodable, for req: Request) async throws -> RenderedHTML {
        RenderedHTML(html: String(buffer: try await req.leaf.render(path: template, context: context).get()))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(html)
    }
}
