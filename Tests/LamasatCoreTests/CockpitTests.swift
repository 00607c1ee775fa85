import Testing
@testable import LamasatCore

@Suite("Home-page cockpits and their trend bars")
struct CockpitTests {
    @Test("every role's cockpit is one its permissions open, and the system's health is the administrator's alone")
    func cockpitsFollowPermissions() {
        for role in Role.allCases {
            #expect(RolePermissions.allows(role, Cockpit.of(role).permission), "\(role)")
        }
        #expect(Role.allCases.filter { Cockpit.of($0) == .system } == [.admin])
        #expect(Role.allCases.filter { RolePermissions.allows($0, Cockpit.system.permission) } == [.admin])
        #expect(Role.allCases.filter { Cockpit.of($0) == .leadership } == [.manager])
    }

    @Test("bars scale to the largest month, a missing month draws nothing and an empty month a hairline")
    func barsScale() {
        let line = Sparkline(series: [("a", 10), ("b", nil), ("c", 5), ("d", 0), ("e", 10), ("f", 1)])
        #expect(line.bars.count == 5)
        #expect(line.bars[0].height == Sparkline.height)
        #expect(line.bars[1].height == Sparkline.height / 2)
        #expect(line.bars[2].height == 1)
        #expect(line.bars.allSatisfy { $0.y + $0.height == Sparkline.height })
        #expect(line.bars[1].x == 2 * (line.barWidth + 4))
        #expect(line.summary.contains("b: —"))
    }

    @Test("the satisfaction score from counts equals the score from the answers")
    func scoreFromCounts() {
        #expect(SatisfactionMath.score(satisfied: 3, of: 5) == SatisfactionMath.score([5, 4, 4, 2, 1]))
        #expect(SatisfactionMath.score(satisfied: 0, of: 0) == nil)
    }
}
