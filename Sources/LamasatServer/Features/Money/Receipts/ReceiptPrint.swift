import Fluent
import LamasatCore
import Vapor

/// Everything a receipt shows, on A4, on an 80 mm slip and on the donor's public link: the association's name and
/// licence, the number, both calendars, the donor, the amount in figures and in words, designation and fund, method
/// and reference, the items of an in-kind gift, who received it, and a clear "ملغى" with the reason when cancelled.
struct ReceiptPrint: Encodable {
    struct Item: Encodable { let name: String; let quantity: Int; let unit: String; let value: String }

    let id: String
    let organization: OrganizationProfile
    let number: String
    let cancelled: Bool
    let cancelReason: String
    let cancelledOn: String?
    let issued: String
    let received: String
    let donorName: String
    let donorNumber: String
    let amount: String
    let words: String
    let kind: String
    let inKind: Bool
    let designation: String
    let fund: String?
    let method: String?
    let reference: String
    let items: [Item]?
    let receivedBy: String

    /// The receipt with its gift, donor, fund, items and issuer. `publicPage`: the donor's link, where an anonymous
    /// donor is "فاعل خير".
    static func make(_ req: Request, _ receipt: Receipt, publicPage: Bool = false) async throws -> ReceiptPrint {
        guard let donation = try await Donation.find(receipt.donationID, on: req.db),
              let donor = try await Donor.find(donation.donorID, on: req.db) else { throw Abort(.notFound) }
        let language = req.language
        let formatter = DualCalendarFormatter(language: language)
        let fund = try await donation.fundID.asyncMap { try await Fund.find($0, on: req.db) } ?? nil
        let lines = try await DonationItem.query(on: req.db).filter(\.$donationID == donation.requireID()).all()
        let stock = Dictionary(uniqueKeysWithValues: try await StockItem.query(on: req.db).all().compactMap { s in s.id.map { ($0, s) } })
        let issuer = try await StaffUser.find(receipt.issuedBy, on: req.db)
        let amount = Money(halalas: donation.amount)
        return ReceiptPrint(
            id: try receipt.requireID().uuidString, organization: try await req.organization(), number: receipt.number,
            cancelled: receipt.status == .cancelled, cancelReason: receipt.cancelReason,
            cancelledOn: receipt.cancelledAt.map { formatter.date($0).combined },
            issued: formatter.date(receipt.issuedAt).combined,
            received: CalendarDay(stored: donation.receivedOn).map { formatter.date($0.moment).combined } ?? donation.receivedOn,
            donorName: publicPage ? donor.publicName : donor.name, donorNumber: publicPage ? "" : donor.number,
            amount: amount.formatted(language), words: ArabicAmountWords.words(amount, language: language),
            kind: req.t(donation.kind.localizationKey), inKind: donation.kind == .inKind, designation: req.t(donation.designation.localizationKey),
            fund: fund?.name(in: language), method: donation.method == .none ? nil : req.t(donation.method.localizationKey),
            reference: donation.reference,
            items: lines.map { line in
                let item = stock[line.itemID]
                return Item(name: item?.name(in: language) ?? "—", quantity: line.quantity, unit: item?.unit ?? "",
                            value: Money(halalas: line.unitValue * Int64(line.quantity)).formatted(language))
            }.nonEmpty,
            receivedBy: issuer?.fullName ?? "—")
    }
}
