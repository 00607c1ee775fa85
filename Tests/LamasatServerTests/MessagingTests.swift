import Fluent
import Foundation
import LamasatCore
import NIOConcurrencyHelpers
import Testing
import Vapor
@testable import LamasatServer

/// Passes messages to the real provider, then fails as if the process died before recording the send — for the
/// first `count` messages. The retry sends again with the same idempotency key.
final class CrashAfterSend: MessageProvider, @unchecked Sendable {
    let name = "crash-after-send"
    let inner: any MessageProvider
    private let remaining: NIOLockedValueBox<Int>
    init(_ inner: any MessageProvider, count: Int) {
        self.inner = inner
        remaining = .init(count)
    }
    func send(_ message: OutboxMessage) async throws {
        try await inner.send(message)
        let crash = remaining.withLockedValue { count -> Bool in
            guard count > 0 else { return false }
            count -= 1
            return true
        }
        if crash { throw Abort(.internalServerError, reason: "process ended before the send was recorded") }
    }
}

@Suite("Messaging: SMS and WhatsApp providers, retries, quiet hours, consent", .serialized)
struct MessagingTests {
    static func settings(_ fake: FakeGateway, timeout: Int64 = 5) -> MessagingConfig {
        var config = MessagingConfig()
        config.sms = .init(url: fake.url + "/sms/send", token: "gateway-secret", user: nil, password: nil, sender: "LAMASAT",
                           bodyTemplate: MessagingConfig.defaultSMSBody, perSecond: 0)
        config.whatsapp = .init(baseURL: fake.url + "/wa", phoneNumberID: "10203040", token: "wa-token", template: "lamasat_notice",
                                language: "ar", perSecond: 0)
        config.timeoutSeconds = timeout
        config.inboundToken = "inbound-secret"
        return config
    }

    /// Runs the fake gateway around a test application that uses the real providers against it.
    static func withGateway(timeout: Int64 = 5, _ body: (TestContext, FakeGateway) async throws -> Void) async throws {
        let fake = try await FakeGateway.start()
        do {
            try await withLamasat(messaging: settings(fake, timeout: timeout)) { t in try await body(t, fake) }
        } catch {
            try? await fake.stop()
            throw error
        }
        try await fake.stop()
    }

    static func queue(_ t: TestContext, _ key: String, channel: MessageChannel = .sms, beneficiary: UUID? = nil, urgent: Bool = false) async throws -> OutboxMessage {
        try await Outbox.enqueue(Outbox.Draft(channel: channel, recipient: "+966501234567", subject: "تجربة", body: "أهلًا \"نورة\"، طلبك قيد الدراسة",
                                              idempotencyKey: key, urgent: urgent, beneficiaryID: beneficiary), now: t.clock.now(), on: t.db)
    }

    static func drain(_ t: TestContext) async throws {
        while try await JobWorker(application: t.app).runDueJobs() > 0 {}
    }

    @Test("the SMS gateway gets the configured JSON body, the token and the idempotency key; the message is sent")
    func smsSuccess() async throws {
        try await Self.withGateway { t, fake in
            let message = try await Self.queue(t, "k-1")
            try await Self.drain(t)
            let request = try #require(fake.received.first)
            #expect(request.path == "/sms/send")
            #expect(request.headers.first(name: .authorization) == "Bearer gateway-secret")
            #expect(request.headers.first(name: "Idempotency-Key") == "k-1")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: String])
            #expect(json == ["to": "+966501234567", "from": "LAMASAT", "text": "أهلًا \"نورة\"، طلبك قيد الدراسة", "reference": "k-1"])
            let stored = try #require(try await OutboxMessage.find(message.id, on: t.db))
            #expect(stored.status == .sent && stored.provider == "sms-gateway" && stored.attempts == 1)
        }
    }

