/// The Saudi national address (العنوان الوطني): building number (4 digits), street, district, city, postal code
/// (5 digits), additional number (4 digits) and the short address (4 letters + 4 digits, e.g. RRRD2929).
public struct NationalAddress: Equatable, Sendable, Codable {
    public enum Field: String, CaseIterable, Sendable {
        case buildingNumber, street, district, city, postalCode, additionalNumber, shortAddress
    }

    public var buildingNumber: String
    public var street: String
    public var district: String
    public var city: String
    public var postalCode: String
    public var additionalNumber: String
    public var shortAddress: String

    public init(buildingNumber: String = "", street: String = "", district: String = "", city: String = "",
                postalCode: String = "", additionalNumber: String = "", shortAddress: String = "") {
        self.buildingNumber = buildingNumber
        self.street = street
        self.district = district
        self.city = city
        self.postalCode = postalCode
        self.additionalNumber = additionalNumber
        self.shortAddress = shortAddress
    }

    /// The address as typed, with digits made Western and codes upper-cased and without spaces.
    public func normalized() -> NationalAddress {
        func code(_ text: String) -> String { ArabicDigits.westernized(text).filter { !$0.isWhitespace }.uppercased() }
        return NationalAddress(
            buildingNumber: code(buildingNumber), street: street.trimmingWhitespace(), district: district.trimmingWhitespace(),
            city: city.trimmingWhitespace(), postalCode: code(postalCode), additionalNumber: code(additionalNumber),
            shortAddress: code(shortAddress))
    }

    /// On one line, as on an envelope: "3131 شارع التحلية، العليا، الرياض 12345-6789 (RRRD3131)".
    public var singleLine: String {
        let a = normalized()
        let place = [a.buildingNumber + (a.street.isEmpty ? "" : " " + a.street), a.district, a.city].map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let postal = a.postalCode + (a.additionalNumber.isEmpty ? "" : "-" + a.additionalNumber)
        return ([place.joined(separator: "، ")] + [postal, a.shortAddress.isEmpty ? "" : "(\(a.shortAddress))"]).filter { !$0.isEmpty }.joined(separator: " ")
    }

    public var isEmpty: Bool { Field.allCases.allSatisfy { value(of: $0).isEmpty } }

    public func value(of field: Field) -> String {
        switch field {
        case .buildingNumber: buildingNumber
        case .street: street
        case .district: district
        case .city: city
        case .postalCode: postalCode
        case .additionalNumber: additionalNumber
        case .shortAddress: shortAddress
        }
    }

    /// Problems per field as localization keys. An address may be left out entirely; once begun, the city and the
    /// codes that identify the building must be right.
    public func problems(required: Bool = false) -> [Field: String] {
        let address = normalized()
        if address.isEmpty && !required { return [:] }
        var found: [Field: String] = [:]
        func digits(_ text: String, _ count: Int) -> Bool { text.count == count && text.allSatisfy { ("0"..."9").contains($0) } }
        if !digits(address.buildingNumber, 4) { found[.buildingNumber] = "validation.address.buildingNumber" }
        if !digits(address.postalCode, 5) { found[.postalCode] = "validation.address.postalCode" }
        if !address.additionalNumber.isEmpty, !digits(address.additionalNumber, 4) {
            found[.additionalNumber] = "validation.address.additionalNumber"
        }
        if !address.shortAddress.isEmpty {
            let letters = address.shortAddress.prefix(4), numbers = address.shortAddress.dropFirst(4)
            let ok = address.shortAddress.count == 8 && letters.allSatisfy { ("A"..."Z").contains($0) }
                && numbers.allSatisfy { ("0"..."9").contains($0) }
            if !ok { found[.shortAddress] = "validation.address.shortAddress" }
        }
        if address.city.isEmpty { found[.city] = "validation.required" }
        for field in [Field.street, .district, .city] where address.value(of: field).count > 100 {
            found[field] = "validation.tooLong"
        }
        return found
    }
}
