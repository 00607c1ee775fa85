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
        // A write past a file-size limit (RLIMIT_FSIZE) then fails with EFBIG, answered like a full disk, instead of
        // the signal ending the process.
        signal(SIGXFSZ, SIG_IGN)
        var env = Environment(name: config.environment.rawValue, arguments: CommandLine.arguments)
        try LoggingSystem.bootstrap(from: &env)
        let app = try await Application.make(env)
        let arguments = Array(env.arguments.dropFirst())
        let serving = arguments.isEmpty || arguments.first == "serve"
        await report(app) {
            if arguments.first == "restore" {
                // Before anything opens (and migrates) the database that the backup is to replace.
                app.asyncCommands.use(RestoreCommand(config: config), as: "restore")
                try await app.execute()
                return
            }
            // Held until the process ends: `lamasat restore` refuses to replace the file while a server uses it.
            var lock: ServerLock?
            if serving, case .sqliteFile = config.database { lock = try ServerLock(in: config.dataDirectory, for: .serving) }
            try await configure(app, config: config)
            app.asyncCommands.use(UserCommand(), as: "user")
            app.asyncCommands.use(DemoDataCommand(), as: "demo")
            app.asyncCommands.use(BackupCommand(), as: "backup")
            app.asyncCommands.use(RestoreCommand(config: config), as: "restore")
            app.asyncCommands.use(BenchmarkDataCommand(), as: "bench-data")
            app.asyncCommands.use(BenchmarkSearchCommand(), as: "bench-search")
            app.asyncCommands.use(OutboxFillCommand(), as: "outbox-fill")
            app.asyncCommands.use(AuditCommand(), as: "audit")
            app.asyncCommands.use(CountsCommand(), as: "counts")
            app.asyncCommands.use(ImportCommand(), as: "import")
            app.asyncCommands.use(APITokenCommand(), as: "api-token")
            try await app.autoMigrate()
            if serving {
                if config.runsWorker { app.lifecycle.use(JobWorkerLifecycle()) }
                try await FirstAdminSetup.announceIfNeeded(app)
            }
            try await app.execute()
            withExtendedLifetime(lock) {}
        }
        try await app.asyncShutdown()
    }

    /// Runs the command; a failure is printed plainly with a failing status: an unknown command or a failed start is
    /// not a crash.
    private static func report(_ app: Application, _ body: () async throws -> Void) async {
        do {
            try await body()
        } catch {
            if let problem = error as? CommandProblem {
                FileHandle.standardError.write(Data("error: \(problem)\n".utf8))
            } else {
                app.logger.report(error: error)
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
            try? await app.asyncShutdown()
            exit(1)
        }
    }
}
