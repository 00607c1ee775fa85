import Foundation
import LamasatCore
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL

/// A small SMTP client on SwiftNIO: EHLO, STARTTLS (required unless turned off), AUTH PLAIN, one message in UTF-8.
/// Replies 4xx are transient failures, 5xx permanent; a connection that fails or stalls is transient.
struct SMTPClient: Sendable {
    struct Settings: Sendable, Equatable {
        var host: String
        var port: Int
        var username: String?
        var password: String?
        var from: String
        var fromName: String
        /// STARTTLS before authenticating; only a local relay may do without.
        var startTLS = true
        /// Trust roots other than the system's (a private CA), as a PEM file.
        var caFile: String?
        var timeoutSeconds: Int64 = 15
    }

    struct Mail: Sendable {
        var to: String
        var subject: String
        var body: String
        /// Becomes the Message-ID, so a resend after a crash is recognisable as the same message.
        var id: String
        var date: Date
    }

    let settings: Settings

    func send(_ mail: Mail) async throws {
        // A recipient or sender that is not one plain address could carry CR/LF into the SMTP dialogue or the
        // headers ("v@t.sa>\r\nDATA…"): refused for good, before any connection is made.
        guard EmailAddress(mail.to)?.value == mail.to, EmailAddress(settings.from)?.value == settings.from,
              !settings.fromName.contains(where: { $0.isNewline || $0.unicodeScalars.contains { CharacterSet.controlCharacters.contains($0) } })
        else { throw DeliveryFailure.permanent("smtp: address refused") }
        do {
            try await deliver(mail)
        } catch let failure as DeliveryFailure {
            throw failure
        } catch {
            throw DeliveryFailure.transient("smtp: \(String(describing: type(of: error)))")
        }
    }

    private func deliver(_ mail: Mail) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(settings.timeoutSeconds))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let settings = self.settings
        // A server that stalls is cut off: closing the channel ends the reading below with "connection closed".
        let deadline = channel.channel.eventLoop.scheduleTask(in: .seconds(settings.timeoutSeconds * 4)) { channel.channel.close(promise: nil) }
        defer { deadline.cancel() }
        try await channel.executeThenClose { inbound, outbound in
            var lines = inbound.makeAsyncIterator()
            func reply(expecting codes: Set<Int>) async throws -> String {
                var text = ""
                while true {
                    guard var buffer = try await lines.next() else {
                        throw DeliveryFailure.transient("smtp: connection closed")
                    }
                    let line = buffer.readString(length: buffer.readableBytes) ?? ""
                    text += line + "\n"
                    guard line.count >= 3, let code = Int(line.prefix(3)) else { throw DeliveryFailure.transient("smtp: bad reply") }
                    if line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == "-" { continue }
                    guard codes.contains(code) else {
                        throw code >= 500 ? DeliveryFailure.permanent("smtp \(line)") : DeliveryFailure.transient("smtp \(line)")
                    }
                    return text
                }
            }
            func say(_ command: String) async throws { try await outbound.write(ByteBuffer(string: command + "\r\n")) }

            _ = try await reply(expecting: [220])
            try await say("EHLO lamasat")
            var capabilities = try await reply(expecting: [250])
            if settings.startTLS {
                guard capabilities.uppercased().contains("STARTTLS") else { throw DeliveryFailure.permanent("smtp: the server offers no STARTTLS") }
                try await say("STARTTLS")
                _ = try await reply(expecting: [220])
                var tls = TLSConfiguration.makeClientConfiguration()
                if let caFile = settings.caFile { tls.trustRoots = .file(caFile) }
                let context = try NIOSSLContext(configuration: tls)
                let handler = try NIOSSLClientHandler(context: context, serverHostname: settings.host)
                try await channel.channel.pipeline.addHandler(handler, position: .first).get()
                try await say("EHLO lamasat")
                capabilities = try await reply(expecting: [250])
            }
            if let user = settings.username, let password = settings.password {
                let token = Data("\0\(user)\0\(password)".utf8).base64EncodedString()
                try await say("AUTH PLAIN \(token)")
                _ = try await reply(expecting: [235])
            }
            try await say("MAIL FROM:<\(settings.from)>")
            _ = try await reply(expecting: [250])
            try await say("RCPT TO:<\(mail.to)>")
            _ = try await reply(expecting: [250, 251])
            try await say("DATA")
            _ = try await reply(expecting: [354])
            try await outbound.write(ByteBuffer(string: Self.message(mail, settings: settings)))
            _ = try await reply(expecting: [250])
            try await say("QUIT")
        }
    }

    /// The message in UTF-8: encoded-word headers and a base64 body, so Arabic survives every relay.
    static func message(_ mail: Mail, settings: Settings) -> String {
        func word(_ text: String) -> String { "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?=" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = DualCalendarFormatter.riyadh
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let body = Data(mail.body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let safeID = mail.id.filter { $0.isLetter || $0.isNumber || "-:.".contains($0) }
        return [
            "From: \(word(settings.fromName)) <\(settings.from)>",
            "To: <\(mail.to)>",
            "Subject: \(word(mail.subject))",
            "Date: \(formatter.string(from: mail.date))",
            "Message-ID: <\(safeID)@lamasat>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            body,
            ".",
            "",
        ].joined(separator: "\r\n")
    }
}

