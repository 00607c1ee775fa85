import Fluent
import LamasatCore
import Vapor

/// Loading a file through the branch rule: a file outside the staff member's scope is "not found", so its
/// existence is not revealed.
extension Request {
    /// An anonymised file (retention) is only read: every change to it, or through it, is refused here.
    func reachableBeneficiary(_ parameter: String = "beneficiaryID") async throws -> Beneficiary {
        let file = try await scoped(Beneficiary.self, id: parameters.get(parameter), branch: \.$branch.$id) { $0.with(\.$category).with(\.$branch) }
        if file.anonymisedAt != nil, method != .GET, method != .HEAD {
            throw RefusedWithReason(status: .conflict, messageKey: "beneficiary.error.anonymised")
        }
        return file
    }

    /// Categories for forms: the active ones, plus the file's own if it was retired since.
    func formCategories(including current: UUID? = nil) async throws -> [BeneficiaryCategory] {
        try await BeneficiaryCategory.query(on: db).sort(\.$sortOrder).all().filter { $0.isActive || $0.id == current }
    }

    /// Branches a staff member may place a file in.
    func formBranches() async throws -> [Branch] {
        let staff = try requireStaff()
        let query = Branch.query(on: db).filter(\.$isActive == true).sort(\.$code)
        if let own = staff.ownBranchOnly { query.filter(\.$id == own) }
        return try await query.all()
    }
}

extension Beneficiary {
    /// Writes checked form values onto the file.
    func apply(_ valid: BeneficiaryForm.Valid) throws {
        nationalID = valid.nationalID.value
        nameFirst = valid.name.first
        nameFather = valid.name.father
        nameGrandfather = valid.name.grandfather
        nameFamily = valid.name.family
        nameLatin = valid.nameLatin
        nameNormalized = ArabicSearch.normalize(valid.name.full)
        birthDate = valid.birthDate.description
        birthCalendar = valid.birthCalendar
        $category.id = try valid.category.requireID()
        nationality = valid.nationality
        mobile = valid.mobile.e164
        alternatePhone = valid.alternatePhone
        email = valid.email
        addressBuilding = valid.address.buildingNumber
        addressStreet = valid.address.street
        addressDistrict = valid.address.district
        addressCity = valid.address.city
        addressPostalCode = valid.address.postalCode
        addressAdditional = valid.address.additionalNumber
        addressShort = valid.address.shortAddress
        $branch.id = try valid.branch.requireID()
        education = valid.education
        employment = valid.employment
        monthlyIncome = valid.monthlyIncome.halalas
        incomeSources = valid.incomeSources
        housing = valid.housing
        monthlyRent = valid.monthlyRent.halalas
        healthNotes = valid.healthNotes
        hasDisability = valid.hasDisability
        iban = valid.iban
    }
}
