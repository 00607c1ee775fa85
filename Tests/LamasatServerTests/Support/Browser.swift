import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Testing
import Vapor
@testable import LamasatServer

/// A minimal browser over the in-process responder: keeps cookies, picks up the CSRF token of the last page, and
/// can pretend to come from a given network address. Its cookies and token sit behind a lock, so one browser may
/// be used from concurrent tasks (two tabs of one person).
final class Browser: Sendable {
    struct Page {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: String
        /// The body as sent, for downloads that are not text (an XLSX workbook).
        var bytes: [UInt8] = []

        var location: String? { headers.first(name: .location) }
        func contains(_ text: String) -> Bool { body.contains(text) }
    }

    let app: Application
    let address: String?
    private let state = NIOLockedValueBox<(cookies: [String: String], csrf: String?)>(([:], nil))

    var cookies: [String: String] {
        get { state.withLockedValue { $0.cookies } }
        set { state.withLockedValue { $0.cookies = newValue } }
    }

    var csrf: String? {
        get { state.withLockedValue { $0.csrf } }
        set { state.withLockedValue { $0.csrf = newValue } }
    }

    init(app: Application, address: String?) {
        self.app = app
        self.address = address
    }

    @discardableResult
    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> Page {
        try await send(.GET, path, headers: headers, body: nil)
    }

    /// Posts a form; the page's CSRF token is added unless `csrf` is false.
    @discardableResult
    func post(_ path: String, _ form: [String: String] = [:], csrf includeToken: Bool = true, headers: HTTPHeaders = [:]) async throws -> Page {
        try await postMany(path, form.map { ($0.key, $0.value) }, csrf: includeToken, headers: headers)
    }

    /// Posts fields that may repeat, like a group of checkboxes ("members[]").
    @discardableResult
    func postMany(_ path: String, _ form: [(String, String)], csrf includeToken: Bool = true, headers: HTTPHeaders = [:]) async throws -> Page {
        var fields = form
        if includeToken, !fields.contains(where: { $0.0 == "_csrf" }) {
            if csrf == nil { try await get("/signin") }
            fields.append(("_csrf", csrf ?? ""))
        }
        var allHeaders = headers
        allHeaders.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
        return try await send(.POST, path, headers: allHeaders, body: Self.encode(fields))
    }

    /// Posts a multipart form with one file, the CSRF token in the URL as the page's upload forms carry it.
    @discardableResult
    func upload(_ path: String, _ fields: [String: String], file: [UInt8], filename: String, field: String = "file",
                csrf includeToken: Bool = true) async throws -> Page {
        let boundary = "----lamasat-test-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(contentsOf: file)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        let target = includeToken ? path + (path.contains("?") ? "&" : "?") + "_csrf=" + (csrf ?? "") : path
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(.POST, target, headers: headers, bytes: [UInt8](body))
    }

    func signIn(_ username: String, _ password: String) async throws {
        try await get("/signin")
        let page = try await post("/signin", ["username": username, "password": password])
        #expect(page.status == .seeOther, "sign-in of \(username) failed with \(page.status)")
        try await get(page.location ?? "/")
    }

    static func encode(_ form: [String: String]) -> String { encode(form.map { ($0.key, $0.value) }) }

    static func encode(_ form: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return form.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: String?) async throws -> Page {
        try await send(method, path, headers: headers, bytes: body.map { Array($0.utf8) })
    }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, bytes body: [UInt8]?) async throws -> Page {
        var allHeaders = headers
        if !cookies.isEmpty {
            allHeaders.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        var buffer: ByteBuffer?
        if let body {
            buffer = ByteBuffer(bytes: body)
            allHeaders.replaceOrAdd(name: .contentLength, value: String(buffer!.readableBytes))
        }
        let request = Request(
            application: app, method: method, url: URI(string: path), headers: allHeaders, collectedBody: buffer,
            remoteAddress: try address.map { try SocketAddress(ipAddress: $0, port: 40000) }, logger: app.logger,
            on: app.eventLoopGroup.next())
        let response = try await app.responder.respond(to: request).get()
        let collected = try await response.body.collect(on: request.eventLoop).get()
        let text = collected.map { String(buffer: $0) } ?? ""
        for header in response.headers[.setCookie] {
            guard let pair = header.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]).trimmingCharacters(in: .whitespaces)
            let value = String(pair[pair.index(after: equals)...])
            state.withLockedValue { $0.cookies[name] = value.isEmpty || header.contains("Max-Age=0") ? nil : value }
        }
        if let token = Self.metaCSRF(text) { csrf = token }
        return Page(status: response.status, headers: response.headers, body: text, bytes: collected.map { Array($0.readableBytesView) } ?? [])
    }

    static func metaCSRF(_ html: String) -> String? {
        guard let range = html.range(of: "<meta name=\"csrf-token\" content=\"") else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        let token = String(rest[..<end])
        return token.isEmpty ? nil : token
    }
}
