import Fluent
import Foundation
import Vapor

/// What the volunteers feature adds to a request (issue 17), registered at start-up so that requests never name it:
/// the panel on the request's page, the confirmed volunteers the delivery form may name, and the hand-over recorded
/// when one of them is named.
protocol RequestVolunteerLink: Sendable {
    func panel(_ request: SupportRequest, req: Request) async throws -> RequestVolunteerPanel?
    /// The confirmed volunteers of the request's delivery opportunities: assignment id and her name.
    func confirmed(for requestID: UUID, on db: any Database) async throws -> [(assignmentID: UUID, name: String)]
    /// Creates `delivery` as handed over on the assignment; false when the assignment is not a confirmed delivery of
    /// the delivery's request. Runs inside the caller's transaction.
    func handOver(assignmentID: UUID, delivery: ServiceDelivery, now: Date, on db: any Database) async throws -> Bool
}

/// The request page's volunteers section: the opportunities asked for the request and the links to ask for one.
struct RequestVolunteerPanel: Encodable {
    struct Item: Encodable { let number: String; let kind: String; let when: String; let status: String; let assignments: String }
    let items: [Item]?
    let askDelivery: String?
    let askVisit: String?
}

extension Application {
    private struct RequestVolunteerLinksKey: StorageKey { typealias Value = Registry<any RequestVolunteerLink> }

    var requestVolunteerLinks: Registry<any RequestVolunteerLink> { registry(RequestVolunteerLinksKey.self) }
}

extension Registry where Element == any RequestVolunteerLink {
    func panel(_ request: SupportRequest, req: Request) async throws -> RequestVolunteerPanel? {
        for link in all { if let panel = try await link.panel(request, req: req) { return panel } }
        return nil
    }

    func confirmed(for requestID: UUID, on db: any Database) async throws -> [(assignmentID: UUID, name: String)] {
        var found: [(assignmentID: UUID, name: String)] = []
        for link in all { found += try await link.confirmed(for: requestID, on: db) }
        return found
    }

    func handOver(assignmentID: UUID, delivery: ServiceDelivery, now: Date, on db: any Database) async throws -> Bool {
        for link in all where try await link.handOver(assignmentID: assignmentID, delivery: delivery, now: now, on: db) { return true }
        return false
    }
}
