import Fluent
import LamasatCore
import Vapor

/// Which documents a file needs for its category, and where each stands today ([P-19], [P-23]).
struct DocumentRequirements {
    struct Item {
        let type: DocumentType
        let state: RequirementState
        let document: BeneficiaryDocument?
    }

    let items: [Item]

    var isComplete: Bool { items.allSatisfy { $0.state == .satisfied } }

    static func evaluate(_ file: Beneficiary, today: Date, on db: any Database) async throws -> DocumentRequirements {
        let categoryCode = try await BeneficiaryCategory.find(file.$category.id, on: db)?.code ?? ""
        let types = try await DocumentType.query(on: db).sort(\.$sortOrder).all().filter { $0.isRequired(for: categoryCode) }
        let documents = try await BeneficiaryDocument.query(on: db).filter(\.$beneficiary.$id == file.id!)
            .sort(\.$uploadedAt, .descending).all()
        let day = BirthDate.today(today).description
        return DocumentRequirements(items: types.map { type in
            // The newest document of the type is the one that counts.
            guard let latest = documents.first(where: { $0.$type.id == type.id }) else {
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
