import Foundation
import PropertyBased
import Testing
@testable import LamasatCore

@Suite("Committee quorum, entitlements and drawn signatures")
struct CommitteeAndDeliveryTests {
    @Test("abstentions count towards the quorum; the tally adds up")
    func tally() {
        let tally = CommitteeTally(votes: [.approve, .abstain, .reject, .approve])
        #expect(tally.approvals == 2 && tally.rejections == 1 && tally.abstentions == 1)
        #expect(tally.cast == 4)
        #expect(tally.quorumReached(4))
        #expect(!tally.quorumReached(5))
        #expect(!CommitteeTally(votes: []).quorumReached(0))
    }

    @Test("any mix of votes: the quorum is reached exactly when enough members took part")
    func quorumProperty() async {
        await propertyCheck(input: Gen.int(in: 0...2).array(of: 0...12), Gen.int(in: 1...12)) { raw, quorum in
            let votes = raw.map { [CommitteeVote.approve, .reject, .abstain][$0] }
            let tally = CommitteeTally(votes: votes)
            #expect(tally.quorumReached(quorum) == (votes.count >= quorum))
            #expect(tally.approvals + tally.rejections + tally.abstentions == votes.count)
        }
    }

    @Test("a quorum is at least two and at most the members invited; the default is a simple majority")
    func quorumRules() {
        #expect(!CommitteeQuorum.isValid(1, members: 3))
        #expect(CommitteeQuorum.isValid(2, members: 3))
        #expect(CommitteeQuorum.isValid(3, members: 3))
        #expect(!CommitteeQuorum.isValid(4, members: 3))
        #expect(CommitteeQuorum.suggested(members: 3) == 2)
        #expect(CommitteeQuorum.suggested(members: 5) == 3)
        #expect(CommitteeQuorum.suggested(members: 1) == 2)
    }

    @Test("a support given every 6 months may be given again six calendar months later, in Riyadh")
    func frequency() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        let received = try #require(calendar.date(from: DateComponents(year: 2026, month: 3, day: 31, hour: 12)))
        let next = try #require(EntitlementRule.nextEligible(lastReceived: received, frequencyMonths: 6, now: received))
        #expect(calendar.dateComponents([.year, .month, .day], from: next) == DateComponents(year: 2026, month: 9, day: 30))
        #expect(EntitlementRule.nextEligible(lastReceived: received, frequencyMonths: 6, now: next.addingTimeInterval(1)) == nil)
        #expect(EntitlementRule.nextEligible(lastReceived: received, frequencyMonths: 0, now: received) == nil)
        #expect(EntitlementRule.nextEligible(lastReceived: nil, frequencyMonths: 6, now: received) == nil)
    }

    @Test("a drawn signature is kept only as a real PNG of a sensible size")
    func drawnSignature() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        let url = "data:image/png;base64," + Data(png).base64EncodedString()
        #expect(try DrawnSignature.decode(url) == png)
        #expect(throws: DrawnSignature.Problem.missing) { try DrawnSignature.decode("  ") }
        #expect(throws: DrawnSignature.Problem.notPNG) { try DrawnSignature.decode("data:image/png;base64," + Data("%PDF-1.4".utf8).base64EncodedString()) }
        #expect(throws: DrawnSignature.Problem.notPNG) { try DrawnSignature.decode("data:image/svg+xml;base64,PHN2Zz4=") }
        #expect(throws: DrawnSignature.Problem.notPNG) { try DrawnSignature.decode("data:image/png;base64,@@@") }
        let huge = "data:image/png;base64," + Data(png + [UInt8](repeating: 0, count: DrawnSignature.maximumBytes)).base64EncodedString()
        #expect(throws: DrawnSignature.Problem.tooLarge) { try DrawnSignature.decode(huge) }
    }
}
