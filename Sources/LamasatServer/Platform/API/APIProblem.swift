import Foundation
import LamasatCore
import OpenAPIRuntime
import Vapor

/// An API error as RFC 9457 problem details, with a title in the caller's language (`Accept-Language`).
struct APIProblem: Error, Sendable {
    let status: HTTPResponseStatus
    /// A localization key: `api.problem.<slug>`; the slug is also the problem's type.
    let slug: String
    var detail: String?
    /// Field → localized message, for a request that failed validation.
    var errors: [String: String] = [:]
    var headers: HTTPHeaders = [:]

    static func invalid(_ errors: [String: String]) -> APIProblem {
        APIProblem(status: .unprocessableEntity, slug: "invalid", errors: errors)
    }

    static let mediaType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])

    struct Body: Content {
        let type: String
        let title: String
        let status: Int
        let detail: String?
        let instance: String?
        let errors: [String: String]?
    }

    /// Any error thrown on an API route, as the problem the caller receives. Nothing internal leaks: an unexpected
    /// error is a 500 with a generic title, logged here with its detail.
    static func from(_ error: any Error, request: Request) -> APIProblem {
        switch error {
        case let problem as APIProblem:
            return problem
        case let server as ServerError:
            // The generated server wraps the handler's error, or says the request did not fit the contract.
            if server.underlyingError is APIProblem || server.underlyingError is any AbortError {
                return from(server.underlyingError, request: request)
            }
            return APIProblem(status: .badRequest, slug: "badRequest", detail: String(describing: server.underlyingError).prefix(300).description)
        case let abort as any AbortError:
            let slug = switch abort.status {
            case .unauthorized: "unauthorized"
            case .forbidden: "forbidden"
            case .notFound: "notFound"
            case .conflict: "conflict"
            case .preconditionFailed: "preconditionFailed"
            case .preconditionRequired: "preconditionRequired"
            case .tooManyRequests: "tooManyRequests"
            case .payloadTooLarge: "payloadTooLarge"
            case .unsupportedMediaType: "unsupportedMediaType"
            case .methodNotAllowed: "methodNotAllowed"
            case .unprocessableEntity: "invalid"
            default: abort.status.code < 500 ? "badRequest" : "internal"
            }
            return APIProblem(status: abort.status.code < 400 ? .badRequest : abort.status, slug: slug)
        case is DecodingError:
            return APIProblem(status: .badRequest, slug: "badRequest")
        default:
            request.logger.report(error: error)
            return APIProblem(status: .internalServerError, slug: "internal")
        }
    }

    func response(for request: Request) -> Response {
        // `APIMiddleware` set the request's language from Accept-Language before anything could fail.
        let language = request.language
        let body = Body(type: "https://lamasat.example/problems/\(slug)",
                        title: request.lamasat.localizer.text("api.problem.\(slug)", language, []),
                        status: Int(status.code), detail: detail, instance: request.url.path,
                        errors: errors.isEmpty ? nil : errors)
        var headers = headers
        headers.contentType = Self.mediaType
        headers.replaceOrAdd(name: .contentLanguage, value: language.rawValue)
        let data = (try? JSONEncoder.api.encode(body)) ?? Data()
        return Response(status: status, headers: headers, body: .init(data: data))
    }
}

extension Language {
    /// The first of Arabic or English the caller's `Accept-Language` names; Arabic when it names neither.
    static func fromAcceptLanguage(_ header: String?) -> Language {
        for part in (header ?? "").split(separator: ",") {
            let tag = part.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            if tag.hasPrefix("en") { return .en }
            if tag.hasPrefix("ar") { return .ar }
        }
        return .ar
    }
}

extension JSONEncoder {
    /// The API's JSON: sorted keys so equal content is equal bytes (ETags), ISO 8601 dates.
    static let api: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}
