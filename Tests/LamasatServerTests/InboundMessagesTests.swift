import Crypto
import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 16, replies that come back in: SMS and WhatsApp webhooks, media, delivery receipts and failed messages shown.
@Suite("Inbound messages and delivery receipts", .serialized)
struct InboundMessagesTests {
    static let secret = "app-secret"

    static func configure(_ t: TestContext) {
        t.app.lamasat.messaging.inboundToken = "inbound-secret"
        t.app.lamasat.messaging.whatsappVerifyToken = "verify-me"
        t.app.lamasat.messaging.whatsappAppSecret = secret
    }

    static func signature(_ body: String, secret: String = secret) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    @discardableResult
    static func whatsapp(_ t: TestContext, _ body: String, signature: String?) async throws -> HTTPStatus {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/json")
        if let signature { headers.replaceOrAdd(name: "X-Hub-Signature-256", value: signature) }
        return try await t.browser().send(.POST, "/webhooks/whatsapp", headers: headers, body: body).status
    }

    static func whatsappText(id: String, from: String = "966551234567", text: String, name: String = "نورة") -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","contacts":[{"profile":{"name":"\#(name)"},"wa_id":"\#(from)"}],"messages":[{"from":"\#(from)","id":"\#(id)","timestamp":"1795600000","type":"text","text":{"body":"\#(text)"}}]}}]}]}"#
    }

    static func whatsappStatuses(_ statuses: [(id: String, status: String, error: String?)]) -> String {
        let items = statuses.map { item -> String in
            let errors: String = item.error.map { #","errors":[{"code":131026,"title":"\#($0)"}]"# } ?? ""
            return #"{"id":"\#(item.id)","status":"\#(item.status)","timestamp":"1795600000","recipient_id":"966551234567"\#(errors)}"#
        }.joined(separator: ",")
        return #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"statuses":[\#(items)]}}]}]}"#
    }

    @discardableResult
    static func sms(_ t: TestContext, _ body: String, path: String = "/webhooks/sms", token: String = "inbound-secret") async throws -> HTTPStatus {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/json")
        headers.replaceOrAdd(name: "X-Lamasat-Token", value: token)
        return try await t.browser().send(.POST, path, headers: headers, body: body).status
    }

    static func openInquiry(_ t: TestContext, phone: String = "+966551234567", beneficiary: UUID? = nil) async throws -> Inquiry {
        let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .inquiry).first())
        let now = t.clock.now()
        let inquiry = Inquiry.opened(beneficiaryID: beneficiary, contactName: "نورة", contactPhone: phone, branchID: try await t.headOffice().id!, channel: .website,
                                     categoryID: category.id!, question: "متى يصدر القرار؟", createdBy: InboundRouter.gatewayActor, at: now, due: now)
        try await inquiry.register(now: now, on: t.db)
        return inquiry
    }

    static func message(_ t: TestContext, providerID: String, status: OutboxMessage.Status = .sent, beneficiary: UUID? = nil,
                        channel: MessageChannel = .whatsapp) async throws -> OutboxMessage {
        let message = try await Outbox.enqueue(Outbox.Draft(channel: channel, recipient: "+966551234567", subject: "رد", body: "تمت الإجابة على استفسارك",
                                                             idempotencyKey: providerID, branchID: try await t.headOffice().id, beneficiaryID: beneficiary),
                                               now: t.clock.now(), on: t.db)
        message.status = status
        message.providerMessageID = providerID
        try await message.save(on: t.db)
        return message
    }

    @Test("the verification GET echoes hub.challenge only with the right token; otherwise 403")
    func verification() async throws {
        try await withLamasat { t in
            let meta = t.browser()
            #expect(try await meta.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444").status == .forbidden)
            Self.configure(t)
            let ok = try await meta.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444")
            #expect(ok.status == .ok && ok.body == "1158201444" && ok.headers.first(name: .contentType)?.hasPrefix("text/plain") == true)
            #expect(try await meta.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1").status == .forbidden)
            #expect(try await meta.get("/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1").status == .forbidden)
        }
    }

    @Test("a POST with a bad, missing or unconfigured signature is refused and changes nothing, not even the inbound log")
    func badSignature() async throws {
        try await withLamasat { (t: TestContext) async throws in
            let payload = Self.whatsappText(id: "wamid.bad", text: "مرحبا")
            // No secret configured: every POST is refused.
            #expect(try await Self.whatsapp(t, payload, signature: Self.signature(payload)) == .forbidden)
            Self.configure(t)
            #expect(try await Self.whatsapp(t, payload, signature: nil) == .unauthorized)
            #expect(try await Self.whatsapp(t, payload, signature: Self.signature(payload, secret: "other")) == .unauthorized)
            #expect(try await Self.whatsapp(t, payload + " ", signature: Self.signature(payload)) == .unauthorized)
            #expect(try await Self.whatsapp(t, payload, signature: "sha256=zz") == .unauthorized)
            #expect(try await InboundMessage.query(on: t.db).count() == 0)
            #expect(try await Inquiry.query(on: t.db).count() == 0)
            #expect(try await Self.whatsapp(t, payload, signature: Self.signature(payload)) == .ok)
            #expect(try await Inquiry.query(on: t.db).count() == 1)
        }
    }

    @Test("an unknown number becomes a new inquiry at the head office in the general category; the same message replayed is applied once")
    func unknownNumberOnce() async throws {
        try await withLamasat { t in
            Self.configure(t)
            let body = Self.whatsappText(id: "wamid.HBgM1", text: "كيف أسجل في الجمعية؟")
            for _ in 0..<3 { #expect(try await Self.whatsapp(t, body, signature: Self.signature(body)) == .ok) }
            let inquiries = try await Inquiry.query(on: t.db).with(\.$category).all()
            let inquiry = try #require(inquiries.first)
            #expect(inquiries.count == 1)
            #expect(inquiry.contactPhone == "+966551234567" && inquiry.contactName == "نورة" && inquiry.question == "كيف أسجل في الجمعية؟")
            #expect(inquiry.branchID == (try await t.headOffice()).id && inquiry.category.code == "general" && inquiry.status == .new)
            let log = try await InboundMessage.query(on: t.db).all()
            #expect(log.count == 1 && log.first?.result == .inquiry && log.first?.resultID == inquiry.id?.uuidString && log.first?.kind == .text)
            // The SMS gateway's id is its own: the same id from another provider is another message.
            #expect(try await Self.sms(t, #"{"id":"wamid.HBgM1","from":"0551234567","text":"وأيضًا"}"#) == .ok)
            #expect(try await Self.sms(t, #"{"id":"wamid.HBgM1","from":"0551234567","text":"وأيضًا"}"#) == .ok)
            #expect(try await InboundMessage.query(on: t.db).count() == 2)
        }
    }

    @Test("an SMS reply to her closed inquiry reopens it and waits for an officer; a case number in the text picks that case")
    func replyReopens() async throws {
        try await withLamasat { t in
            Self.configure(t)
            let older = try await Self.openInquiry(t)
            let closed = try await Self.openInquiry(t)
            closed.status = .closed
            closed.closedAt = t.clock.now()
            try await closed.save(on: t.db)
            t.clock.advance(by: 86400)
            #expect(try await Self.sms(t, #"{"id":"gw-1","from":"0551234567","text":"بخصوص \#(closed.number): لم يصلني شيء"}"#) == .ok)
            let reopened = try #require(try await Inquiry.find(closed.id, on: t.db))
            #expect(reopened.status == .new && reopened.closedAt == nil && reopened.replyWaitingAt == t.clock.now())
            #expect(try await CaseThread.messages(.inquiry, closed.id!, on: t.db).map(\.via) == ["sms"])
            #expect(try await CaseThread.messages(.inquiry, older.id!, on: t.db).isEmpty)
            #expect(try await Inquiry.query(on: t.db).count() == 2)
            // A case closed more than 30 days ago is not reopened: the reply is a new inquiry.
            let stale = try #require(try await Inquiry.find(older.id, on: t.db))
            stale.status = .closed
            stale.closedAt = t.clock.now()
            try await stale.save(on: t.db)
            reopened.status = .closed
            reopened.closedAt = t.clock.now()
            try await reopened.save(on: t.db)
            t.clock.advance(by: 31 * 86400)
            #expect(try await Self.sms(t, #"{"id":"gw-2","from":"0551234567","text":"سؤال آخر"}"#) == .ok)
            #expect(try await Inquiry.query(on: t.db).count() == 3)
        }
    }

    @Test("a known mobile without an open case becomes an incoming contact on her file, by phone, noted as SMS; STOP still stops")
    func knownFileContact() async throws {
        try await withLamasat { t in
            Self.configure(t)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            #expect(try await Self.sms(t, #"{"id":"gw-9","from":"0501234567","text":"شكرًا لكم"}"#) == .ok)
            let contact = try #require(try await Contact.query(on: t.db).filter(\.$beneficiaryID == file).first())
            #expect(contact.direction == .incoming && contact.channel == .phone && contact.transport == "sms" && contact.notes == "شكرًا لكم")
            #expect(try await Inquiry.query(on: t.db).count() == 0)
            // A wrong token is refused and changes nothing.
            #expect(try await Self.sms(t, #"{"id":"gw-10","from":"0501234567","text":"x"}"#, token: "wrong") == .unauthorized)
            #expect(try await Contact.query(on: t.db).count() == 1)
            #expect(try await Self.sms(t, #"{"id":"gw-11","from":"0501234567","text":" إيقاف "}"#) == .ok)
            #expect(try await MessagePreference.of(file, on: t.db)?.optedOut == true)
            #expect(try await Contact.query(on: t.db).count() == 1)
            #expect(try await InboundMessage.query(on: t.db).filter(\.$providerMessageID == "gw-11").first()?.result == .stop)
        }
    }

    @Test("a WhatsApp photo is fetched with the token, stored on her case and shown there; an oversized or wrong-type file is refused, her text still arrives")
    func media() async throws {
        try await MessagingTests.withGateway { t, fake in
            Self.configure(t)
            let inquiry = try await Self.openInquiry(t)
            let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 7, count: 60)
            fake.serve("/wa/media-ok", type: "application/json", bytes: Array(#"{"url":"\#(fake.url)/files/ok","mime_type":"image/jpeg","file_size":64,"id":"media-ok"}"#.utf8))
            fake.serve("/files/ok", type: "image/jpeg", bytes: jpeg)
            fake.serve("/wa/media-big", type: "application/json", bytes: Array(#"{"url":"\#(fake.url)/files/big","mime_type":"image/jpeg","file_size":20000000}"#.utf8))
            fake.serve("/wa/media-ogg", type: "application/json", bytes: Array(#"{"url":"\#(fake.url)/files/ogg","mime_type":"audio/ogg","file_size":40}"#.utf8))
            fake.serve("/files/ogg", type: "audio/ogg", bytes: Array("OggS".utf8) + Array(repeating: 1, count: 36))
            func mediaBody(_ id: String, _ media: String, type: String) -> String {
                #"{"entry":[{"changes":[{"value":{"messages":[{"from":"966551234567","id":"\#(id)","type":"\#(type)","\#(type)":{"id":"\#(media)","mime_type":"image/jpeg","caption":"صورة الصك"}}]}}]}]}"#
            }
            let photo = mediaBody("wamid.p1", "media-ok", type: "image")
            #expect(try await Self.whatsapp(t, photo, signature: Self.signature(photo)) == .ok)
            #expect(try await Self.whatsapp(t, photo, signature: Self.signature(photo)) == .ok)
            let stored = try await StoredFile.query(on: t.db).all()
            #expect(stored.count == 1 && stored.first?.ownerType == "inquiry" && stored.first?.ownerID == inquiry.id && stored.first?.contentType == "image/jpeg")
            #expect(fake.received.filter { $0.path == "/files/ok" }.allSatisfy { $0.headers.first(name: .authorization) == "Bearer wa-token" })
            #expect(fake.received.filter { $0.path == "/files/ok" }.count == 1)
            #expect(try await CaseThread.messages(.inquiry, inquiry.id!, on: t.db).map(\.body) == ["صورة الصك"])
            // The officer finds the photo on the inquiry's page and opens it; another branch's officer does not.
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let path = "/inquiries/\(inquiry.id!)/attachments/\(stored[0].id!)"
            #expect(try await officer.get("/inquiries/\(inquiry.id!)").contains(path))
            #expect(try await officer.get(path).bytes == jpeg)
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            #expect(try await other.get(path).status == .notFound)
            for (id, media, type) in [("wamid.p2", "media-big", "image"), ("wamid.p3", "media-ogg", "audio")] {
                let body = mediaBody(id, media, type: type)
                #expect(try await Self.whatsapp(t, body, signature: Self.signature(body)) == .ok)
                let row = try #require(try await InboundMessage.query(on: t.db).filter(\.$providerMessageID == id).first())
                #expect(row.result == .mediaRefused && row.kind == .media && !row.note.isEmpty)
            }
            #expect(fake.received.filter { $0.path == "/files/big" }.isEmpty)
            #expect(try await StoredFile.query(on: t.db).count() == 1)
            #expect(try await CaseThread.messages(.inquiry, inquiry.id!, on: t.db).count == 3)
        }
    }

    @Test("receipts move a message to delivered then read, never back; failed keeps the provider's reason; unknown ids are ignored")
    func receipts() async throws {
        try await withLamasat { t in
            Self.configure(t)
            let wa = try await Self.message(t, providerID: "wamid.out1")
            let failing = try await Self.message(t, providerID: "wamid.out2")
            let sms = try await Self.message(t, providerID: "sms-key-1", channel: .sms)
            let first = Self.whatsappStatuses([("wamid.out1", "delivered", nil), ("wamid.out2", "failed", "Message undeliverable"), ("wamid.nobody", "read", nil)])
            #expect(try await Self.whatsapp(t, first, signature: Self.signature(first)) == .ok)
            #expect(try await OutboxMessage.find(wa.id, on: t.db)?.status == .delivered)
            let failed = try #require(try await OutboxMessage.find(failing.id, on: t.db))
            #expect(failed.status == .failed && failed.lastError == "131026 Message undeliverable")
            t.clock.advance(by: 60)
            let later = Self.whatsappStatuses([("wamid.out1", "read", nil)])
            #expect(try await Self.whatsapp(t, later, signature: Self.signature(later)) == .ok)
            let late = Self.whatsappStatuses([("wamid.out1", "sent", nil), ("wamid.out1", "failed", "late")])
            #expect(try await Self.whatsapp(t, late, signature: Self.signature(late)) == .ok)
            let read = try #require(try await OutboxMessage.find(wa.id, on: t.db))
            #expect(read.status == .read && read.readAt == t.clock.now() && read.deliveredAt == t.clock.now().addingTimeInterval(-60) && read.lastError == nil)
            // The SMS gateway's callback: read first, then a late "delivered" that changes nothing.
            #expect(try await Self.sms(t, #"{"reference":"sms-key-1","status":"read"}"#, path: "/webhooks/sms/status") == .ok)
            #expect(try await Self.sms(t, #"{"reference":"sms-key-1","status":"DELIVRD"}"#, path: "/webhooks/sms/status") == .ok)
            #expect(try await Self.sms(t, #"{"reference":"sms-key-1","status":"delivered"}"#, path: "/webhooks/sms/status", token: "x") == .unauthorized)
            #expect(try await OutboxMessage.find(sms.id, on: t.db)?.status == .read)
            #expect(try await InboundMessage.query(on: t.db).filter(\.$result == .ignored).count() >= 1)
            // The outbox page shows it.
            let (admin, _) = try await t.signedIn(as: .admin)
            let outbox = try await admin.get("/admin/outbox?status=read")
            #expect(outbox.status == .ok && outbox.contains("قُرئت"))
            let inbound = try await admin.get("/admin/inbound")
            #expect(inbound.status == .ok && inbound.contains("إشعار تسليم") && !inbound.contains("966551234567"))
        }
    }

    @Test("WhatsApp's send answer gives the message its provider id, which a receipt then finds")
    func providerID() async throws {
        try await MessagingTests.withGateway { t, _ in
            Self.configure(t)
            let queued = try await MessagingTests.queue(t, "k-wa", channel: .whatsapp)
            try await MessagingTests.drain(t)
            let sent = try #require(try await OutboxMessage.find(queued.id, on: t.db))
            #expect(sent.status == .sent && sent.providerMessageID == "wamid.k-wa")
            let body = Self.whatsappStatuses([("wamid.k-wa", "delivered", nil)])
            #expect(try await Self.whatsapp(t, body, signature: Self.signature(body)) == .ok)
            #expect(try await OutboxMessage.find(queued.id, on: t.db)?.status == .delivered)
        }
    }

    @Test("a gateway's receipt that arrives while the sender still waits for the gateway's answer is kept, not overwritten by 'sent'")
    func receiptDuringSend() async throws {
        try await MessagingTests.withGateway(timeout: 30) { t, fake in
            Self.configure(t)
            let queued = try await MessagingTests.queue(t, "k-race")
            fake.answer(.hang)
            let sending = Task { try await MessagingTests.drain(t) }
            let deadline = Date().addingTimeInterval(20)
            while fake.received.isEmpty && Date() < deadline { await Task.yield() }
            #expect(!fake.received.isEmpty, "the gateway never saw the message")
            // The gateway already delivered it and calls back before answering the send.
            #expect(try await Self.sms(t, #"{"reference":"k-race","status":"delivered"}"#, path: "/webhooks/sms/status") == .ok)
            fake.releaseAccepted()
            try await sending.value
            let message = try #require(try await OutboxMessage.find(queued.id, on: t.db))
            #expect(message.status == .delivered && message.sentAt != nil && message.providerMessageID == "k-race")
        }
    }

    @Test("a failed message to a file shows on her file and in the officer's work with 'try another channel'")
    func failedShown() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let message = try await Self.message(t, providerID: "wamid.f1", status: .failed, beneficiary: file)
            message.lastError = "131026 Message undeliverable"
            try await message.save(on: t.db)
            let tab = try await officer.get("/beneficiaries/\(file)?tab=interactions")
            #expect(tab.contains("جرّبي قناة أخرى") && tab.contains("131026 Message undeliverable"))
            let work = try await officer.get("/work")
            #expect(work.contains("رسائل لم تصل") && work.contains("/beneficiaries/\(file)?tab=interactions#messages"))
            // Delivered, it no longer asks for another channel.
            message.status = .delivered
            try await message.save(on: t.db)
            #expect(!(try await officer.get("/beneficiaries/\(file)?tab=interactions").contains("جرّبي قناة أخرى")))
            #expect(!(try await officer.get("/work").contains("/beneficiaries/\(file)?tab=interactions#messages")))
        }
    }
}
