import Fluent
import Vapor

/// The `lamasat` executable: read the configuration, set up, migrate, then run the command (serving by default).
public enum LamasatMain {
    public static func run() async throws {
        let config: AppConfig
        do {
            config = try AppConfig.load(from: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(78)  // EX_CONFIG
        }
        var env = Environment(name: config.environment.rawValue, arguments: CommandLine.arguments)
        try LoggingSystem.bootstrap(from: &env)
        let app = try await Application.make(env)
        do {
            try await configure(app, config: config)
            app.asyncCommands.use(UserCommand(), as: "user")
            app.asyncCommands.use(DemoDataCommand(), as: "demo")
            app.asyncCommands.use(BackupCommand(), as: "backup")
            app.asyncCommands.use(BenchmarkDataCommand(), as: "bench-data")
            app.asyncCommands.use(BenchmarkSearchCommand(), as: "bench-search")
            app.asyncCommands.use(OutboxFillCommand(), as: "outbox-fill")
            app.asyncCommands.use(AuditCommand(), as: "audit")
            try await app.autoMigrate()
            let arguments = Array(env.arguments.dropFirst())
            if arguments.isEmpty || arguments.first == "serve" {
                if config.runsWorker { app.lifecycle.use(JobWorkerLifecycle()) }
                try await FirstAdminSetup.announceIfNeeded(app)
            }
            try await app.execute()
        } catch {
            if let problem = error as? CommandProblem {
                FileHandle.standardError.write(Data("error: \(problem)\n".utf8))
                try? await app.asyncShutdown()
                exit(1)
            }
            // Printed plainly and with a failing status: an unknown command or a failed start is not a crash.
            app.logger.report(error: error)
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            try? await app.asyncShutdown()
            exit(1)
        }
        try await app.asyncShutdown()
    }
}
