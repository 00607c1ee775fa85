import Fluent
import Foundation
import LamasatCore
@testable import LamasatServer

extension TestContext {
    /// An active volunteer of `branch` (HQ by default), entered directly.
    func makeVolunteer(_ name: String = "نورة سالم الحربي", nationalID: String = "1000000016", mobile: String = "+966501234567",
                       branch: Branch? = nil, skills: [VolunteerSkill] = [.driving, .packing], districts: [String] = ["النسيم"],
                       slots: [AvailabilitySlot] = AvailabilitySlot.all, status: VolunteerStatus = .active) async throws -> Volunteer {
        let home: Branch
        if let branch { home = branch } else { home = try await headOffice() }
        let volunteer = Volunteer()
        volunteer.number = "V-2026-\(zeroPadded(try await Counters.next("volunteer", on: db), width: 6))"
        volunteer.name = name
        volunteer.nationalID = nationalID
        volunteer.mobile = mobile
        volunteer.email = ""
        volunteer.gender = .female
        volunteer.branchID = try home.requireID()
        volunteer.city = home.city
        volunteer.districts = CodeList.join(districts)
        volunteer.skills = CodeList.join(skills.map(\.rawValue))
        volunteer.languages = "ar"
        volunteer.availability = CodeList.join(slots.map(\.description))
        volunteer.transport = .ownCar
        volunteer.emergencyName = "سالم الحربي"
        volunteer.emergencyPhone = "+966551234567"
        volunteer.status = status
        volunteer.statusReason = ""
        volunteer.createdBy = UUID()
        volunteer.createdAt = clock.now()
        volunteer.updatedAt = clock.now()
        volunteer.version = 1
        try await volunteer.create(on: db)
        return volunteer
    }

    /// Records her typed signature of the current wording of every pledge, so that she may be given assignments.
    func signPledges(_ volunteer: Volunteer) async throws {
        for (kind, text) in try await VolunteerPledgeText.current(on: db) {
            let pledge = VolunteerPledge()
            pledge.volunteerID = try volunteer.requireID()
            pledge.kind = kind
            pledge.textVersion = text.version
            pledge.method = .typed
            pledge.signerName = volunteer.name
            pledge.signedAt = clock.now()
            try await pledge.create(on: db)
        }
    }

    /// A browser signed in to the volunteer area as `volunteer`, skipping the code by SMS.
    func volunteerBrowser(_ volunteer: Volunteer) async throws -> Browser {
        let token = try await VolunteerSession.open(for: try volunteer.requireID(), now: clock.now(), on: db)
        let browser = self.browser()
        browser.cookies[VolunteerSessionMiddleware.cookieName] = token
        return browser
    }
}
