import Fluent
import Foundation

/// A unit of background work in the database-backed queue. Claimed with a lease so a crashed worker's job is
/// picked up again when the lease runs out.
final class Job: Model, @unchecked Sendable {
    static let schema = "jobs"

    enum Status: String, Codable, CaseIterable, Sendable {
        case queued, running, done, failed
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "payload") var payload: String
    @Field(key: "status") var status: Status
    @Field(key: "attempts") var attempts: Int
    @Field(key: "max_attempts") var maxAttempts: Int
    @Field(key: "run_at") var runAt: Date
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "locked_by") var lockedBy: String?
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(kind: String, payload: String, runAt: Date, maxAttempts: Int, now: Date) {
        self.id = UUID()
        self.kind = kind
        self.payload = payload
        self.status = .queued
        self.attempts = 0
        self.maxAttempts = maxAttempts
        self.runAt = runAt
        self.createdAt = now
        self.updatedAt = now
    }
}

/// Thrown by a job handler that may not run before `until` (a message in quiet hours); the job waits, untried.
struct JobPostponed: Error {
    let until: Date
}
