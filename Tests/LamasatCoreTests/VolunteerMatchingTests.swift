import Foundation
import Testing
@testable import LamasatCore

@Suite("Volunteer matching")
struct VolunteerMatchingTests {
    // 2026-12-06 is a Sunday; 06:00 UTC is 09:00 in Riyadh.
    static let sundayMorning = ISO8601DateFormatter().date(from: "2026-12-06T06:00:00Z")!
    static let need = VolunteerMatching.Need(skills: [.driving], district: "النسيم", startsAt: sundayMorning,
                                             endsAt: sundayMorning.addingTimeInterval(2 * 3600))

    static func volunteer(_ name: String, skills: Set<VolunteerSkill> = [.driving], districts: [String] = ["النسيم"],
                          slots: Set<AvailabilitySlot> = [AvailabilitySlot(.sun, .morning)], status: VolunteerStatus = .active,
                          missing: [PledgeKind] = [], busy: [DateInterval] = [], recent: Int = 0) -> VolunteerMatching.Candidate {
        .init(id: UUID(), name: name, status: status, skills: skills, districts: districts, slots: slots, pledgesMissing: missing, busy: busy,
              recentAssignments: recent)
    }

    @Test("a volunteer lacking a required skill is not ranked; she is listed apart with the skill she lacks")
    func skill() {
        let result = VolunteerMatching.rank(Self.need, [Self.volunteer("سارة", skills: [.packing]), Self.volunteer("نورة")])
        #expect(result.ranked.map(\.name) == ["نورة"])
        #expect(result.lackingSkills.map(\.name) == ["سارة"])
        #expect(result.lackingSkills.first?.missingSkills == [.driving])
        #expect(result.ranked.first?.skills == [.driving])
    }

    @Test("the opportunity's district ranks first, whatever the spelling (حي النسيم = النسيم)")
    func district() {
        let result = VolunteerMatching.rank(Self.need, [Self.volunteer("أمل", districts: ["الروضة"]), Self.volunteer("هند", districts: ["حي النسيم"])])
        #expect(result.ranked.map(\.name) == ["هند", "أمل"])
        #expect(result.ranked.map(\.inDistrict) == [true, false])
    }

    @Test("availability in the slots the opportunity covers ranks before partial, and partial before none")
    func availability() {
        let long = VolunteerMatching.Need(skills: [], district: "", startsAt: Self.sundayMorning, endsAt: Self.sundayMorning.addingTimeInterval(5 * 3600))
        #expect(VolunteerMatching.slots(from: long.startsAt, to: long.endsAt) == [AvailabilitySlot(.sun, .morning), AvailabilitySlot(.sun, .afternoon)])
        let result = VolunteerMatching.rank(long, [
            Self.volunteer("أ-لا", slots: [AvailabilitySlot(.mon, .morning)]),
            Self.volunteer("ب-بعض", slots: [AvailabilitySlot(.sun, .morning)]),
            Self.volunteer("ج-كل", slots: [AvailabilitySlot(.sun, .morning), AvailabilitySlot(.sun, .afternoon)]),
        ])
        #expect(result.ranked.map(\.name) == ["ج-كل", "ب-بعض", "أ-لا"])
        #expect(result.ranked[1].unavailableSlots == [AvailabilitySlot(.sun, .afternoon)])
    }

    @Test("a volunteer on another open assignment that overlaps is left out; one that only touches is not")
    func overlap() {
        let start = Self.need.startsAt
        let overlapping = DateInterval(start: start.addingTimeInterval(-3600), end: start.addingTimeInterval(600))
        let touching = DateInterval(start: start.addingTimeInterval(-3600), end: start)
        let result = VolunteerMatching.rank(Self.need, [Self.volunteer("مشغولة", busy: [overlapping]), Self.volunteer("قبلها", busy: [touching])])
        #expect(result.ranked.map(\.name) == ["قبلها"])
        #expect(result.busy == 1)
    }

    @Test("among equals, fewer recent assignments first; the unsigned are apart and the paused are not listed")
    func fairShareAndPledges() {
        let result = VolunteerMatching.rank(Self.need, [
            Self.volunteer("كثيرة", recent: 5), Self.volunteer("قليلة", recent: 1),
            Self.volunteer("لم توقع", missing: [.confidentiality]), Self.volunteer("متوقفة", status: .paused),
        ])
        #expect(result.ranked.map(\.name) == ["قليلة", "كثيرة"])
        #expect(result.mustSignFirst.map(\.name) == ["لم توقع"])
        #expect(!(result.ranked + result.mustSignFirst + result.lackingSkills).contains { $0.name == "متوقفة" })
    }
}
