import Fluent
import SQLKit
import Vapor

/// `lamasat audit verify`: recomputes the keyed chain and names the first broken entry (exit 1 when broken).
/// `lamasat audit anchor`: prints the chain head (sequence and hash) to keep outside the database — on paper, in
/// another system — so that a rewritten trail, even one re-chained with a stolen key, no longer matches it.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify or anchor") var action: String
        init() {}
    }

    var help: String { "Verifies the audit trail's HMAC chain, or prints its head hash to keep outside the database." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "verify":
            let result = try await AuditChain.verify(key: app.lamasat.secrets.audit, on: app.db)
            if let broken = result.firstBrokenSequence {
                throw CommandProblem("audit trail broken at entry \(broken) (\(result.checked) entries verified before it)")
            }
            context.console.print("audit trail intact: \(result.checked) entries")
        case "anchor":
            struct Head: Decodable { let last_sequence: Int64; let last_hash: String }
            guard let head = try await app.db.sql.raw("SELECT last_sequence, last_hash FROM audit_chain_head WHERE id = 1")
                .first(decoding: Head.self)
            else { throw CommandProblem("the audit chain head is missing") }
            let time = ISO8601DateFormatter().string(from: app.lamasat.clock.now())
            context.console.print("audit anchor \(time) sequence=\(head.last_sequence) hash=\(head.last_hash)")
        default:
            throw CommandProblem("audit: the action must be verify or anchor")
        }
    }
}
