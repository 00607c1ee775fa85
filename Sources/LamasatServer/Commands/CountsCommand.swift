import Fluent
import Vapor

/// `lamasat counts check`: recomputes the request counts the reports read from the records and says whether the kept
/// ones agree (exit 1 when not). `lamasat counts rebuild`: replaces them with the recomputed ones — after rows were
/// changed outside the application (an import by hand, a repair). Both hold the counts still while they work (actions
/// on requests wait, at 300,000 requests for about half a minute). Both are audited.
struct CountsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "check or rebuild") var action: String
        init() {}
    }

    var help: String { "Checks the request counts the reports read against the records, or rebuilds them." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let now = app.lamasat.clock.now()
        switch signature.action {
        case "check":
            let differing = try await RequestCounts.differences(on: app.db)
            try await AuditChain.append(.init(actorName: "console", action: "counts.checked", outcome: differing == 0 ? .success : .failure,
                                              detail: "rows differing: \(differing)"), at: now, key: app.lamasat.secrets.audit, on: app.db)
            guard differing == 0 else {
                throw CommandProblem("request counts differ from the records in \(differing) rows; run `lamasat counts rebuild`")
            }
            context.console.print("request counts match the records")
        case "rebuild":
            try await RequestCounts.rebuild(on: app.db)
            try await AuditChain.append(.init(actorName: "console", action: "counts.rebuilt", outcome: .success, detail: nil),
                                        at: now, key: app.lamasat.secrets.audit, on: app.db)
            context.console.print("request counts rebuilt from the records")
        default:
            throw CommandProblem("counts: the action must be check or rebuild")
        }
    }
}
