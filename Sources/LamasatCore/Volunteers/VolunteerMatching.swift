import Foundation

/// Who to offer an opportunity to (issue 17): active volunteers of its branch, the unsigned set apart ("must sign
/// first"), those lacking a required skill set apart with what they lack, those already on an overlapping open
/// assignment left out; the rest ranked by district, then availability, then fewer recent assignments (fair share).
public enum VolunteerMatching {
    /// What the opportunity asks for.
    public struct Need: Sendable {
        public var skills: [VolunteerSkill]
        public var district: String
        public var startsAt: Date
        public var endsAt: Date
        public init(skills: [VolunteerSkill], district: String, startsAt: Date, endsAt: Date) {
            (self.skills, self.district, self.startsAt, self.endsAt) = (skills, district, startsAt, endsAt)
        }
    }

    /// One volunteer as matching sees her.
    public struct Candidate: Sendable {
        public var id: UUID
        public var name: String
        public var status: VolunteerStatus
        public var skills: Set<VolunteerSkill>
        public var districts: [String]
        public var slots: Set<AvailabilitySlot>
        public var pledgesMissing: [PledgeKind]
        /// The times of her other open assignments.
        public var busy: [DateInterval]
        /// Her assignments in the recent past (fair share).
        public var recentAssignments: Int
        public init(id: UUID, name: String, status: VolunteerStatus = .active, skills: Set<VolunteerSkill>, districts: [String],
                    slots: Set<AvailabilitySlot>, pledgesMissing: [PledgeKind] = [], busy: [DateInterval] = [], recentAssignments: Int = 0) {
            (self.id, self.name, self.status, self.skills, self.districts, self.slots) = (id, name, status, skills, districts, slots)
            (self.pledgesMissing, self.busy, self.recentAssignments) = (pledgesMissing, busy, recentAssignments)
        }
    }

    /// Why she is where she is in the list.
    public struct Match: Sendable, Equatable {
        public let id: UUID
        public let name: String
        /// The required skills she has, and those she lacks.
        public let skills: [VolunteerSkill]
        public let missingSkills: [VolunteerSkill]
        public let inDistrict: Bool
        /// The opportunity's slots she is available in, and those she is not.
        public let availableSlots: [AvailabilitySlot]
        public let unavailableSlots: [AvailabilitySlot]
        public let recentAssignments: Int
        public let pledgesMissing: [PledgeKind]
        public var fullyAvailable: Bool { unavailableSlots.isEmpty }
    }

    public struct Result: Sendable {
        /// Those who can be offered it, best first.
        public let ranked: [Match]
        /// Who lack a required skill, with what they lack.
        public let lackingSkills: [Match]
        /// Who would fit but have not signed the current agreement and pledge.
        public let mustSignFirst: [Match]
        /// How many were left out for an overlapping open assignment.
        public let busy: Int
    }

    /// The weekday parts the time from `start` to `end` covers, in Riyadh (at most two weeks are looked at).
    public static func slots(from start: Date, to end: Date) -> [AvailabilitySlot] {
        var found = Set<AvailabilitySlot>()
        var moment = start
        let stop = min(end, start.addingTimeInterval(14 * 86_400))
        repeat {
            found.insert(AvailabilitySlot(at: moment))
            moment = moment.addingTimeInterval(15 * 60)
        } while moment < stop
        return found.sorted()
    }

    public static func rank(_ need: Need, _ candidates: [Candidate]) -> Result {
        let wanted = slots(from: need.startsAt, to: need.endsAt)
        let window = DateInterval(start: need.startsAt, end: max(need.startsAt, need.endsAt))
        let district = normalized(need.district)
        var ranked: [Match] = [], lacking: [Match] = [], unsigned: [Match] = [], busy = 0
        for candidate in candidates where candidate.status == .active {
            // Touching intervals (one ends as the other starts) do not overlap.
            if candidate.busy.contains(where: { $0.start < window.end && window.start < $0.end }) { busy += 1; continue }
            let match = Match(id: candidate.id, name: candidate.name,
                              skills: need.skills.filter { candidate.skills.contains($0) }, missingSkills: need.skills.filter { !candidate.skills.contains($0) },
                              inDistrict: !district.isEmpty && candidate.districts.contains { normalized($0) == district },
                              availableSlots: wanted.filter { candidate.slots.contains($0) }, unavailableSlots: wanted.filter { !candidate.slots.contains($0) },
                              recentAssignments: candidate.recentAssignments, pledgesMissing: candidate.pledgesMissing)
            if !match.missingSkills.isEmpty { lacking.append(match) } else if !match.pledgesMissing.isEmpty { unsigned.append(match) } else { ranked.append(match) }
        }
        return Result(ranked: ranked.sorted(by: better), lackingSkills: lacking.sorted(by: better), mustSignFirst: unsigned.sorted(by: better), busy: busy)
    }

    /// District first, then availability (all of its slots, then some), then fewer recent assignments, then name.
    static func better(_ a: Match, _ b: Match) -> Bool {
        if a.inDistrict != b.inDistrict { return a.inDistrict }
        if a.fullyAvailable != b.fullyAvailable { return a.fullyAvailable }
        if a.availableSlots.count != b.availableSlots.count { return a.availableSlots.count > b.availableSlots.count }
        if a.recentAssignments != b.recentAssignments { return a.recentAssignments < b.recentAssignments }
        return a.name < b.name
    }

    /// Districts are typed by people: "حي النسيم" and "النسيم" are the same place.
    static func normalized(_ district: String) -> String {
        var text = ArabicSearch.normalize(district)
        if text.hasPrefix("حي ") { text = String(text.dropFirst(3)) }
        return text.trimmingCharacters(in: .whitespaces)
    }
}

extension OpportunityKind: LocalizedChoice {}
extension OpportunityStatus: LocalizedChoice {}
extension AssignmentStatus: LocalizedChoice {}
