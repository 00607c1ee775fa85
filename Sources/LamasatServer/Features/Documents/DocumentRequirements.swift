import Fluent
import LamasatCore
import Vapor

/// Which documents a file needs for its category, and where each stands today ([P-19], [P-23]). The list filter
/// "documents incomplete" (`BeneficiaryRegistry.incompleteDocumentsCondition`) applies the same rule in SQL.
struct DocumentRequirements {
    struct Item {
        let type: DocumentType
        let state: RequirementState
        let document: BeneficiaryDocument?
    }

    let items: [Item]

    var isComplete: Bool { items.allSatisfy { $0.state == .satisfied } }

    /// `alsoRequired` adds document type codes a support type asks for ([P-19] verification of a request).
    static func evaluate(_ file: Beneficiary, today: Date, alsoRequired: Set<String> = [], on db: any Database) async throws -> DocumentRequirements {
        let categoryCode = try await BeneficiaryCategory.find(file.$category.id, on: db)?.code ?? ""
        let types = try await DocumentType.query(on: db).sort(\.$sortOrder).all()
            .filter { $0.isRequired(for: categoryCode) || ($0.isActive && alsoRequired.contains($0.code)) }
        let documents = try await BeneficiaryDocument.query(on: db).filter(\.$beneficiary.$id == file.requireID())
            .sort(\.$uploadedAt, .descending).all()
        let day = CalendarDay.today(today).description
        return DocumentRequirements(items: types.map { type in
            let ofType = documents.filter { $0.$type.id == type.id }
            // Any matched, unexpired document satisfies the need; otherwise the newest one tells what is wrong.
            if let valid = ofType.first(where: { $0.effectiveVerification(today: day) == .matched }) {
                return Item(type: type, state: .satisfied, document: valid)
            }
            guard let latest = ofType.first else {
                return Item(type: type, state: .missing, document: nil)
            }
            let state: RequirementState = switch latest.effectiveVerification(today: day) {
            case .expired: .expired
            case .pending: .pending
            case .mismatch: .mismatch
            case .matched: .satisfied
            }
            return Item(type: type, state: state, document: latest)
        })
    }
}
