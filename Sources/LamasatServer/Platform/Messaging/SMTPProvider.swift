import Foundation
import LamasatCore

/// E-mail through the SMTP client; the message's subject and body, to the recipient's address.
struct SMTPProvider: MessageProvider {
    let name = "smtp"
    let client: SMTPClient
    let gate: RateGate

    func send(_ message: OutboxMessage) async throws {
        try await gate.wait()
        try await client.send(SMTPClient.Mail(to: message.recipient, subject: message.subject, body: message.body,
                                              id: message.idempotencyKey, date: message.createdAt))
    }
}
