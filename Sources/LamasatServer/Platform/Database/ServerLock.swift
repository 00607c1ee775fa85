import Foundation

/// `<data>/server.lock`, held with `flock` by every server serving the SQLite file in that folder (shared: several may)
/// and by `lamasat restore` (exclusive) while it replaces the file. The kernel drops the lock when its process ends,
/// however it ends (kill -9 included), so a lock is never left behind by a crash, unlike a pid file.
final class ServerLock: Sendable {
    let path: String
    private let descriptor: Int32

    enum Mode { case serving, restoring }

    static func path(in dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("server.lock").path
    }

    /// Takes the lock without waiting, or refuses when a holder of the other kind has it.
    init(in dataDirectory: String, for mode: Mode) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        path = Self.path(in: dataDirectory)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CommandProblem("cannot open \(path)") }
        if flock(descriptor, (mode == .serving ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0 {
            close(descriptor)
            throw CommandProblem(mode == .serving
                ? "a restore is replacing the database (it holds \(path)); start the server when it has finished"
                : "a Lamasat server is using this database (it holds \(path)); stop it before restoring")
        }
    }

    deinit { close(descriptor) }
}
