/// The kinds of file a document may be, recognised by their first bytes — never by the name they came with.
public enum UploadedFileKind: String, Sendable, CaseIterable {
    case pdf, jpeg, png

    public static let maximumBytes = 10 * 1024 * 1024

    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }

    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }

    public static func detect(_ bytes: some Collection<UInt8>) -> UploadedFileKind? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: [0x25, 0x50, 0x44, 0x46, 0x2D]) { return .pdf }  // %PDF-
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        return nil
    }

    /// A name safe to show: no folders, no control or direction-override characters, at most 120 characters.
    /// It is only ever displayed; files are stored by id.
    public static func displayName(_ raw: String) -> String {
        let lastPart = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = lastPart.unicodeScalars.filter { scalar in
            let value = scalar.value
            if value < 0x20 || value == 0x7F { return false }
            if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F || value == 0x061C {
                return false
            }
            return true
        }
        var name = String(String.UnicodeScalarView(cleaned)).trimmingWhitespace()
        while name.hasPrefix(".") { name.removeFirst() }
        return name.isEmpty ? "document" : String(name.prefix(120))
    }
}

/// The officer's check of a document against the applicant's data ([P-19]: valid at the time of submission).
public enum DocumentVerification: String, CaseIterable, Codable, Sendable {
    case pending, matched, mismatch, expired
    public var localizationKey: String { "document.verification.\(rawValue)" }
}

/// Where a required document of a file stands.
public enum RequirementState: String, Sendable, Codable {
    case missing, expired, pending, mismatch, satisfied
    public var localizationKey: String { "document.requirement.\(rawValue)" }
}
