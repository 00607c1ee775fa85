import Fluent
import LamasatCore
import Vapor

/// Feeds `VolunteerMatching` from the database: the branch's active volunteers who are not yet on this opportunity,
/// their missing pledges, their other open assignments' times and their recent load — a handful of queries, not one
/// per volunteer.
enum VolunteerCandidates {
    /// How far back "recent assignments" (fair share) looks.
    static let recentDays = 90.0

    static func match(_ opportunity: VolunteerOpportunity, now: Date, on db: any Database) async throws -> (VolunteerMatching.Result, [UUID: Volunteer]) {
        let id = try opportunity.requireID()
        let onThis = Set(try await VolunteerAssignment.query(on: db).filter(\.$opportunityID == id).all().map(\.volunteerID))
        let volunteers = try await Volunteer.query(on: db).filter(\.$branchID == opportunity.branchID).filter(\.$status == .active).all()
            .filter { !onThis.contains($0.id!) }
        let ids = volunteers.compactMap(\.id)
        let texts = try await VolunteerPledgeText.current(on: db)
        let pledges = try await VolunteerPledge.query(on: db).filter(\.$volunteerID ~~ ids).all()
        let theirs = try await VolunteerAssignment.query(on: db).filter(\.$volunteerID ~~ ids).filter(\.$opportunityID != id).all()
        let open = theirs.filter(\.status.isOpen)
        let times = try await VolunteerOpportunity.query(on: db).filter(\.$id ~~ Set(open.map(\.opportunityID))).all()
            .reduce(into: [UUID: DateInterval]()) { $0[$1.id!] = DateInterval(start: $1.startsAt, end: max($1.startsAt, $1.endsAt)) }
        let since = now.addingTimeInterval(-recentDays * 86_400)
        let candidates = volunteers.map { v in
            VolunteerMatching.Candidate(
                id: v.id!, name: v.name, status: v.status, skills: Set(v.skillList), districts: v.districtList, slots: v.slots,
                pledgesMissing: PledgeKind.allCases.filter { kind in
                    guard let text = texts[kind] else { return false }
                    return !pledges.contains { $0.volunteerID == v.id && $0.kind == kind && $0.textVersion == text.version }
                },
                busy: open.filter { $0.volunteerID == v.id }.compactMap { times[$0.opportunityID] },
                recentAssignments: theirs.filter { $0.volunteerID == v.id && $0.offeredAt >= since && ![.declined, .cancelled].contains($0.status) }.count)
        }
        let need = VolunteerMatching.Need(skills: opportunity.skillList, district: opportunity.district, startsAt: opportunity.startsAt, endsAt: opportunity.endsAt)
        return (VolunteerMatching.rank(need, candidates), Dictionary(uniqueKeysWithValues: volunteers.map { ($0.id!, $0) }))
    }

    /// The reasons shown beside her name: "القيادة، في حيّها، متاحة الأحد صباحًا".
    static func reasons(_ match: VolunteerMatching.Match, req: Request) -> String {
        var parts: [String] = match.skills.map { req.t($0.localizationKey) }
        if !match.missingSkills.isEmpty { parts.append(req.t("volunteer.match.missingSkills", list(match.missingSkills.map { req.t($0.localizationKey) }, req))) }
        parts.append(req.t(match.inDistrict ? "volunteer.match.inDistrict" : "volunteer.match.otherDistrict"))
        if !match.availableSlots.isEmpty { parts.append(req.t("volunteer.match.available", slots(match.availableSlots, req))) }
        if !match.unavailableSlots.isEmpty { parts.append(req.t("volunteer.match.unavailable", slots(match.unavailableSlots, req))) }
        if !match.pledgesMissing.isEmpty { parts.append(req.t("volunteer.match.mustSign", list(match.pledgesMissing.map { req.t($0.localizationKey) }, req))) }
        parts.append(req.t("volunteer.match.recent", String(match.recentAssignments)))
        return list(parts, req)
    }

    /// "الأحد صباحًا"
    static func slots(_ slots: [AvailabilitySlot], _ req: Request) -> String {
        list(slots.map { req.t("volunteer.day.\($0.day.rawValue)") + " " + req.t("volunteer.part.\($0.part.rawValue)") }, req)
    }

    static func list(_ items: [String], _ req: Request) -> String { items.joined(separator: req.language == .ar ? "، " : ", ") }
}
