import Fluent
import Vapor
import Foundation
import LamasatCore
@testable import LamasatServer

extension TestContext {
    /// One of the funds the migration seeds: zakat, general, sadaqa, rent, ramadan, school.
    func fund(_ code: String) async throws -> Fund {
        try await Fund.query(on: db).filter(\.$code == code).first()!
    }

    /// A donor of `branch` (HQ by default), entered directly.
    func makeDonor(_ name: String = "عبدالله محمد السالم", kind: DonorKind = .individual, mobile: String = "+966505550001",
                   branch: Branch? = nil, consents: Bool = true, anonymous: Bool = false) async throws -> Donor {
        let home: Branch
        if let branch { home = branch } else { home = try await headOffice() }
        let donor = Donor()
        donor.number = ReferenceNumber("D", sequence: try await Counters.next("donor", on: db), at: clock.now()).description
        donor.kind = kind
        donor.name = name
        donor.contactPerson = ""
        donor.identifier = ""
        donor.mobile = mobile
        donor.email = ""
        donor.city = home.city
        donor.preferredChannel = .sms
        donor.consentsToContact = consents
        donor.consentAt = consents ? clock.now() : nil
        donor.isAnonymous = anonymous
        donor.branchID = try home.requireID()
        donor.notes = ""
        donor.isActive = true
        donor.createdBy = UUID()
        donor.createdAt = clock.now()
        donor.updatedAt = clock.now()
        donor.version = 1
        try await donor.create(on: db)
        return donor
    }

    /// A cash gift of `riyals` to the fund `code`, received today, entered directly.
    @discardableResult
    func giveCash(_ riyals: Int64, to code: String, from donor: Donor? = nil, method: DonationMethod = .bankTransfer) async throws -> Donation {
        let giver: Donor
        if let donor { giver = donor } else { giver = try await makeDonor(mobile: "+96650\(Int.random(in: 1_000_000...9_999_999))") }
        let fund = try await fund(code)
        let donation = Donation()
        donation.donorID = try giver.requireID()
        donation.branchID = giver.branchID
        donation.kind = .cash
        donation.method = method
        donation.amount = riyals * 100
        donation.designation = fund.designation
        donation.fundID = try fund.requireID()
        donation.receivedOn = CalendarDay.today(clock.now()).description
        donation.reference = ""
        donation.note = ""
        donation.status = .received
        donation.cancelReason = ""
        donation.recordedBy = UUID()
        donation.recordedAt = clock.now()
        try await donation.create(on: db)
        return donation
    }
}

extension Role {
    /// What the access gate answers this role on a route of `permission` it does not hold: 403, but 404 for a
    /// money-only role on beneficiary work (issue 18), which does not learn that the route exists.
    func refusal(of permission: Permission) -> HTTPStatus {
        worksWithMoneyOnly && Permission.beneficiaryWork.contains(permission) ? .notFound : .forbidden
    }
}
