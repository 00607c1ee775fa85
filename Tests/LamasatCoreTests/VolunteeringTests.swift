import Foundation
import Testing
@testable import LamasatCore

@Suite("Volunteering values")
struct VolunteeringTests {
    @Test("an assignment moves only forward: offered → accepted → confirmed → completed, with declines and cancels on the way")
    func assignmentTransitions() {
        #expect(AssignmentStatus.offered.canMove(to: .accepted))
        #expect(AssignmentStatus.accepted.canMove(to: .confirmed))
        #expect(AssignmentStatus.confirmed.canMove(to: .completed))
        #expect(!AssignmentStatus.offered.canMove(to: .completed))
        #expect(!AssignmentStatus.offered.canMove(to: .confirmed))
        for closed in [AssignmentStatus.declined, .completed, .cancelled] {
            #expect(!closed.isOpen)
            #expect(AssignmentStatus.allCases.allSatisfy { !closed.canMove(to: $0) }, "\(closed) is final")
        }
        #expect([AssignmentStatus.offered, .accepted, .confirmed].allSatisfy { $0.isOpen })
    }

    @Test("availability slots read back what they write, refuse unknown codes, and place a moment in Riyadh")
    func slots() throws {
        for slot in AvailabilitySlot.all { #expect(AvailabilitySlot(slot.description) == slot) }
        #expect(AvailabilitySlot("sun") == nil && AvailabilitySlot("sun.night") == nil && AvailabilitySlot("xyz.morning") == nil)
        // 2026-12-01 06:30 UTC is Tuesday 09:30 in Riyadh; 14:30 UTC is 17:30 there.
        let morning = try #require(ISO8601DateFormatter().date(from: "2026-12-01T06:30:00Z"))
        #expect(AvailabilitySlot(at: morning) == AvailabilitySlot(.tue, .morning))
        #expect(AvailabilitySlot(at: morning.addingTimeInterval(8 * 3600)) == AvailabilitySlot(.tue, .evening))
        #expect(AvailabilitySlot.all.count == 21 && AvailabilitySlot.all.sorted() == AvailabilitySlot.all)
    }

    @Test("a code list trims, drops empties and repeats, and keeps order")
    func codeList() {
        #expect(CodeList.join([" driving", "packing", "", "driving"]) == "driving,packing")
        #expect(CodeList.parse("driving, packing,,") == ["driving", "packing"])
    }
}
