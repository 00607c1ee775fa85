import Fluent
import Foundation
import LamasatCore
import Vapor

/// A part of the record page that another feature adds (opportunities, hours, certificates): a title, facts and a link.
struct VolunteerPageSection: Encodable {
    let title: String
    var facts: [FactRow] = []
    var lines: [String] = []
    var link: String? = nil
    var linkLabel: String? = nil
}

/// `/volunteers/:volunteerID`: her details, status and its history, pledges, assignments. Other parts of the
/// volunteer features add sections by appending a provider to `VolunteerRecordPage.providers` (one line each).
enum VolunteerRecordPage {
    typealias Provider = @Sendable (Request, Volunteer) async throws -> VolunteerPageSection?
    /// Sections added by other features, in order, after the assignments.
    static let providers: [Provider] = VolunteerRecordSections.all

    struct History: Encodable { let when: String; let change: String; let reason: String; let by: String }
    struct Pledge: Encodable { let kind: String; let version: Int; let method: String; let when: String; let by: String }
    struct Assignment: Encodable { let title: String; let kind: String; let when: String; let status: String; let statusCode: String }

    struct View: Encodable {
        let page: PageContext
        let id: String
        let number: String
        let name: String
        let status: String
        let statusCode: String
        let statusReason: String?
        let facts: [FactRow]
        let history: [History]?
        let pledges: [Pledge]?
        let missing: [String]?
        let assignments: [Assignment]?
        let sections: [VolunteerPageSection]
        let statusFields: [FormField]
    }

