import Foundation
import LamasatCore
import Vapor

/// A readable page of the contract at /api/v1/docs: the operations of the served openapi.json grouped by tag, with
/// their parameters and responses. Public, like the contract itself; no script, no CDN.
struct APIDocsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("api", "v1", "docs") { try await self.page(req: $0) }.declare(.public)
    }

    struct Parameter: Encodable {
        let name: String
        let location: String
        let required: Bool
        let description: String
    }

    struct Reply: Encodable {
        let status: String
        let description: String
    }

    struct Operation: Encodable {
        let method: String
        let path: String
        let summary: String
        let parameters: [Parameter]
        let body: String?
        let responses: [Reply]
    }

    struct Group: Encodable {
        let tag: String
        let description: String
        let operations: [Operation]
    }

    struct DocsView: Encodable {
        let page: PageContext
        let title: String
        let description: String
        let groups: [Group]
    }

    func page(req: Request) async throws -> View {
        // The page follows the reader's chosen language (the API itself follows Accept-Language).
        if let lang = req.query[String.self, at: "lang"] { req.language = Language(tag: lang) }
        let data = try Data(contentsOf: URL(fileURLWithPath: req.application.directory.resourcesDirectory + "API/openapi.json"))
        let spec = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        let info = spec["info"] as? [String: Any] ?? [:]
        return try await req.render("api/docs", DocsView(
            page: PageContext(req, title: req.t("apiDocs.title")), title: info["title"] as? String ?? "",
            description: info["description"] as? String ?? "", groups: Self.groups(spec)))
    }

    static func groups(_ spec: [String: Any]) -> [Group] {
        let components = spec["components"] as? [String: Any] ?? [:]
        func resolve(_ object: [String: Any]) -> [String: Any] {
            guard let ref = object["$ref"] as? String else { return object }
            let parts = ref.split(separator: "/").dropFirst().map(String.init)  // "#", "components", kind, name
            guard parts.count == 3, let kind = components[parts[1]] as? [String: Any] else { return object }
            return kind[parts[2]] as? [String: Any] ?? object
        }
        var byTag: [String: [Operation]] = [:]
        let paths = spec["paths"] as? [String: Any] ?? [:]
        for path in paths.keys.sorted() {
            guard let item = paths[path] as? [String: Any] else { continue }
            let shared = (item["parameters"] as? [[String: Any]]) ?? []
            for method in ["get", "post", "put", "patch", "delete"] {
                guard let op = item[method] as? [String: Any] else { continue }
                let parameters = (shared + ((op["parameters"] as? [[String: Any]]) ?? [])).map(resolve).map {
                    Parameter(name: $0["name"] as? String ?? "", location: $0["in"] as? String ?? "",
                              required: $0["required"] as? Bool ?? false, description: $0["description"] as? String ?? "")
                }
                let body = ((op["requestBody"] as? [String: Any])?["content"] as? [String: Any])?.keys.sorted().joined(separator: ", ")
                let responses = (op["responses"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map {
                    Reply(status: $0.key, description: resolve($0.value as? [String: Any] ?? [:])["description"] as? String ?? "")
                }
                let tag = (op["tags"] as? [String])?.first ?? ""
                byTag[tag, default: []].append(Operation(method: method.uppercased(), path: path, summary: op["summary"] as? String ?? "",
                                                         parameters: parameters, body: body, responses: responses))
            }
        }
        let tags = (spec["tags"] as? [[String: Any]] ?? []).compactMap { tag -> (String, String)? in
            (tag["name"] as? String).map { ($0, tag["description"] as? String ?? "") }
        }
        let known = Set(tags.map(\.0))
        return (tags + byTag.keys.filter { !known.contains($0) }.sorted().map { ($0, "") }).compactMap { name, description in
            byTag[name].map { Group(tag: name, description: description, operations: $0) }
        }
    }
}
