import Fluent
import LamasatCore
import Vapor

/// Runs due jobs inside the server process. `runDueJobs` is what tests call directly; `start` loops it while the
/// server runs.
struct JobWorker: Sendable {
    let application: Application
    var backoff: RetryBackoff = .standard
    var pollInterval: Duration = .seconds(2)

    /// Runs jobs until none is due; returns how many ran.
    @discardableResult
    func runDueJobs(limit: Int = 100) async throws -> Int {
        let services = application.lamasat
        var ran = 0
        while ran < limit {
            let db = application.db
            guard let job = try await JobQueue.claim(worker: services.instanceID, now: services.clock.now(), on: db) else { break }
            ran += 1
            let logger = application.logger
            guard let handler = services.jobs.handler(for: job.kind) else {
                try await JobQueue.fail(job, error: "no handler for \(job.kind)", backoff: backoff, now: services.clock.now(), on: db)
                continue
            }
            do {
                try await handler(JobContext(job: job, db: db, application: application, logger: logger))
                try await JobQueue.complete(job, now: services.clock.now(), on: db)
            } catch let wait as JobPostponed {
                try await JobQueue.postpone(job, until: wait.until, now: services.clock.now(), on: db)
            } catch {
                logger.warning("job failed", metadata: ["kind": .string(job.kind), "job": .string(job.id?.uuidString ?? ""),
                                                       "attempt": .stringConvertible(job.attempts)])
                try await JobQueue.fail(job, error: String(describing: error), backoff: backoff, now: services.clock.now(), on: db)
            }
        }
        services.metrics.setQueueDepth(try await JobQueue.queuedCount(on: application.db))
        return ran
    }

    /// Every registered periodic task once; one that fails is logged and does not stop the others.
    func runPeriodicTasks() async {
        for task in application.lamasat.jobs.periodicTasks {
            do {
                try await task.run(application, application.lamasat.clock.now())
            } catch {
                application.logger.error("periodic task failed", metadata: ["task": .string(task.name),
                                                                            "type": .string(String(reflecting: type(of: error)))])
            }
        }
    }
}

/// Starts the worker loop when the server boots and stops it on shutdown.
final class JobWorkerLifecycle: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?

    func didBootAsync(_ application: Application) async throws {
        let worker = JobWorker(application: application)
        task = Task {
            do {
                let released = try await JobQueue.releaseLeasesOfEndedProcesses(
                    host: ProcessInfo.processInfo.hostName, now: application.lamasat.clock.now(), on: application.db)
                if released > 0 { application.logger.notice("released \(released) jobs held by ended processes of this machine") }
            } catch {
                application.logger.error("releasing leases of ended processes failed", metadata: ["type": .string(String(reflecting: type(of: error)))])
            }
            var lastHousekeeping = ContinuousClock.now - Housekeeping.interval
            while !Task.isCancelled {
                do {
                    try await worker.runDueJobs()
                } catch {
                    application.logger.error("job worker pass failed", metadata: ["type": .string(String(reflecting: type(of: error)))])
                }
                if ContinuousClock.now - lastHousekeeping >= Housekeeping.interval {
                    lastHousekeeping = ContinuousClock.now
                    await worker.runPeriodicTasks()
                }
                try? await Task.sleep(for: worker.pollInterval)
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        await task?.value
    }
}
