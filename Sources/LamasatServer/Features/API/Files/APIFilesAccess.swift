/// The files part's operations (beneficiaries, family, documents, catalogs) and what each needs: the permissions
/// of the staff pages that do the same.
extension APIAccess {
    static let files: [String: Access] = [
        "GET /beneficiaries": .api(.viewBeneficiaries),
        "POST /beneficiaries/search": .api(.viewBeneficiaries),
        "POST /beneficiaries": .api(.editBeneficiaries),
        "GET /beneficiaries/{beneficiaryId}": .api(.viewBeneficiaries),
        "PUT /beneficiaries/{beneficiaryId}": .api(.editBeneficiaries),
        "GET /beneficiaries/{beneficiaryId}/family": .api(.viewBeneficiaries),
        "POST /beneficiaries/{beneficiaryId}/family": .api(.editBeneficiaries),
        "GET /beneficiaries/{beneficiaryId}/documents": .api(.viewBeneficiaries),
        "POST /beneficiaries/{beneficiaryId}/documents": .api(.editBeneficiaries),
        "GET /documents/{documentId}/content": .api(.viewBeneficiaries),
        "GET /catalogs/categories": .api(nil),
        "GET /catalogs/support-types": .api(nil),
        "GET /catalogs/document-types": .api(nil),
    ]
}
