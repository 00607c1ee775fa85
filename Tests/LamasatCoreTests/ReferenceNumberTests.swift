import Foundation
import Testing
@testable import LamasatCore

@Suite("Reference numbers on papers and messages")
struct ReferenceNumberTests {
    @Test("a number given at 01:30 on 1 January in Riyadh carries the new year, whatever the server's time zone")
    func riyadhYear() {
        // 2026-12-31 22:30 UTC is 2027-01-01 01:30 in Riyadh (UTC+3).
        let newYearsNight = Date(timeIntervalSince1970: 1_798_756_200)
        #expect(ReferenceNumber("R", sequence: 7, at: newYearsNight).description == "R-2027-000007")
        // Three hours earlier it is still 2026 in Riyadh.
        #expect(ReferenceNumber("R", sequence: 7, at: newYearsNight.addingTimeInterval(-3 * 3600)).year == 2026)
    }

    @Test("the sequence is padded to its width and never cut")
    func padding() {
        let moment = Date(timeIntervalSince1970: 1_795_600_000)
        #expect(ReferenceNumber("C", sequence: 12, at: moment, width: 4).description == "C-2026-0012")
        #expect(ReferenceNumber("IN", sequence: 123_456, at: moment, width: 4).description == "IN-2026-123456")
    }
}
