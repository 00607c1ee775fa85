import Foundation

/// What an API token may do, chosen by the administrator when she creates it. A token acts as a relations officer
/// of its branch, narrowed to the permissions of its scopes: RBAC and branch scope are the pages' own.
public enum APIScope: String, CaseIterable, Codable, Sendable, Hashable {
    case filesRead = "files.read"
    case filesWrite = "files.write"
    case requestsRead = "requests.read"
    case requestsWrite = "requests.write"
    case relationsWrite = "relations.write"

    /// The role every integration's account has; its scopes narrow it.
    public static let integrationRole: Role = .relationsOfficer

    public var permissions: Set<Permission> {
        switch self {
        case .filesRead: [.viewBeneficiaries]
        case .filesWrite: [.viewBeneficiaries, .editBeneficiaries, .verifyDocuments]
        case .requestsRead: [.viewBeneficiaries]
        case .requestsWrite: [.viewBeneficiaries, .takeRequests]
        case .relationsWrite: [.handleInquiries, .handleComplaints, .logContacts]
        }
    }

    public var localizationKey: String { "apiScope.\(rawValue)" }

    /// Scopes as stored: their raw values, comma-separated; unknown names are dropped.
    public static func parse(_ stored: String) -> Set<APIScope> {
        Set(stored.split(separator: ",").compactMap { APIScope(rawValue: String($0).trimmingCharacters(in: .whitespaces)) })
    }

    public static func stored(_ scopes: Set<APIScope>) -> String {
        scopes.map(\.rawValue).sorted().joined(separator: ",")
    }

    public static func permissions(of scopes: Set<APIScope>) -> Set<Permission> {
        scopes.reduce(into: []) { $0.formUnion($1.permissions) }
    }
}
