import Fluent
import Foundation
import LamasatCore
import Vapor

/// Takes one inbound message or receipt in one transaction: claims its provider id in the inbound log (a replay
/// stops there), applies it, stores its media, and writes down what it became.
enum InboundIntake {
    /// A media file fetched from the provider: accepted as an upload would be, or refused with the reason.
    enum Media: Sendable {
        case accepted(name: String, kind: UploadedFileKind, bytes: [UInt8])
        case refused(String)
    }

    static func alreadyReceived(provider: String, id: String, on db: any Database) async throws -> Bool {
        try await InboundMessage.query(on: db).filter(\.$provider == provider).filter(\.$providerMessageID == id).first() != nil
    }

    static func message(_ incoming: InboundRouter.Incoming, media: Media?, req: Request) async throws {
        let now = req.now, key = req.lamasat.secrets.audit
        try await req.db.writeTransaction { db in
            guard let row = try await InboundLog.claim(provider: incoming.provider, id: incoming.messageID, sender: incoming.sender,
                                                       kind: media == nil ? .text : .media, at: now, on: db) else { return }
            let outcome = try await InboundRouter.route(incoming, now: now, auditKey: key, on: db)
            var result = outcome.result, note = ""
            switch media {
            case .accepted(let name, let kind, let bytes):
                if let owner = outcome.owner {
                    try await StoredFile(owner: owner, name: name, kind: kind, bytes: bytes, by: InboundRouter.gatewayActor, at: now).create(on: db)
                }
            case .refused(let reason):
                // Her message still reaches the officer; only the file is left out, and the log says why.
                (result, note) = (outcome.result == .stop ? .stop : .mediaRefused, reason)
            case nil: break
            }
            try await InboundLog.settle(row, result, id: outcome.id, note: note, on: db)
        }
    }

    static func receipt(provider: String, messageID: String, status: DeliveryReceipts.Status, reason: String, req: Request) async throws {
        let now = req.now, logger = req.logger
        try await req.db.writeTransaction { db in
            // One row per message and status: "delivered" then "read" are two receipts, each applied once.
            guard let row = try await InboundLog.claim(provider: provider, id: "\(messageID):\(status.rawValue)", sender: "", kind: .status, at: now, on: db)
            else { return }
            let updated = try await DeliveryReceipts.apply(providerMessageID: messageID, status: status, reason: reason, at: now, logger: logger, on: db)
            try await InboundLog.settle(row, updated == nil ? .ignored : .receipt, id: updated, note: status.rawValue + (reason.isEmpty ? "" : ": \(reason)"), on: db)
        }
    }
}
