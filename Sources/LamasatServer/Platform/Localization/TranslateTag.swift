import LamasatCore
import Leaf
import Vapor
import LeafKit

/// `#t("key")` or `#t("key", value)` in a template: the text in the request's language, escaped like `#(x)`.
struct TranslateTag: LeafTag {
    let localizer: Localizer

    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else {
            throw Abort(.internalServerError, reason: "#t needs a localization key")
        }
        let language = ctx.request?.language ?? .default
        let arguments = ctx.parameters.dropFirst().map { $0.string ?? "" }
        return .string(localizer.text(key, language, Array(arguments)))
    }
}
