import Foundation
import LamasatCore

/// A list's rows in batches, for async code: a thread of its own reads the file (the readers are synchronous SAX and
/// block reads) and waits while two batches are unread, so memory stays at two batches whatever the file's size.
final class RowFeed: @unchecked Sendable {
    struct Row: Sendable {
        let number: Int
        let cells: [String]
    }

    let batches: AsyncThrowingStream<[Row], any Error>
    private let continuation: AsyncThrowingStream<[Row], any Error>.Continuation
    private let room = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    private var stopped = false

    init(url: URL, sheet: Int, batchSize: Int) {
        (batches, continuation) = AsyncThrowingStream.makeStream(of: [Row].self)
        Thread.detachNewThread { [self] in
            var batch: [Row] = []
            do {
                try SpreadsheetSource.rows(of: url, sheet: sheet) { number, cells in
                    batch.append(Row(number: number, cells: cells))
                    guard batch.count >= batchSize else { return true }
                    return hand(&batch)
                }
                if !batch.isEmpty { _ = hand(&batch) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }

    private func hand(_ batch: inout [Row]) -> Bool {
        room.wait()
        if isStopped { return false }
        continuation.yield(batch)
        batch = []
        return true
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// The consumer finished a batch: the reader may read another.
    func consumed() { room.signal() }

    /// The consumer wants no more: the reader stops at its next batch.
    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        room.signal()
        room.signal()
    }

    /// The first row of a sheet: its headers.
    static func headers(url: URL, sheet: Int) throws -> [String] {
        var headers: [String]?
        try SpreadsheetSource.rows(of: url, sheet: sheet) { _, cells in
            headers = cells
            return false
        }
        guard let headers else { throw SpreadsheetSource.Problem.empty }
        return headers
    }
}
