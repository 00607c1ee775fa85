import Vapor

/// Turns every error into a localized page (or JSON for API callers) that names the problem in plain words and
/// never shows a stack trace, SQL, or a file path. Unexpected errors are logged with an id the user can quote.
/// A refusal whose page says why in the reader's language (a localization key), not only the status's general words.
struct RefusedWithReason: AbortError {
    let status: HTTPResponseStatus
    let messageKey: String
    var reason: String { messageKey }
}

struct ErrorPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            let response = try await next.respond(to: request)
            // A change was saved: the database writes again.
            if request.method != .GET, request.method != .HEAD, response.status.code < 400, request.lamasat.storageHealth.hasFailed {
                request.lamasat.storageHealth.recovered()
            }
            return response
        } catch {
            return await render(error, for: request)
        }
    }

    static let knownStatuses: Set<UInt> = [400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503]

    private func render(_ error: any Error, for request: Request) async -> Response {
        let abort = error as? any AbortError
        var status = abort?.status ?? .internalServerError
        if status.code >= 500 || abort == nil {
            status = abort?.status.code == 503 ? .serviceUnavailable : .internalServerError
        }
        // Every database connection stayed busy longer than the pool waits, or another writer held the database: the
        // server is overloaded, not broken, nothing of this request was saved, and the same request a few seconds
        // later will likely pass.
        let busy = error is ConnectionPoolTimeoutError || StorageHealth.isLockContention(error)
        // The disk is full or the database is out of reach: nothing of this request was saved (its transaction rolled
        // back), and the same request will pass once space or the database is back.
        let cannotSave = !busy && StorageHealth.isStorageFailure(error)
        if busy || cannotSave { status = .serviceUnavailable }
        let incident = String(UUID().uuidString.prefix(8))
        if busy {
            request.logger.warning("database busy: no connection within the pool's wait", metadata: ["incident": .string(incident)])
        } else if cannotSave {
            request.lamasat.storageHealth.failed()
            request.logger.error("database cannot save", metadata: [
                "incident": .string(incident), "reason": .string(StorageHealth.reason(error)),
            ])
        } else if status.code >= 500 {
            request.logger.error("unexpected error", metadata: [
                "incident": .string(incident), "type": .string(String(reflecting: type(of: error))),
            ])
            request.logger.debug("unexpected error detail", metadata: ["incident": .string(incident), "error": "\(String(reflecting: error))"])
        }
        let code = Self.knownStatuses.contains(status.code) ? status.code : (status.code >= 500 ? 500 : 400)
        let key = cannotSave ? "error.cannotSave" : "error.\(code)"
        let title = request.t("\(key).title")
        let message = (error as? RefusedWithReason).map { request.t($0.messageKey) } ?? request.t("\(key).message")
        var headers = HTTPHeaders()
        if let abortHeaders = abort?.headers, status == .tooManyRequests || status == .methodNotAllowed {
            for (name, value) in abortHeaders where name.lowercased() == "retry-after" { headers.add(name: name, value: value) }
        }
        if busy { headers.replaceOrAdd(name: "Retry-After", value: "5") }
        if cannotSave { headers.replaceOrAdd(name: "Retry-After", value: "60") }

        if request.prefersJSON {
            headers.contentType = .json
            let body = (try? JSONEncoder().encode(["error": message, "incident": status.code >= 500 ? incident : ""])) ?? Data()
            return Response(status: status, headers: headers, body: .init(data: body))
        }
        let context = ErrorPageView(
            page: PageContext(request, title: title), code: code, title: title, message: message,
            incident: status.code >= 500 ? incident : nil, signedIn: request.staff != nil)
        do {
            let view = try await request.render("errors/error", context)
            let response = try await view.encodeResponse(status: status, headers: headers, for: request)
            return response
        } catch {
            headers.contentType = .plainText
            return Response(status: status, headers: headers, body: .init(string: "\(title)\n\(message)"))
        }
    }
}

struct ErrorPageView: Encodable {
    let page: PageContext
    let code: UInt
    let title: String
    let message: String
    let incident: String?
    let signedIn: Bool
}

extension Request {
    /// True when the caller asked for JSON by name and not for HTML (wildcards do not count).
    var prefersJSON: Bool {
        let accepted = headers.accept.map { "\($0.mediaType.type)/\($0.mediaType.subType)" }
        return accepted.contains("application/json") && !accepted.contains("text/html")
    }
}
