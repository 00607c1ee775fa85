import Fluent
import Vapor

/// Group commit for the audit trail. Every page view of her data writes an audit row; one transaction (and one
/// flush to disk) per row made the trail the bottleneck of every signed-in page. Rows that arrive while a batch is
/// being written wait for the next one, which takes them all: the order of arrival is the order of the chain, and
/// each caller still returns only once its row is committed, so no page is shown whose view is not on the trail.
actor AuditWriter {
    /// Bound variables per statement stay well under SQLite's and PostgreSQL's limits.
    static let largestBatch = 500

    private var waiting: [(event: AuditChain.Event, time: Date, done: CheckedContinuation<Void, any Error>)] = []
    private var writing = false

    func append(_ event: AuditChain.Event, at time: Date, key: SymmetricKey, on db: any Database) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            waiting.append((event, time, done))
            guard !writing else { return }
            writing = true
            Task { await self.drain(key: key, on: db) }
        }
    }

    private func drain(key: SymmetricKey, on db: any Database) async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(Self.largestBatch))
            waiting.removeFirst(batch.count)
            do {
                try await AuditChain.append(batch.map { ($0.event, $0.time) }, key: key, on: db)
                for row in batch { row.done.resume() }
            } catch {
                for row in batch { row.done.resume(throwing: error) }
            }
        }
        writing = false
    }
}
