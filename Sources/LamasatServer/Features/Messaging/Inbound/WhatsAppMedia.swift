import Foundation
import LamasatCore
import Vapor

/// Fetches a media she sent: the Graph API's GET /{media-id} names a URL, size and type; the bytes at that URL
/// (with the same token) are checked as uploads are — at most 10 MB, PDF, JPEG or PNG by content.
struct WhatsAppMedia {
    let client: any Client
    let config: MessagingConfig.WhatsApp?
    let timeoutSeconds: Int64

    struct Described: Decodable { let url: String; let mime_type: String?; let file_size: Int? }

    func fetch(_ media: WhatsAppPayload.Media) async -> InboundIntake.Media {
        guard let config else { return .refused("media download not configured") }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .authorization, value: "Bearer \(config.token)")
        do {
            let safeID = media.id.filter { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
            let about = try await get("\(config.baseURL)/\(safeID)", headers: headers)
            guard about.status == .ok, let described = try? about.content.decode(Described.self) else { return .refused("media not found (\(about.status.code))") }
            if let size = described.file_size, size > UploadedFileKind.maximumBytes { return .refused("too large: \(size) bytes") }
            let content = try await get(described.url, headers: headers)
            guard content.status == .ok, let body = content.body else { return .refused("download failed (\(content.status.code))") }
            let bytes = Array(body.readableBytesView)
            guard bytes.count <= UploadedFileKind.maximumBytes else { return .refused("too large: \(bytes.count) bytes") }
            guard let kind = UploadedFileKind.detect(bytes) else { return .refused("type not accepted: \(described.mime_type ?? media.mime_type ?? "unknown")") }
            return .accepted(name: media.filename ?? "whatsapp.\(kind.fileExtension)", kind: kind, bytes: bytes)
        } catch {
            return .refused("no answer: \(String(describing: type(of: error)))")
        }
    }

    private func get(_ url: String, headers: HTTPHeaders) async throws -> ClientResponse {
        var request = ClientRequest(method: .GET, url: URI(string: url), headers: headers)
        request.timeout = .seconds(timeoutSeconds)
        return try await client.send(request).get()
    }
}
