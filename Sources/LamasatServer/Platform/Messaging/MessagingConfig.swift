import Foundation
import LamasatCore

/// Which real providers deliver messages, read from the environment; a channel without one stays with the
/// development provider, which only records. A bad value stops the start and names the variable.
struct MessagingConfig: Sendable, Equatable {
    struct SMSGateway: Sendable, Equatable {
        var url: String
        var token: String?
        var user: String?
        var password: String?
        var sender: String
        /// JSON with {to}, {sender}, {text} and {id}, so common Saudi gateways fit without code.
        var bodyTemplate: String
        var perSecond: Double
    }

    struct WhatsApp: Sendable, Equatable {
        var baseURL: String
        var phoneNumberID: String
        var token: String
        var template: String
        var language: String
        var perSecond: Double
    }

    var sms: SMSGateway?
    var whatsapp: WhatsApp?
    var smtp: SMTPClient.Settings?
    var timeoutSeconds: Int64 = 15
    /// Shared secret of the SMS gateway's inbound webhook ("STOP" replies).
    var inboundToken: String?
    /// WhatsApp Cloud API webhook: the token its verification GET must echo, and the app secret its POSTs are
    /// signed with (`X-Hub-Signature-256`). Without the secret, POSTs are refused.
    var whatsappVerifyToken: String?
    var whatsappAppSecret: String?
    /// Quiet hours in Riyadh, start and end hour; equal hours turn them off.
    var quietStart = QuietHours.startHour
    var quietEnd = QuietHours.endHour

    static let defaultSMSBody = #"{"to":"{to}","from":"{sender}","text":"{text}","reference":"{id}"}"#

    static let variables: [(name: String, meaning: String)] = [
        ("LAMASAT_SMS_URL", "the SMS gateway's HTTPS endpoint; unset keeps SMS in the development outbox"),
        ("LAMASAT_SMS_TOKEN", "bearer token of the gateway (or LAMASAT_SMS_USER and LAMASAT_SMS_PASSWORD for basic auth)"),
        ("LAMASAT_SMS_SENDER", "registered sender name, e.g. LAMASAT"),
        ("LAMASAT_SMS_BODY", "JSON body with {to} {sender} {text} {id} (default: to, from, text, reference)"),
        ("LAMASAT_SMS_RATE", "messages per second sent to the gateway (default 5)"),
        ("LAMASAT_SMS_INBOUND_TOKEN", "secret the gateway sends with replies to /webhooks/sms (for STOP)"),
        ("LAMASAT_WHATSAPP_PHONE_ID", "WhatsApp Business Cloud API phone number id; unset keeps WhatsApp in the development outbox"),
        ("LAMASAT_WHATSAPP_TOKEN", "access token of the WhatsApp Business Cloud API"),
        ("LAMASAT_WHATSAPP_TEMPLATE", "approved template with one body parameter (default lamasat_notice)"),
        ("LAMASAT_WHATSAPP_LANGUAGE", "template language code (default ar)"),
        ("LAMASAT_WHATSAPP_URL", "API base URL (default https://graph.facebook.com/v20.0)"),
        ("LAMASAT_WHATSAPP_VERIFY_TOKEN", "token the webhook's verification GET (hub.verify_token) must carry for /webhooks/whatsapp"),
        ("LAMASAT_WHATSAPP_APP_SECRET", "app secret that signs WhatsApp's webhook POSTs (X-Hub-Signature-256); unset refuses them"),
        ("LAMASAT_SMTP_HOST", "SMTP server for e-mail; unset keeps e-mail in the development outbox"),
        ("LAMASAT_SMTP_PORT", "SMTP port (default 587)"),
        ("LAMASAT_SMTP_USER", "SMTP user (with LAMASAT_SMTP_PASSWORD) for AUTH PLAIN"),
        ("LAMASAT_SMTP_FROM", "sender address, e.g. noreply@lamasat.org.sa"),
        ("LAMASAT_SMTP_STARTTLS", "true (default) or false, for a local relay only"),
        ("LAMASAT_SMTP_CA_FILE", "PEM file of a private CA to trust for STARTTLS"),
        ("LAMASAT_MESSAGING_TIMEOUT", "seconds to wait for a provider (default 15)"),
        ("LAMASAT_QUIET_HOURS", "hours without messages in Riyadh time, START-END (default 22-08; 0-0 for none)"),
    ]

