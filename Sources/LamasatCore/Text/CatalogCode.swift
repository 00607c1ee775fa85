/// The code of a catalog entry (a category, a document type, a support type): 2–30 of a–z, 0–9 and "_", stable
/// across renames and languages.
public enum CatalogCode {
    public static func isValid(_ code: String) -> Bool {
        (2...30).contains(code.count) && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
