import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Deliveries list: filters, search, export, reach", .serialized)
struct DeliveriesListTests {
    @Test("the list shows what was handed over, narrows by period, type, place and tracking number, and exports the same rows, audited")
    func listAndFilters() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id, _) = try await deliveredRequest(crew)
            let request = try #require(try await SupportRequest.find(id, on: t.db))
            let tracking = try #require(request.trackingNumber)
            let page = try await crew.manager.get("/deliveries")
            #expect(page.status == .ok)
            #expect(page.contains("إيجار ثلاثة أشهر") && page.contains(tracking) && page.contains("/requests/\(id)"))
            #expect(try await crew.manager.get("/deliveries?q=\(tracking)").contains("إيجار ثلاثة أشهر"))
            #expect(try await crew.manager.get("/deliveries?q=REQ-0000-999999").contains(t.app.lamasat.localizer.text("deliveries.none", .ar)))
            #expect(try await crew.manager.get("/deliveries?period=2026-11").contains("إيجار ثلاثة أشهر"))
            #expect(try await crew.manager.get("/deliveries?period=2025-01").contains(t.app.lamasat.localizer.text("deliveries.none", .ar)))
            #expect(try await crew.manager.get("/deliveries?place=herLocation").contains(t.app.lamasat.localizer.text("deliveries.none", .ar)))
            let other = try #require(try await SupportType.query(on: t.db).filter(\.$id != request.$supportType.id).first())
            #expect(try await crew.manager.get("/deliveries?type=\(try other.requireID())").contains(t.app.lamasat.localizer.text("deliveries.none", .ar)))
            // Unreadable filters are ignored rather than refused: the whole list, never a 500.
            let odd = try await crew.manager.get("/deliveries?period=garbage&type=nope&place=%3Cscript%3E")
            #expect(odd.status == .ok && odd.contains("إيجار ثلاثة أشهر"))
            let csv = try await crew.manager.get("/deliveries/export.csv?q=\(tracking)")
            #expect(csv.status == .ok && csv.contains("إيجار ثلاثة أشهر") && csv.contains(tracking))
            let xlsx = try await crew.manager.get("/deliveries/export.xlsx")
            #expect(xlsx.headers.contentType?.description.contains("spreadsheetml") == true)
            let audits = try await t.auditEntries(action: "list.exported")
            #expect(audits.map(\.detail).contains { $0?.contains("q=tracking") == true && $0?.contains(tracking) == false })
        }
    }

    @Test("wrong role and other branch: without the files permission the list and its exports are refused; another branch sees none of it")
    func reach() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            _ = try await deliveredRequest(crew)
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            #expect(try await coordinator.get("/deliveries").status == .forbidden)
            #expect(try await coordinator.get("/deliveries/export.csv").status == .forbidden)
            let north = try await t.makeBranch("NTH")
            let (northManager, _) = try await t.signedIn(as: .manager, username: "north", branch: north, scope: .ownBranch)
            let page = try await northManager.get("/deliveries")
            #expect(page.status == .ok && !page.contains("إيجار ثلاثة أشهر"))
            #expect(!(try await northManager.get("/deliveries/export.csv")).contains("إيجار ثلاثة أشهر"))
        }
    }
}