    static func load(from env: [String: String]) throws(AppConfig.Problem) -> MessagingConfig {
        func value(_ name: String) -> String? {
            guard let raw = env[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }
        func https(_ name: String, _ raw: String) throws(AppConfig.Problem) -> String {
            guard let parts = URLComponents(string: raw), ["http", "https"].contains(parts.scheme ?? ""), parts.host?.isEmpty == false else {
                throw AppConfig.Problem(variable: name, message: "must be an http(s) URL")
            }
            return raw
        }
        func rate(_ name: String) throws(AppConfig.Problem) -> Double {
            guard let raw = value(name) else { return 5 }
            guard let parsed = Double(raw), parsed >= 0, parsed <= 1000 else {
                throw AppConfig.Problem(variable: name, message: "must be a number of messages per second from 0 to 1000")
            }
            return parsed
        }
        var config = MessagingConfig()
        if let raw = value("LAMASAT_MESSAGING_TIMEOUT") {
            guard let seconds = Int64(raw), (1...120).contains(seconds) else {
                throw AppConfig.Problem(variable: "LAMASAT_MESSAGING_TIMEOUT", message: "must be 1 to 120 seconds")
            }
            config.timeoutSeconds = seconds
        }
        if let url = value("LAMASAT_SMS_URL") {
            let body = value("LAMASAT_SMS_BODY") ?? defaultSMSBody
            guard (try? JSONSerialization.jsonObject(with: Data(GatewayBody.sample(body).utf8))) != nil, body.contains("{text}"), body.contains("{to}") else {
                throw AppConfig.Problem(variable: "LAMASAT_SMS_BODY", message: "must be JSON containing {to} and {text}")
            }
            guard let sender = value("LAMASAT_SMS_SENDER") else { throw AppConfig.Problem(variable: "LAMASAT_SMS_SENDER", message: "is required with LAMASAT_SMS_URL") }
            config.sms = SMSGateway(url: try https("LAMASAT_SMS_URL", url), token: value("LAMASAT_SMS_TOKEN"), user: value("LAMASAT_SMS_USER"),
                                    password: value("LAMASAT_SMS_PASSWORD"), sender: sender, bodyTemplate: body, perSecond: try rate("LAMASAT_SMS_RATE"))
        }
        if let phone = value("LAMASAT_WHATSAPP_PHONE_ID") {
            guard let token = value("LAMASAT_WHATSAPP_TOKEN") else {
                throw AppConfig.Problem(variable: "LAMASAT_WHATSAPP_TOKEN", message: "is required with LAMASAT_WHATSAPP_PHONE_ID")
            }
            config.whatsapp = WhatsApp(baseURL: try https("LAMASAT_WHATSAPP_URL", value("LAMASAT_WHATSAPP_URL") ?? "https://graph.facebook.com/v20.0"),
                                       phoneNumberID: phone, token: token, template: value("LAMASAT_WHATSAPP_TEMPLATE") ?? "lamasat_notice",
                                       language: value("LAMASAT_WHATSAPP_LANGUAGE") ?? "ar", perSecond: try rate("LAMASAT_WHATSAPP_RATE"))
        }
        if let host = value("LAMASAT_SMTP_HOST") {
            guard let from = value("LAMASAT_SMTP_FROM"), EmailAddress(from)?.value == from else {
                throw AppConfig.Problem(variable: "LAMASAT_SMTP_FROM", message: "is required with LAMASAT_SMTP_HOST (an e-mail address)")
            }
            let port = Int(value("LAMASAT_SMTP_PORT") ?? "587") ?? 0
            guard (1...65535).contains(port) else { throw AppConfig.Problem(variable: "LAMASAT_SMTP_PORT", message: "must be 1–65535") }
            var smtp = SMTPClient.Settings(host: host, port: port, username: value("LAMASAT_SMTP_USER"), password: value("LAMASAT_SMTP_PASSWORD"),
                                           from: from, fromName: "جمعية لمسات")
            smtp.startTLS = !["false", "0", "no", "off"].contains((value("LAMASAT_SMTP_STARTTLS") ?? "true").lowercased())
            smtp.caFile = value("LAMASAT_SMTP_CA_FILE")
            smtp.timeoutSeconds = config.timeoutSeconds
            config.smtp = smtp
        }
        config.inboundToken = value("LAMASAT_SMS_INBOUND_TOKEN")
        config.whatsappVerifyToken = value("LAMASAT_WHATSAPP_VERIFY_TOKEN")
        config.whatsappAppSecret = value("LAMASAT_WHATSAPP_APP_SECRET")
        if let raw = value("LAMASAT_QUIET_HOURS") {
            let hours = raw.split(separator: "-").compactMap { Int($0) }
            guard hours.count == 2, hours.allSatisfy({ (0...23).contains($0) }) else {
                throw AppConfig.Problem(variable: "LAMASAT_QUIET_HOURS", message: "must be START-END hours, e.g. 22-08")
            }
            (config.quietStart, config.quietEnd) = (hours[0], hours[1])
        }
        return config
    }
}

enum GatewayBody {
    /// The body with harmless values, to check the template is JSON before the first message needs it.
    static func sample(_ template: String) -> String {
        GatewayTemplate.render(template, ["to": "+966500000000", "sender": "S", "text": "T", "id": "I"])
    }
}
