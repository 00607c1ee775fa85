import Fluent
import Foundation
import Vapor

/// The volunteers a volunteer-service contact may name ([P-16] channel 6, issue 17), supplied by the volunteers
/// feature at start-up so that contacts never name it.
protocol ContactVolunteerDirectory: Sendable {
    /// The active volunteers of `branch`.
    func choices(branch: UUID, on db: any Database) async throws -> [ContactVolunteer]
    /// "name (number)" of each of `ids` that exists.
    func labels(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String]
}

struct ContactVolunteer: Sendable {
    let id: UUID
    let label: String
}

extension Application {
    private struct ContactVolunteersKey: StorageKey { typealias Value = Registry<any ContactVolunteerDirectory> }

    var contactVolunteers: Registry<any ContactVolunteerDirectory> { registry(ContactVolunteersKey.self) }
}

extension Registry where Element == any ContactVolunteerDirectory {
    func choices(branch: UUID, on db: any Database) async throws -> [ContactVolunteer] {
        var found: [ContactVolunteer] = []
        for directory in all { found += try await directory.choices(branch: branch, on: db) }
        return found
    }

    func labels(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var found: [UUID: String] = [:]
        for directory in all { found.merge(try await directory.labels(ids, on: db)) { first, _ in first } }
        return found
    }
}