    @Test("a 4xx fails the message at once without retries; a 5xx is retried later and then sent once")
    func failures() async throws {
        try await Self.withGateway { t, fake in
            fake.answer(.badRequest)
            let refused = try await Self.queue(t, "k-400")
            try await Self.drain(t)
            var stored = try #require(try await OutboxMessage.find(refused.id, on: t.db))
            #expect(stored.status == .failed && stored.lastError?.contains("400") == true)
            #expect(try await Job.query(on: t.db).filter(\.$status == .queued).count() == 0)
            #expect(fake.received.count == 1)

            fake.answer(.serverError)
            let retried = try await Self.queue(t, "k-503")
            try await Self.drain(t)
            stored = try #require(try await OutboxMessage.find(retried.id, on: t.db))
            #expect(stored.status == .queued && stored.lastError == "HTTP 503")
            fake.answer(.ok)
            t.clock.advance(by: 3600)
            try await Self.drain(t)
            stored = try #require(try await OutboxMessage.find(retried.id, on: t.db))
            #expect(stored.status == .sent && stored.attempts == 2)
            #expect(fake.deliveries["k-503"] == 1)
        }
    }

    @Test("a provider that does not answer in time is a transient failure, retried later")
    func timeout() async throws {
        try await Self.withGateway(timeout: 1) { t, fake in
            fake.answer(.hang)
            let message = try await Self.queue(t, "k-slow")
            try await Self.drain(t)
            let stored = try #require(try await OutboxMessage.find(message.id, on: t.db))
            #expect(stored.status == .queued && stored.lastError?.hasPrefix("no answer") == true)
        }
    }

    @Test("WhatsApp goes to the Cloud API as a template message; an authorization error fails it for good")
    func whatsapp() async throws {
        try await Self.withGateway { t, fake in
            let message = try await Self.queue(t, "wa-1", channel: .whatsapp)
            try await Self.drain(t)
            let request = try #require(fake.received.first)
            #expect(request.path == "/wa/10203040/messages")
            #expect(request.headers.first(name: .authorization) == "Bearer wa-token")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
            #expect(json["messaging_product"] as? String == "whatsapp" && json["to"] as? String == "966501234567" && json["type"] as? String == "template")
            let template = try #require(json["template"] as? [String: Any])
            #expect(template["name"] as? String == "lamasat_notice")
            #expect(try await OutboxMessage.find(message.id, on: t.db)?.provider == "whatsapp-cloud")
            fake.answer(.badRequest)
            let refused = try await Self.queue(t, "wa-2", channel: .whatsapp)
            try await Self.drain(t)
            #expect(try await OutboxMessage.find(refused.id, on: t.db)?.status == .failed)
        }
    }

    @Test("no messages between 22:00 and 08:00 Riyadh unless urgent")
    func quietHours() async throws {
        try await withLamasat { t in
            // 1_795_600_000 is 12:46 in Riyadh; move to 23:14.
            t.clock.advance(by: (10 * 60 + 28) * 60)
            let evening = try await Self.queue(t, "late")
            let urgent = try await Self.queue(t, "code", urgent: true)
            try await Self.drain(t)
            #expect(t.provider.sentIDs == [urgent.id!])
            let job = try #require(try await Job.query(on: t.db).filter(\.$payload == evening.id!.uuidString).first())
            #expect(WorkingCalendar().dayString(job.runAt) == "2026-11-26")
            #expect(job.runAt == QuietHours.nextAllowed(after: t.clock.now(), urgent: false))
            t.clock.advance(by: 9 * 3600)
            try await Self.drain(t)
            #expect(Set(t.provider.sentIDs) == [urgent.id!, evening.id!])
        }
    }

