/// The requests and relations part's operations (requests, timeline, inquiries, complaints, status) and what each needs.
extension APIAccess {
    static let requests: [String: Access] = [:]
}