    /// `statusForm` is a status change sent back with its errors.
    static func render(_ req: Request, _ v: Volunteer, statusForm: (status: String, reason: String, errors: FieldErrors)? = nil,
                       status: HTTPStatus = .ok) async throws -> Response {
        let id = try v.requireID()
        let formatter = DualCalendarFormatter(language: req.language)
        let history = try await VolunteerStatusChange.query(on: req.db).filter(\.$volunteerID == id).sort(\.$changedAt, .descending).all()
        let pledges = try await VolunteerPledge.query(on: req.db).filter(\.$volunteerID == id).sort(\.$signedAt, .descending).all()
        let assignments = try await VolunteerAssignment.query(on: req.db).filter(\.$volunteerID == id).sort(\.$offeredAt, .descending).range(..<50).all()
        let opportunities = try await VolunteerOpportunity.query(on: req.db).filter(\.$id ~~ assignments.map(\.opportunityID)).all()
        let staffIDs = Set(history.compactMap(\.changedBy) + pledges.compactMap(\.recordedBy))
        let staff = try await StaffUser.query(on: req.db).filter(\.$id ~~ Array(staffIDs)).all()
        func staffName(_ id: UUID?) -> String { staff.first { $0.id == id }?.fullName ?? "—" }
        let branch = try await Branch.find(v.branchID, on: req.db)
        let list = { (items: [String]) in items.joined(separator: req.language == .ar ? "، " : ", ") }
        let application = v.applicationID.map { "/volunteers/applications?focus=\($0.uuidString)" }
        var facts = [
            FactRow(label: req.t("volunteer.record.number"), value: v.number, dir: "ltr"),
            FactRow(label: req.t("volunteer.record.field.nationalID"), value: v.nationalID, dir: "ltr"),
            FactRow(label: req.t("volunteer.record.field.gender"), value: req.t(v.gender.localizationKey), dir: nil),
            FactRow(label: req.t("volunteer.record.field.mobile"), value: (try? SaudiMobile(v.mobile))?.local ?? v.mobile, dir: "ltr"),
        ]
        if !v.email.isEmpty { facts.append(FactRow(label: req.t("volunteer.record.field.email"), value: v.email, dir: "ltr")) }
        facts += [
            FactRow(label: req.t("user.branch"), value: branch?.name(in: req.language) ?? "—", dir: nil),
            FactRow(label: req.t("volunteer.record.field.city"), value: v.city, dir: nil),
            FactRow(label: req.t("volunteer.record.field.districts"), value: list(v.districtList), dir: nil),
            FactRow(label: req.t("volunteer.record.field.skills"), value: list(v.skillList.map { req.t($0.localizationKey) }), dir: nil),
            FactRow(label: req.t("volunteer.record.field.languages"), value: list(CodeList.parse(v.languages).map { req.t("volunteer.language.\($0)") }), dir: nil),
            FactRow(label: req.t("volunteer.record.field.availability"), value: availabilitySummary(req, v.slots), dir: nil),
            FactRow(label: req.t("volunteer.record.field.transport"), value: req.t(v.transport.localizationKey), dir: nil),
            FactRow(label: req.t("volunteer.record.field.emergencyName"),
                    value: v.emergencyName + " · " + ((try? SaudiMobile(v.emergencyPhone))?.local ?? v.emergencyPhone), dir: nil),
            FactRow(label: req.t("volunteer.record.since"), value: formatter.date(v.createdAt).combined, dir: nil),
        ]
        if let application { facts.append(FactRow(label: req.t("volunteer.record.fromApplication"), value: req.t("volunteer.record.openApplication"), dir: nil, link: application)) }
        var sections: [VolunteerPageSection] = []
        for provider in providers { if let section = try await provider(req, v) { sections.append(section) } }
        let missing = try await VolunteerPledges.missing(for: id, on: req.db)
        let typed = statusForm ?? (status: "", reason: "", errors: [:])
        let statusFields = [
            FormField(name: "status", label: req.t("volunteer.record.newStatus"), kind: "select", error: typed.errors["status"], required: true,
                      options: [FormField.Option.choose(req)] + VolunteerStatus.allCases.filter { $0 != v.status }
                        .map { FormField.Option(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0.rawValue == typed.status) }),
            FormField(name: "reason", label: req.t("volunteer.record.reason"), value: typed.reason, error: typed.errors["reason"], required: true,
                      maxlength: 300, wide: true),
        ].prepared()
        try await req.audit("view", record: ("volunteer", id.uuidString))
        return try await req.render("volunteers/record", View(
            page: PageContext(req, title: v.name), id: id.uuidString, number: v.number, name: v.name,
            status: req.t(v.status.localizationKey), statusCode: v.status.rawValue, statusReason: v.statusReason.isEmpty ? nil : v.statusReason,
            facts: facts,
            history: history.map { .init(when: formatter.dateTime($0.changedAt).combined,
                                         change: req.t("volunteer.record.fromTo", req.t($0.from.localizationKey), req.t($0.to.localizationKey)),
                                         reason: $0.reason, by: staffName($0.changedBy)) }.nonEmpty,
            pledges: pledges.map { .init(kind: req.t($0.kind.localizationKey), version: $0.textVersion, method: req.t("volunteer.pledge.method.\($0.method.rawValue)"),
                                         when: formatter.dateTime($0.signedAt).combined,
                                         by: $0.recordedBy == nil ? req.t("volunteer.pledge.onHerPhone") : staffName($0.recordedBy)) }.nonEmpty,
            missing: missing.map { req.t($0.localizationKey) }.nonEmpty,
            assignments: assignments.map { a in
                let o = opportunities.first { $0.id == a.opportunityID }
                return .init(title: o?.title ?? "—", kind: o.map { req.t($0.kind.localizationKey) } ?? "—",
                             when: o.map { formatter.dateTime($0.startsAt).combined } ?? "—", status: req.t(a.status.localizationKey), statusCode: a.status.rawValue)
            }.nonEmpty,
            sections: sections, statusFields: statusFields
        )).encodeResponse(status: status, for: req)
    }

    /// "Sunday: mornings, evenings · Monday: …", in week order.
    static func availabilitySummary(_ req: Request, _ slots: Set<AvailabilitySlot>) -> String {
        let days = AvailabilitySlot.Day.allCases.compactMap { day -> String? in
            let parts = AvailabilitySlot.Part.allCases.filter { slots.contains(AvailabilitySlot(day, $0)) }
            guard !parts.isEmpty else { return nil }
            return req.t("volunteer.day.\(day.rawValue)") + ": " + parts.map { req.t("volunteer.part.\($0.rawValue)") }.joined(separator: req.language == .ar ? "، " : ", ")
        }
        return days.isEmpty ? "—" : days.joined(separator: " · ")
    }
}