    @Test("her preferred channel and her stop are respected; a STOP reply to the gateway stops messages")
    func consent() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            try await officer.get("/beneficiaries/\(file)?tab=interactions")
            #expect(try await officer.post("/beneficiaries/\(file)/messages/preferences", ["channel": "whatsapp"]).status == .seeOther)
            let preferred = try await Self.queue(t, "pref", beneficiary: file)
            #expect(preferred.channel == .whatsapp)
            // The gateway forwards her reply "إيقاف" (with the hamza) to the webhook.
            let gateway = t.browser()
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "application/json")
            let body = #"{"from":"0501234567","text":" إيقاف "}"#
            #expect(try await gateway.send(.POST, "/webhooks/sms", headers: headers, body: body).status == .unauthorized)
            headers.replaceOrAdd(name: "X-Lamasat-Token", value: "wrong")
            #expect(try await gateway.send(.POST, "/webhooks/sms", headers: headers, body: body).status == .unauthorized)
            t.app.lamasat.messaging.inboundToken = "inbound-secret"
            headers.replaceOrAdd(name: "X-Lamasat-Token", value: "inbound-secret")
            #expect(try await gateway.send(.POST, "/webhooks/sms", headers: headers, body: #"{"from":"0559999999","text":"stop"}"#).status == .ok)
            #expect(try await gateway.send(.POST, "/webhooks/sms", headers: headers, body: body).status == .ok)
            #expect(try await MessagePreference.of(file, on: t.db)?.optedOut == true)
            let stopped = try await Self.queue(t, "after-stop", beneficiary: file)
            #expect(stopped.status == .skipped && stopped.lastError == "opted out")
            try await Self.drain(t)
            #expect(!t.provider.sentIDs.contains(stopped.id!))
            let tab = try await officer.get("/beneficiaries/\(file)?tab=interactions")
            #expect(tab.contains("الرسائل موقوفة") && tab.contains("لم تُرسل"))
            // Wrong role and other branch.
            let (committee, _) = try await t.signedIn(as: .committeeMember)
            #expect(try await committee.post("/beneficiaries/\(file)/messages/preferences", ["channel": "sms"]).status == .forbidden)
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            #expect(try await other.post("/beneficiaries/\(file)/messages/preferences", ["channel": "sms"]).status == .notFound)
        }
    }

    @Test("1,000 messages, two workers, 100 sends that 'crash' before being recorded: each delivered exactly once")
    func exactlyOnce() async throws {
        try await Self.withGateway { t, fake in
            t.app.lamasat.messageProvider = CrashAfterSend(t.app.lamasat.messageProvider, count: 100)
            for index in 0..<1000 { _ = try await Self.queue(t, "bulk-\(index)") }
            func drainTwice() async throws {
                async let first: Void = Self.drain(t)
                async let second: Void = Self.drain(t)
                _ = try await (first, second)
            }
            try await drainTwice()
            // The crashed ones wait for their retry.
            t.clock.advance(by: 3600)
            try await drainTwice()
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$status == .sent).count() == 1000)
            let deliveries = fake.deliveries
            #expect(deliveries.count == 1000)
            #expect(deliveries.values.allSatisfy { $0 == 1 })
            #expect(fake.received.count == 1100, "the 100 retries reached the gateway again, with the same keys")
        }
    }

    @Test("e-mail goes through SMTP with STARTTLS and AUTH to a local server; Arabic survives; a wrong password fails for good")
    func smtp() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lamasat-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cert = folder.appendingPathComponent("cert.pem").path, key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        #expect(openssl.terminationStatus == 0)
        let out = folder.appendingPathComponent("mail.jsonl").path
        let sink = Process()
        sink.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sink.arguments = ["python3", "Tests/LamasatServerTests/Support/smtp_sink.py", cert, key, out]
        let input = Pipe(), output = Pipe()
        sink.standardInput = input
        sink.standardOutput = output
        try sink.run()
        defer { try? input.fileHandleForWriting.close(); sink.waitUntilExit() }
        // The server says "ready PORT" once it listens.
        var announced = Data()
        while !announced.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            announced.append(chunk)
        }
        let port = try #require(Int(String(decoding: announced, as: UTF8.self).split(separator: " ").last.map { String($0).trimmingWhitespace() } ?? ""))
        var settings = SMTPClient.Settings(host: "localhost", port: port, username: "lamasat", password: "mail-secret",
                                           from: "noreply@lamasat.example", fromName: "جمعية لمسات")
        settings.caFile = cert
        settings.timeoutSeconds = 5
        try await SMTPClient(settings: settings).send(.init(to: "noura@example.org", subject: "استلام طلبك", body: "أهلًا نورة، استلمنا طلبك.",
                                                             id: "request-ack:1", date: Date(timeIntervalSince1970: 1_795_600_000)))
        let stored = try String(contentsOfFile: out, encoding: .utf8)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(stored.split(separator: "\n").first!.utf8)) as? [String: Any])
        #expect(record["from"] as? String == "noreply@lamasat.example")
        #expect(record["to"] as? [String] == ["noura@example.org"])
        #expect(record["tls"] as? Bool == true)
        let data = try #require(record["data"] as? String)
        #expect(data.contains("Subject: =?UTF-8?B?\(Data("استلام طلبك".utf8).base64EncodedString())?="))
        #expect(data.contains("Message-ID: <request-ack:1@lamasat>"))
        let body = data.components(separatedBy: "\r\n\r\n").last.map { $0.replacingOccurrences(of: "\r\n", with: "") } ?? ""
        #expect(String(decoding: Data(base64Encoded: body.trimmingWhitespace()) ?? Data(), as: UTF8.self) == "أهلًا نورة، استلمنا طلبك.")
        // An address carrying CR/LF would smuggle commands (a second DATA) into the dialogue: refused for good, and
        // the server receives nothing but the one intended mail.
        for payload in ["v@t.sa>\r\nDATA\r\nSubject: forged\r\n\r\nforged\r\n.\r\nQUIT", "a@b.sa\nRCPT TO:<c@d.sa>"] {
            do {
                try await SMTPClient(settings: settings).send(.init(to: payload, subject: "s", body: "b", id: "inject", date: Date()))
                Issue.record("an address with CR/LF was sent")
            } catch let failure as DeliveryFailure {
                #expect(failure.isPermanent, "\(failure)")
            }
        }
        var injected = settings
        injected.fromName = "Lamasat\r\nBcc: all@example.org"
        await #expect(throws: DeliveryFailure.self) {
            try await SMTPClient(settings: injected).send(.init(to: "noura@example.org", subject: "s", body: "b", id: "k2", date: Date()))
        }
        let after = try String(contentsOfFile: out, encoding: .utf8)
        #expect(after.split(separator: "\n").count == 1 && !after.contains("forged") && !after.contains("c@d.sa"))
        // A wrong password is refused with 535: permanent.
        settings.password = "wrong"
        await #expect(throws: DeliveryFailure.self) {
            try await SMTPClient(settings: settings).send(.init(to: "x@example.org", subject: "s", body: "b", id: "k", date: Date()))
        }
        do {
            try await SMTPClient(settings: settings).send(.init(to: "x@example.org", subject: "s", body: "b", id: "k", date: Date()))
            Issue.record("a wrong SMTP password was accepted")
        } catch let failure as DeliveryFailure {
            #expect(failure.isPermanent, "\(failure)")
        }
        // Nobody listening: transient.
        settings.port = 1
        do {
            try await SMTPClient(settings: settings).send(.init(to: "x@example.org", subject: "s", body: "b", id: "k", date: Date()))
            Issue.record("sent to a closed port")
        } catch let failure as DeliveryFailure {
            #expect(!failure.isPermanent)
        }
    }

    @Test("letters wait in the print queue; printing gives the outgoing number once; other branches do not see them")
    func letters() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let letter = try await Outbox.enqueue(Outbox.Draft(channel: .letter, recipient: "نورة الشمري — الرياض، حي النسيم", subject: "دعوة لقاء",
                                                               body: "ندعوك إلى لقاء الأسر الشهري.", idempotencyKey: "letter-1",
                                                               branchID: try await t.headOffice().id), now: t.clock.now(), on: t.db)
            try await Self.drain(t)
            #expect(try await OutboxMessage.find(letter.id, on: t.db)?.status == .queued, "no worker sends a letter")
            #expect(try await officer.get("/letters").contains("دعوة لقاء"))
            let page = try await officer.get("/letters/\(letter.id!)")
            #expect(page.contains("ندعوك إلى لقاء الأسر الشهري") && page.contains("هـ"))
            #expect(try await officer.post("/letters/\(letter.id!)/sent").status == .seeOther)
            #expect(try await officer.post("/letters/\(letter.id!)/sent").status == .conflict)
            let sent = try #require(try await OutboxMessage.find(letter.id, on: t.db))
            #expect(sent.status == .sent && sent.letterNumber == "L-2026-000001" && sent.lastError == nil)
            #expect(try await officer.get("/letters").contains("L-2026-000001"))
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            #expect(try await other.get("/letters/\(letter.id!)").status == .notFound)
            let (committee, _) = try await t.signedIn(as: .committeeMember)
            #expect(try await committee.get("/letters").status == .forbidden)
        }
    }

    @Test("templates: edited and previewed by the administrator, used for her acknowledgement, in English when she reads English")
    func templates() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let ack = try #require(try await MessageTemplate.query(on: t.db).filter(\.$code == "request.ack").first())
            let page = try await admin.get("/admin/templates")
            #expect(page.contains("R-2026-000123"), "the preview fills the sample values")
            let refused = try await admin.post("/admin/templates/\(ack.id!)", ["arabic": "أهلًا {nickname}", "english": ""])
            #expect(refused.status == .unprocessableEntity && refused.contains(">أهلًا {nickname}</textarea>"), "what she typed stays in the box")
            #expect(try await admin.post("/admin/templates/\(ack.id!)", ["arabic": "", "english": "x"]).status == .unprocessableEntity)
            #expect(try await admin.post("/admin/templates/\(ack.id!)", ["arabic": "مرحبًا {name}، طلبك {tracking} وصل، والقرار المتوقع {expected}.",
                                                                       "english": "Hello {name}, your request {tracking} arrived; decision expected {expected}."]).status == .seeOther)
            let crew = try await Crew.make(t)
            #expect(try await crew.officer.post("/admin/templates/\(ack.id!)", ["arabic": "x"]).status == .forbidden)
            let (file, first) = try await crew.submitted()
            let arabic = try #require(try await OutboxMessage.query(on: t.db).filter(\.$relatedID == first.uuidString).first())
            #expect(arabic.body.hasPrefix("مرحبًا أميرة، طلبك R-2026-000001 وصل"))
            // She reads English: the next acknowledgement is in English.
            try await crew.officer.get("/beneficiaries/\(file)?tab=interactions")
            #expect(try await crew.officer.post("/beneficiaries/\(file)/messages/preferences", ["channel": "sms", "language": "en"]).status == .seeOther)
            let second = try await RequestIntakeTests().intake(t, crew.officer, file: file, amount: "")
            try await crew.officer.get("/requests/\(second)")
            #expect(try await crew.officer.post("/requests/\(second)/submit", ["overrideFrequency": "on"]).status == .seeOther)
            let english = try #require(try await OutboxMessage.query(on: t.db).filter(\.$relatedID == second.uuidString).first())
            #expect(english.body.hasPrefix("Hello Amira") || english.body.hasPrefix("Hello أميرة"))
            // Its date is written in English too, in both calendars.
            #expect(english.body.contains("2026") && english.body.contains(" AH") && !english.body.contains("هـ") && !english.body.contains("م —"))
        }
    }

    @Test("a refused template names its field in her language and keeps what she typed; bad preferences change nothing")
    func templateAndPreferenceForms() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let ack = try #require(try await MessageTemplate.query(on: t.db).filter(\.$code == "request.ack").first())
            try await admin.get("/admin/templates")
            let long = String(repeating: "x", count: 601)
            let refused = try await admin.post("/admin/templates/\(ack.id!)", ["arabic": "", "english": long])
            #expect(refused.status == .unprocessableEntity && refused.contains(t.app.lamasat.localizer.text("templates.error.length", .ar)))
            #expect(refused.contains("id=\"field-arabic-\(ack.id!)-error\"") && refused.contains("id=\"field-english-\(ack.id!)-error\"") && refused.contains(">\(long)</textarea>"))
            #expect(try await MessageTemplate.find(ack.id, on: t.db)?.arabic == ack.arabic)
            let crew = try await Crew.make(t)
            let file = try await registerFile(crew.officer, try await fileForm(t))
            try await crew.officer.get("/beneficiaries/\(file)?tab=interactions")
            #expect(try await crew.officer.post("/beneficiaries/\(file)/messages/preferences", ["channel": "fax"]).status == .badRequest)
            #expect(try await MessagePreference.of(file, on: t.db) == nil)
            #expect(try await crew.officer.post("/beneficiaries/\(file)/messages/preferences", ["channel": "whatsapp", "optedOut": "on", "note": "مساءً"]).status == .seeOther)
            let stored = try #require(try await MessagePreference.of(file, on: t.db))
            #expect(stored.channel == .whatsapp && stored.optedOut && stored.note == "مساءً" && stored.language == "ar")
        }
    }
}
