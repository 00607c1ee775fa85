import Vapor

/// The generated server writes a response header's value URI-encoded, as it would a path parameter (`"` as `%22`,
/// `/` as `%2F`). ETag and Location are put back as HTTP has them, so that a client can send the ETag back as it
/// came and follow the Location.
enum APIResponseHeaders {
    static let restored: [HTTPHeaders.Name] = [.eTag, .location]

    static func restore(_ response: Response) {
        for name in restored {
            guard let value = response.headers.first(name: name), value.contains("%"), let plain = value.removingPercentEncoding else { continue }
            response.headers.replaceOrAdd(name: name, value: plain)
        }
    }
}
