import Foundation
import Vapor

/// The pages' form validation, as the API's 422. Form code localizes through `req.t`, and the API middleware sets
/// the request's language from Accept-Language, so the messages are already in the caller's language.
enum APIValidation {
    static func problem(_ errors: FieldErrors) -> APIProblem {
        APIProblem.invalid(errors)
    }

    /// Throws the 422 when the form refused anything.
    static func check(_ errors: FieldErrors) throws {
        guard errors.isEmpty else { throw problem(errors) }
    }
}
