import Foundation

/// Beneficiary files, their household members, and volunteers.
extension ImportRowReader {
    func readFile(_ row: inout RowCells) -> ImportedFile? {
        let nationalID = row.check(.nationalID) { try NationalID($0) }
        let name = row.arabicName()
        let birth = row.birth(.birthDate)
        let mobile = row.check(.mobile) { try SaudiMobile($0) }
        var iban = ""
        if !row.cell(.iban).isEmpty { iban = row.check(.iban) { try SaudiIBAN($0) }?.value ?? "" }
        let address = NationalAddress(buildingNumber: row.cell(.building), street: row.cell(.street), district: row.cell(.district),
                                      city: row.cell(.city), postalCode: row.cell(.postalCode), additionalNumber: "", shortAddress: "").normalized()
        for (part, key) in address.problems(required: false) {
            let field: ImportField = switch part {
            case .buildingNumber: .building
            case .street: .street
            case .district: .district
            case .postalCode: .postalCode
            default: .city
            }
            // A list rarely holds the whole national address: only a part it does hold must be well formed.
            if !row.cell(field).isEmpty { row.problem(field, key) }
        }
        row.limit([.nationality, .category, .branch, .city], to: 60)
        guard row.problems.isEmpty, let nationalID, let birth, let mobile else { return nil }
        let nationality = row.cell(.nationality).isEmpty ? (nationalID.kind == .citizen ? "سعودية" : "") : row.cell(.nationality)
        if nationality.isEmpty { row.problem(.nationality, "validation.required"); return nil }
        return ImportedFile(nationalID: nationalID, name: name, birthDate: birth.0, birthCalendar: birth.1, mobile: mobile, iban: iban,
                            nationality: nationality, address: address, category: row.cell(.category), branch: row.cell(.branch))
    }

    func readMember(_ row: inout RowCells) -> ImportedMember? {
        let mother = row.check(.motherNationalID) { try NationalID($0) }
        let name = row.cell(.fullName).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if name.isEmpty { row.problem(.fullName, "validation.required") } else if name.count > 120 { row.problem(.fullName, "validation.tooLong") }
        var memberID = ""
        if !row.cell(.nationalID).isEmpty { memberID = row.check(.nationalID) { try NationalID($0) }?.value ?? "" }
        let birth = row.birth(.birthDate)
        let relation = ImportWords.relation(row.cell(.relation))
        if relation == nil { row.problem(.relation, "import.problem.relation") }
        let sex = row.cell(.sex).isEmpty ? relation.map(ImportWords.sex(of:)) : ImportWords.sex(row.cell(.sex))
        if sex == nil, relation != nil { row.problem(.sex, "validation.choose") }
        guard row.problems.isEmpty, let mother, let birth, let relation, let sex else { return nil }
        return ImportedMember(motherNationalID: mother, fullName: name, relation: relation, nationalID: memberID, birthDate: birth.0, sex: sex)
    }

    /// A volunteer the association already works with: the volunteer form's identity, contact and reach. What a list
    /// rarely holds (availability, languages, emergency contact) is completed on her record before any assignment.
    func readVolunteer(_ row: inout RowCells) -> ImportedVolunteer? {
        let nationalID = row.check(.nationalID) { try NationalID($0) }
        let name = row.arabicName()
        let mobile = row.check(.mobile) { try SaudiMobile($0) }
        let email = row.email()
        // The association's volunteers are mostly women: a list without the column means women.
        let gender = row.cell(.sex).isEmpty ? Gender.female : ImportWords.gender(row.cell(.sex))
        if gender == nil { row.problem(.sex, "validation.choose") }
        if row.cell(.city).isEmpty { row.problem(.city, "validation.required") }
        var skills: [VolunteerSkill] = []
        for word in ImportWords.list(row.cell(.skills)) {
            if let skill = ImportWords.skill(word) { if !skills.contains(skill) { skills.append(skill) } } else {
                row.problem(.skills, "import.problem.skill")
                break
            }
        }
        row.limit([.city, .branch], to: 60)
        row.limit([.district, .email], to: 200)
        guard row.problems.isEmpty, let nationalID, let mobile, let gender else { return nil }
        return ImportedVolunteer(nationalID: nationalID, name: name, mobile: mobile, email: email, gender: gender, city: row.cell(.city),
                                 districts: ImportWords.list(row.cell(.district)), skills: skills, branch: row.cell(.branch))
    }
}
