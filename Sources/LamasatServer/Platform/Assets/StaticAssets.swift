import Crypto
import Foundation
import Leaf
import Vapor

/// The files under `Public/`, each also reachable under a name that carries a hash of its content
/// (`/css/app.3f2a9c1b0d.css`). Pages link to those names, so a browser may keep them for a year: a changed file
/// gets a new name. The plain names still answer (bookmarks, old pages), revalidated on every use.
struct StaticAssets: Sendable {
    /// "css/app.css" → "/css/app.<hash>.css"
    let fingerprinted: [String: String]
    /// "/css/app.<hash>.css" → absolute path of the file on disk
    let files: [String: String]

    static let cacheControl = "public, max-age=31536000, immutable"

    init(publicDirectory: String) {
        var fingerprinted: [String: String] = [:]
        var files: [String: String] = [:]
        let root = URL(fileURLWithPath: publicDirectory)
        let names = (FileManager.default.enumerator(atPath: publicDirectory)?.allObjects as? [String]) ?? []
        for name in names {
            let file = root.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: file.path) else { continue }
            let hash = SHA256.hash(data: data).prefix(5).map { String(format: "%02x", $0) }.joined()
            let ext = (name as NSString).pathExtension
            let stem = ext.isEmpty ? name : String(name.dropLast(ext.count + 1))
            let published = "/\(stem).\(hash)" + (ext.isEmpty ? "" : ".\(ext)")
            fingerprinted[name] = published
            files[published] = file.path
        }
        self.fingerprinted = fingerprinted
        self.files = files
    }

    /// The fingerprinted address of a file under `Public/`; a name that is not there stays as asked (and 404s).
    func path(_ name: String) -> String {
        let relative = name.hasPrefix("/") ? String(name.dropFirst()) : name
        return fingerprinted[relative] ?? "/" + relative
    }
}

/// `#asset("css/app.css")` in a template: the file's fingerprinted address.
struct AssetTag: LeafTag {
    let assets: StaticAssets

    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let name = ctx.parameters.first?.string else { throw Abort(.internalServerError, reason: "#asset needs a file name") }
        return .string(assets.path(name))
    }
}

/// Serves the fingerprinted names with a year-long cache; everything else goes on to `FileMiddleware` and routes.
struct FingerprintedAssetMiddleware: AsyncMiddleware {
    let assets: StaticAssets

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.GET, .HEAD].contains(request.method), let file = assets.files[request.url.path] else {
            return try await next.respond(to: request)
        }
        let response = try await request.fileio.asyncStreamFile(at: file, advancedETagComparison: true)
        response.headers.replaceOrAdd(name: .cacheControl, value: StaticAssets.cacheControl)
        return response
    }
}
