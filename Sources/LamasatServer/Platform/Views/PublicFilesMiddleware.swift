import Vapor

/// Vapor's FileMiddleware (the files under Public/), except that a path the file system refuses to look up — a part
/// longer than a file name may be, or a path through a file such as /css/app.css/x — is no file, so the routes
/// answer it (a 404, or the page it names) instead of the lookup's error ending in a 500.
struct PublicFilesMiddleware: AsyncMiddleware {
    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let routes = MarkingResponder(next: next)
        do {
            return try await files.respond(to: request, chainingTo: routes)
        } catch let error where !(error is any AbortError) && request.storage[ReachedRoutesKey.self] == nil {
            // The error is the lookup's own (the routes were never asked): no file has this name.
            return try await next.respond(to: request)
        }
    }

    /// Notes that the request went on to the routes, so that their errors are never mistaken for the lookup's.
    private struct MarkingResponder: AsyncResponder {
        let next: any AsyncResponder

        func respond(to request: Request) async throws -> Response {
            request.storage[ReachedRoutesKey.self] = true
            return try await next.respond(to: request)
        }
    }

    private struct ReachedRoutesKey: StorageKey {
        typealias Value = Bool
    }
}
