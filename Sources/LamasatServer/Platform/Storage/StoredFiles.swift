import Fluent
import LamasatCore
import Vapor

/// Reading an uploaded file of a form (PDF, JPEG or PNG up to 10 MB, checked by content) and sending one back.
enum StoredFiles {
    /// nil when nothing was chosen; a localized error key when the file is refused.
    static func read(_ file: File?) -> Result<(name: String, kind: UploadedFileKind, bytes: [UInt8])?, StoredFileProblem> {
        guard let file, file.data.readableBytes > 0 else { return .success(nil) }
        let bytes = Array(file.data.readableBytesView)
        guard bytes.count <= UploadedFileKind.maximumBytes else { return .failure(.tooLarge) }
        guard let kind = UploadedFileKind.detect(bytes) else { return .failure(.kind) }
        return .success((file.filename, kind, bytes))
    }

    enum StoredFileProblem: String, Error {
        case tooLarge, kind
        var localizationKey: String { "document.error.\(rawValue)" }
    }

    /// Sends a stored file as an attachment named by the caller, never by the uploaded name.
    static func response(_ file: StoredFile, name: String) -> Response {
        response(contentType: file.contentType, data: file.data, name: name, inline: false)
    }

    static func response(contentType: String, data: Data, name: String, inline: Bool) -> Response {
        let kind = UploadedFileKind.allCases.first { $0.contentType == contentType } ?? .pdf
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "\(inline ? "inline" : "attachment"); filename=\"\(name).\(kind.fileExtension)\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
