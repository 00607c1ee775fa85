import Fluent
import LamasatCore
import Vapor

/// The library entries that apply to a screen (intake, verification, research, committee, inquiries, complaints),
/// so each is one click away where it is needed ([P-17]).
struct LibraryLink: Encodable {
    let title: String
    let path: String

    static func `for`(_ screen: String, req: Request) async throws -> [LibraryLink]? {
        let documents = try await LibraryDocument.query(on: req.db).sort(\.$sortOrder).all()
        return try documents.filter { document in document.screens.split(separator: ",").map { String($0).trimmingWhitespace() }.contains(screen) }
            .map { LibraryLink(title: $0.name(in: req.language), path: "/library/\(try $0.requireID().uuidString)") }.nonEmpty
    }
}
