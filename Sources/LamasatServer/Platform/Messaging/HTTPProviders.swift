import Foundation
import LamasatCore
import NIOCore
import Vapor

/// Spaces the messages sent to one provider (its rate limit), across the tasks of this process.
actor RateGate {
    private var rate: SendRate
    init(perSecond: Double) { rate = SendRate(perSecond: perSecond) }

    func wait() async throws {
        let delay = rate.reserve(now: Date())
        if delay > 0 { try await Task.sleep(for: .milliseconds(Int(delay * 1000))) }
    }
}

/// Sends one HTTP request for a message and turns the answer into success or a `DeliveryFailure`.
struct HTTPSender: Sendable {
    let client: any Client
    let timeoutSeconds: Int64

    /// Returns the provider's answer, which may carry its id of the message.
    @discardableResult
    func post(_ url: String, headers: HTTPHeaders, body: String) async throws -> String {
        var request = ClientRequest(method: .POST, url: URI(string: url), headers: headers, body: ByteBuffer(string: body))
        request.timeout = .seconds(timeoutSeconds)
        let response: ClientResponse
        do {
            response = try await client.send(request).get()
        } catch {
            // The network or the provider did not answer in time: worth another try.
            throw DeliveryFailure.transient("no answer: \(String(describing: type(of: error)))")
        }
        let answer = response.body.map { String(buffer: $0) } ?? ""
        if let failure = DeliveryFailure.classify(status: Int(response.status.code), body: answer) {
            throw failure
        }
        return answer
    }
}

/// An SMS gateway over HTTP: URL, credentials, sender and a JSON body template. The message's idempotency key is
/// sent as `Idempotency-Key` and as the {id} of the body, so a gateway that honours it never sends twice.
struct SMSGatewayProvider: MessageProvider {
    let name = "sms-gateway"
    let config: MessagingConfig.SMSGateway
    let sender: HTTPSender
    let gate: RateGate

    func send(_ message: OutboxMessage) async throws {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/json; charset=utf-8")
        headers.replaceOrAdd(name: "Idempotency-Key", value: message.idempotencyKey)
        if let token = config.token {
            headers.replaceOrAdd(name: .authorization, value: "Bearer \(token)")
        } else if let user = config.user, let password = config.password {
            headers.replaceOrAdd(name: .authorization, value: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
        }
        let body = GatewayTemplate.render(config.bodyTemplate, ["to": message.recipient, "sender": config.sender, "text": message.body,
                                                                "id": message.idempotencyKey])
        try await gate.wait()
        try await sender.post(config.url, headers: headers, body: body)
        // The gateway's status callback names the message by the reference we gave it.
        message.providerMessageID = message.idempotencyKey
    }
}

/// The WhatsApp Business Cloud API's message endpoint, with an approved template whose one body parameter is the text.
struct WhatsAppCloudProvider: MessageProvider {
    let name = "whatsapp-cloud"
    let config: MessagingConfig.WhatsApp
    let sender: HTTPSender
    let gate: RateGate

    struct Payload: Encodable {
        struct Template: Encodable {
            struct Language: Encodable { let code: String }
            struct Component: Encodable {
                struct Parameter: Encodable { let type = "text"; let text: String }
                let type = "body"
                let parameters: [Parameter]
            }
            let name: String
            let language: Language
            let components: [Component]
        }
        let messaging_product = "whatsapp"
        let to: String
        let type = "template"
        let template: Template
        let biz_opaque_callback_data: String
    }

    func send(_ message: OutboxMessage) async throws {
        let payload = Payload(to: message.recipient.filter(\.isNumber),
                              template: .init(name: config.template, language: .init(code: config.language),
                                              components: [.init(parameters: [.init(text: message.body)])]),
                              biz_opaque_callback_data: message.idempotencyKey)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/json")
        headers.replaceOrAdd(name: .authorization, value: "Bearer \(config.token)")
        headers.replaceOrAdd(name: "Idempotency-Key", value: message.idempotencyKey)
        let body = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
        try await gate.wait()
        let answer = try await sender.post("\(config.baseURL)/\(config.phoneNumberID)/messages", headers: headers, body: body)
        // Its `statuses` name the message by the id of the answer: {"messages":[{"id":"wamid…"}]}.
        message.providerMessageID = Self.messageID(answer)
    }

    struct Answer: Decodable { struct Sent: Decodable { let id: String }; let messages: [Sent]? }

    static func messageID(_ answer: String) -> String? {
        (try? JSONDecoder().decode(Answer.self, from: Data(answer.utf8)))?.messages?.first?.id
    }
}

/// Sends each message with the provider of its channel; channels without one stay with the development provider.
struct RoutedProvider: MessageProvider {
    let name = "routed"
    let routes: [MessageChannel: any MessageProvider]
    let fallback: any MessageProvider

    func provider(for message: OutboxMessage) -> any MessageProvider { routes[message.channel] ?? fallback }

    func send(_ message: OutboxMessage) async throws {
        try await provider(for: message).send(message)
    }

    static func make(_ config: MessagingConfig, client: any Client, developmentLogger: Logger? = nil) -> RoutedProvider {
        let sender = HTTPSender(client: client, timeoutSeconds: config.timeoutSeconds)
        var routes: [MessageChannel: any MessageProvider] = [:]
        if let sms = config.sms { routes[.sms] = SMSGatewayProvider(config: sms, sender: sender, gate: RateGate(perSecond: sms.perSecond)) }
        if let whatsapp = config.whatsapp {
            routes[.whatsapp] = WhatsAppCloudProvider(config: whatsapp, sender: sender, gate: RateGate(perSecond: whatsapp.perSecond))
        }
        if let smtp = config.smtp { routes[.email] = SMTPProvider(client: SMTPClient(settings: smtp), gate: RateGate(perSecond: 5)) }
        return RoutedProvider(routes: routes, fallback: DevelopmentProvider(logger: developmentLogger))
    }
}
