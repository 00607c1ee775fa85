import Fluent
import LamasatCore
import Vapor

/// Page links for a filtered list; the filters travel in the links so paging keeps them.
struct Paging: Encodable {
    let page: Int
    let pageCount: Int
    let total: Int
    let summary: String
    let previous: String?
    let next: String?
    /// The list's download buttons (`ListExport`), with the same filter, when the list offers them.
    let exports: ListExport.Links?

    static let defaultSize = 25

    /// The page asked for in `?page=` (Arabic-Indic digits accepted), at least 1.
    static func requestedPage(_ req: Request) -> Int {
        max(1, min(ArabicDigits.parseInt(req.query[String.self, at: "page"] ?? "1") ?? 1, 100_000))
    }

    init(_ req: Request, total: Int, page: Int, size: Int = Paging.defaultSize, path: String, filters: [String: String],
         exports: Bool = false) {
        self.exports = exports ? ListExport.Links(path: path, filters: filters) : nil
        self.total = total
        self.page = page
        pageCount = max(1, (total + size - 1) / size)
        summary = req.t("paging.summary", String(min(page, pageCount)), String(pageCount), String(total))
        func link(_ target: Int) -> String {
            var components = URLComponents()
            components.path = path
            components.queryItems = filters.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
                .map { URLQueryItem(name: $0.key, value: $0.value) } + [URLQueryItem(name: "page", value: String(target))]
            return components.string ?? path
        }
        previous = page > 1 ? link(min(page - 1, pageCount)) : nil
        next = page < pageCount ? link(page + 1) : nil
    }
}

extension QueryBuilder {
    /// One page of results and the total count of the filtered query.
    func page(_ page: Int, size: Int = Paging.defaultSize) async throws -> (items: [Model], total: Int) {
        let total = try await self.copy().count()
        let items = try await self.copy().range(((page - 1) * size)..<(page * size)).all()
        return (items, total)
    }
}
