import Foundation

/// Past aid, donors and their gifts.
extension ImportRowReader {
    func readAid(_ row: inout RowCells) -> ImportedAid? {
        let nationalID = row.check(.nationalID) { try NationalID($0) }
        if row.cell(.supportType).isEmpty { row.problem(.supportType, "validation.required") }
        let day = row.pastDay(.day)
        let amount = row.money(.amount, required: false)
        var quantity = 0
        if !row.cell(.quantity).isEmpty {
            if let n = ArabicDigits.parseInt(row.cell(.quantity)), n >= 0, n <= 100_000 { quantity = n } else { row.problem(.quantity, "import.problem.quantity") }
        }
        row.limit([.description], to: 200)
        row.limit([.supportType], to: 80)
        guard row.problems.isEmpty, let nationalID, let day, let amount else { return nil }
        return ImportedAid(nationalID: nationalID, supportType: row.cell(.supportType), day: day, amount: amount, quantity: quantity,
                           description: row.cell(.description))
    }

    /// A donor, person or organization, as the donor form takes her; she must be findable again by an identifier or
    /// a mobile, which is also what makes a second import of the list change nothing.
    func readDonor(_ row: inout RowCells) -> ImportedDonor? {
        let name = row.cell(.fullName).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if name.isEmpty { row.problem(.fullName, "validation.required") }
        let kind = row.cell(.donorKind).isEmpty ? DonorKind.individual : ImportWords.donorKind(row.cell(.donorKind))
        if kind == nil { row.problem(.donorKind, "validation.choose") }
        var identifier = ""
        if let kind { identifier = row.check(.identifier) { try DonorIdentifier.check($0, kind: kind) } ?? "" }
        var mobile = ""
        if !row.cell(.mobile).isEmpty { mobile = row.check(.mobile) { try SaudiMobile($0) }?.e164 ?? "" }
        let email = row.email()
        if kind == .organization, row.cell(.contactPerson).isEmpty { row.problem(.contactPerson, "donor.error.contactPerson") }
        if row.problems.isEmpty, identifier.isEmpty, mobile.isEmpty { row.problem(.identifier, "import.problem.donorKey") }
        let consents = ImportWords.yes(row.cell(.consent))
        if consents == nil { row.problem(.consent, "import.problem.yesNo") }
        row.limit([.fullName, .contactPerson], to: 120)
        row.limit([.city, .branch], to: 60)
        guard row.problems.isEmpty, let kind, let consents else { return nil }
        return ImportedDonor(name: name, kind: kind, identifier: identifier, mobile: mobile, email: email, city: row.cell(.city),
                             contactPerson: row.cell(.contactPerson), consents: consents, branch: row.cell(.branch))
    }

    /// A past cash gift, with the donation form's rules: an amount above zero, a day not in the future, a method,
    /// and the bank's or terminal's reference for a transfer or a card.
    func readDonation(_ row: inout RowCells) -> ImportedDonation? {
        let donor = ImportWords.donorReference(row.cell(.donor))
        if donor.isEmpty { row.problem(.donor, "validation.required") }
        let amount = row.money(.amount, required: true)
        if amount == 0 { row.problem(.amount, "donation.error.zero") }
        let day = row.pastDay(.day)
        let method = ImportWords.method(row.cell(.method))
        if method == nil { row.problem(.method, row.cell(.method).isEmpty ? "validation.required" : "validation.choose") }
        if method == .bankTransfer || method == .cardTerminal, row.cell(.reference).isEmpty { row.problem(.reference, "donation.error.reference") }
        let designation = row.cell(.designation).isEmpty ? Designation.general : ImportWords.designation(row.cell(.designation))
        if designation == nil { row.problem(.designation, "validation.choose") }
        row.limit([.reference, .fund], to: 80)
        row.limit([.description], to: 500)
        guard row.problems.isEmpty, let amount, let day, let method, let designation else { return nil }
        return ImportedDonation(donor: donor, amount: amount, day: day, method: method, reference: row.cell(.reference), designation: designation,
                                fund: row.cell(.fund), note: row.cell(.description))
    }
}
