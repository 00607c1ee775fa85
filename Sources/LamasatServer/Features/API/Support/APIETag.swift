import Foundation

/// Optimistic locking over HTTP: a record's ETag is its id and version, and an update must send the one it read.
enum APIETag {
    static func of(id: UUID, version: Int) -> String {
        "\"\(id.uuidString.lowercased())-\(version)\""
    }

    /// No `If-Match` is 428; one that is not the record's current ETag is 412 (someone changed it since).
    static func require(ifMatch: String?, id: UUID, version: Int) throws {
        guard let ifMatch = ifMatch?.trimmingCharacters(in: .whitespaces), !ifMatch.isEmpty else {
            throw APIProblem(status: .preconditionRequired, slug: "preconditionRequired")
        }
        let current = of(id: id, version: version)
        let sent = ifMatch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard sent.contains(current) || sent.contains("*") else {
            throw APIProblem(status: .preconditionFailed, slug: "preconditionFailed")
        }
    }
}
