import Fluent
import Foundation
import LamasatCore
import Vapor

/// The sections other volunteer features add to her record page: her approved hours with the way to her certificates,
/// and how many volunteer-service contacts name her (a count only: the contacts are beneficiaries' records).
enum VolunteerRecordSections {
    static let all: [VolunteerRecordPage.Provider] = [hours, serviceContacts]

    static let hours: VolunteerRecordPage.Provider = { req, volunteer in
        let id = try volunteer.requireID()
        let totals = try await VolunteerHours.totals(for: id, on: req.db)
        let pending = try await VolunteerAssignment.query(on: req.db).filter(\.$volunteerID == id).filter(\.$hoursStatus == .pending).count()
        let certificates = try await VolunteerCertificate.query(on: req.db).filter(\.$volunteerID == id).count()
        var facts = [FactRow(label: req.t("volunteer.hours.totalApproved"), value: VolunteerHoursTotals.hours(totals.minutes), dir: nil, link: nil)]
        if pending > 0 { facts.append(FactRow(label: req.t("volunteer.hours.status.pending"), value: String(pending), dir: nil, link: "/volunteers/hours")) }
        facts.append(FactRow(label: req.t("volunteer.certificate.issued"), value: String(certificates), dir: nil, link: nil))
        return VolunteerPageSection(title: req.t("volunteer.hours.totals"), facts: facts,
                                    lines: totals.byKind.map { "\(req.t($0.kind.localizationKey)): \(VolunteerHoursTotals.hours($0.minutes))" },
                                    link: "/volunteers/\(id.uuidString)/certificate", linkLabel: req.t("volunteer.certificate.title"))
    }

    static let serviceContacts: VolunteerRecordPage.Provider = { req, volunteer in
        let count = try await VolunteerServiceContacts.count(for: try volunteer.requireID(), on: req.db)
        guard count > 0 else { return nil }
        return VolunteerPageSection(title: req.t("channel.volunteerService"),
                                    facts: [FactRow(label: req.t("volunteer.record.serviceContacts"), value: String(count), dir: nil, link: nil)])
    }
}
