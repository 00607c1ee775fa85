/// A category of beneficiary (divorced, widow, dependant…), configurable by an administrator.
enum BeneficiaryCategories: CatalogKind {
    static let schema = "beneficiary_categories"
}

typealias BeneficiaryCategory = CatalogEntry<BeneficiaryCategories>
