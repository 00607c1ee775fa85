/// The files part's operations (beneficiaries, family, documents, catalogs) and what each needs.
extension APIAccess {
    static let files: [String: Access] = [:]
}
