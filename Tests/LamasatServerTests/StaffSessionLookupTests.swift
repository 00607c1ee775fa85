import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("The session lookup of every signed-in request") struct StaffSessionLookupTests {
    /// Two models are the same record when they encode the same: every field, none left unread.
    func encoded(_ model: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return String(decoding: try encoder.encode(model), as: UTF8.self)
    }

    @Test("reads every field of the session, its user and her branch, as Fluent reads them; an unknown token finds nothing")
    func readsEveryField() async throws {
        try await withLamasat { t in
            let branch = try await t.makeBranch("JED")
            let (browser, user) = try await t.signedIn(as: .researcher, branch: branch)
            user.lastSignInAt = t.clock.now()
            user.totpLastCounter = 42
            user.email = "researcher@example.org"
            try await user.save(on: t.db)
            let session = try #require(try await StaffSession.query(on: t.db).filter(\.$user.$id == user.requireID()).first())
            session.address = "10.0.0.7"
            try await session.save(on: t.db)

            let found = try #require(try await StaffSessionLookup.find(tokenHash: session.tokenHash, on: t.db))
            let storedUser = try #require(try await StaffUser.find(user.requireID(), on: t.db))
            let storedBranch = try #require(try await Branch.find(branch.requireID(), on: t.db))
            #expect(try encoded(found.session) == encoded(session))
            #expect(try encoded(found.user) == encoded(storedUser))
            #expect(try encoded(found.branch) == encoded(storedBranch))
            #expect(found.user.$id.exists && found.session.$id.exists)
            #expect(try await StaffSessionLookup.find(tokenHash: "no such token", on: t.db) == nil)
            // The models it builds behave as loaded ones: her own page opens, and signing out deletes the session.
            #expect(try await browser.get("/").status == .ok)
            #expect(try await browser.post("/signout").status == .seeOther)
            #expect(try await StaffSession.find(session.requireID(), on: t.db) == nil)
        }
    }
}
