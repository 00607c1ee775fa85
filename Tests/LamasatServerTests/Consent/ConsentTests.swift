import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Consent per purpose: history, immediate effect, portal, carried over", .serialized)
struct ConsentTests {
    func draft(_ file: UUID, relatedType: String? = nil) -> Outbox.Draft {
        Outbox.Draft(channel: .sms, recipient: "+966501234567", subject: "", body: "رسالة", idempotencyKey: UUID().uuidString, relatedType: relatedType,
                     relatedID: nil, branchID: nil, beneficiaryID: file)
    }

    @Test("registration records three consents; withdrawing messages stops the outbox at once, shows on the file, keeps the history; renewing resumes")
    func withdrawAndRenew() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let first = try await ConsentRecord.query(on: t.db).filter(\.$beneficiaryID == file).all()
            #expect(Set(first.map(\.purpose)) == [.processing, .messages, .surveys] && first.allSatisfy { $0.granted && $0.source == .registration })
            #expect(try await Outbox.route(draft(file), on: t.db).skipped == nil)

            let withdrawn = try await officer.post("/beneficiaries/\(file)/consents",
                                                   ["purpose": "messages", "decision": "withdraw", "method": "recordedVerbal", "note": "اتصلت وطلبت الإيقاف"])
            #expect(withdrawn.status == .seeOther)
            #expect(try await Outbox.route(draft(file), on: t.db).skipped == "opted out")
            #expect(try await ConsentLedger.allows(file, .messages, on: t.db) == false)
            let tab = try await officer.get("/beneficiaries/\(file)?tab=consent")
            #expect(tab.contains(t.app.lamasat.localizer.text("consent.state.withdrawn", .ar)) && tab.contains("اتصلت وطلبت الإيقاف"))
            let summary = try await officer.get("/beneficiaries/\(file)")
            #expect(summary.contains(t.app.lamasat.localizer.text("consent.card.title", .ar)))
            #expect(try await t.auditEntries(action: "consent.withdrawn").count == 1)

            #expect(try await officer.post("/beneficiaries/\(file)/consents", ["purpose": "messages", "decision": "grant", "method": "signedPaper"]).status == .seeOther)
            #expect(try await Outbox.route(draft(file), on: t.db).skipped == nil)
            #expect(try await ConsentRecord.query(on: t.db).filter(\.$beneficiaryID == file).filter(\.$purpose == .messages).count() == 3)
            #expect(!(try await officer.get("/beneficiaries/\(file)")).contains(t.app.lamasat.localizer.text("consent.card.title", .ar)))
        }
    }

    @Test("bad input is refused with its message and records nothing: no purpose, sharing without a partner, withdrawing what was not given, the portal as a staff method")
    func validation() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let before = try await ConsentRecord.query(on: t.db).count()
            let cases: [([String: String], String)] = [
                (["purpose": "", "decision": "grant", "method": "signedPaper"], "validation.choose"),
                (["purpose": "sharing", "decision": "grant", "method": "signedPaper"], "consent.error.partner"),
                (["purpose": "sharing", "partner": "جمعية البر", "decision": "withdraw", "method": "signedPaper"], "consent.error.notGiven"),
                (["purpose": "surveys", "decision": "grant", "method": "portal"], "validation.choose"),
                (["purpose": "surveys", "decision": "maybe", "method": "signedPaper"], "validation.choose"),
            ]
            for (form, key) in cases {
                let page = try await officer.post("/beneficiaries/\(file)/consents", form)
                #expect(page.status == .unprocessableEntity, "\(form)")
                #expect(page.contains(t.app.lamasat.localizer.text(key, .ar)), "\(form)")
            }
            #expect(try await ConsentRecord.query(on: t.db).count() == before)
            // Sharing given with a partner, then withdrawn: each partner is its own consent.
            #expect(try await officer.post("/beneficiaries/\(file)/consents", ["purpose": "sharing", "partner": "جمعية البر", "decision": "grant",
                                                                               "method": "signedPaper"]).status == .seeOther)
            #expect(try await officer.post("/beneficiaries/\(file)/consents", ["purpose": "sharing", "partner": "جمعية البر", "decision": "withdraw",
                                                                               "method": "signedPaper"]).status == .seeOther)
            #expect(try await ConsentLedger.current(of: file, on: t.db).first { $0.purpose == .sharing }?.granted == false)
        }
    }

    @Test("surveys withdrawn: no invitation is made, and a survey message already queued for her is skipped; a STOP reply is a withdrawal of messages")
    func surveysAndReplies() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            #expect(try await officer.post("/beneficiaries/\(file)/consents", ["purpose": "surveys", "decision": "withdraw", "method": "recordedVerbal"]).status == .seeOther)
            #expect(try await Outbox.route(draft(file, relatedType: "survey_invitation"), on: t.db).skipped == "no survey consent")
            #expect(try await Outbox.route(draft(file), on: t.db).skipped == nil)
            let branch = try #require(try await Beneficiary.find(file, on: t.db)).$branch.id
            let invited = try await SurveyInvitations.invite(.init(source: .delivery, sourceID: UUID(), reference: "R-1", beneficiaryID: file, branchID: branch,
                                                                   serviceType: "x", channel: .interview, staffID: nil),
                                                             now: t.clock.now(), baseURL: "http://x", on: t.db)
            #expect(invited == nil)
            let her = try #require(try await Beneficiary.find(file, on: t.db))
            try await InboundRouter.stop([her], via: "sms", now: t.clock.now(), auditKey: t.app.lamasat.secrets.audit, on: t.db)
            let reply = try #require(try await ConsentRecord.query(on: t.db).filter(\.$source == .reply).first())
            #expect(reply.purpose == .messages && !reply.granted && reply.method == nil)
            #expect(try await Outbox.route(draft(file), on: t.db).skipped == "opted out")
        }
    }

    @Test("in her portal she stops and resumes messages and stops sharing; processing and a new partner are not hers to change there")
    func portal() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            #expect(try await officer.post("/beneficiaries/\(file)/consents", ["purpose": "sharing", "partner": "جمعية البر", "decision": "grant",
                                                                               "method": "signedPaper"]).status == .seeOther)
            let her = try await portalSignIn(t)
            let page = try await her.get("/portal/consents")
            #expect(page.status == .ok && page.contains("جمعية البر") && page.contains(t.app.lamasat.localizer.text("portal.consents.processing", .ar)))
            let stop = try await her.post("/portal/consents", ["purpose": "messages", "decision": "withdraw"])
            #expect(stop.status == .seeOther && stop.location == "/portal/consents?done=portalConsentWithdrawn")
            #expect(try await Outbox.route(draft(file), on: t.db).skipped == "opted out")
            let mine = try #require(try await ConsentRecord.query(on: t.db).filter(\.$source == .portal).first())
            #expect(mine.method == .portal && mine.recordedBy == nil)
            #expect(try await her.post("/portal/consents", ["purpose": "messages", "decision": "grant"]).status == .seeOther)
            #expect(try await Outbox.route(draft(file), on: t.db).skipped == nil)
            #expect(try await her.post("/portal/consents", ["purpose": "sharing", "partner": "جمعية البر", "decision": "withdraw"]).status == .seeOther)
            let before = try await ConsentRecord.query(on: t.db).count()
            #expect(try await her.post("/portal/consents", ["purpose": "processing", "decision": "withdraw"]).status == .badRequest)
            #expect(try await her.post("/portal/consents", ["purpose": "sharing", "partner": "جهة أخرى", "decision": "grant"]).status == .badRequest)
            #expect(try await her.post("/portal/consents", ["purpose": "sharing", "partner": "جمعية البر", "decision": "grant"]).status == .badRequest)
            #expect(try await ConsentRecord.query(on: t.db).count() == before)
            // Staff see that she did it herself.
            #expect(try await officer.get("/beneficiaries/\(file)?tab=consent").contains(t.app.lamasat.localizer.text("consent.source.portal", .ar)))
        }
    }

    @Test("wrong role and other branch: a researcher may read the tab but not record; another branch's file is 404")
    func reach() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let (researcher, _) = try await t.signedIn(as: .researcher)
            #expect(try await researcher.get("/beneficiaries/\(file)?tab=consent").status == .ok)
            #expect(try await researcher.post("/beneficiaries/\(file)/consents", ["purpose": "messages", "decision": "withdraw", "method": "signedPaper"]).status == .forbidden)
            #expect(try await researcher.get("/beneficiaries/\(file)/consents/new").status == .forbidden)
            let north = try await t.makeBranch("NTH")
            let (other, _) = try await t.signedIn(as: .relationsOfficer, username: "north", branch: north, scope: .ownBranch)
            #expect(try await other.post("/beneficiaries/\(file)/consents", ["purpose": "messages", "decision": "withdraw", "method": "signedPaper"]).status == .notFound)
            #expect(try await other.get("/beneficiaries/\(file)/consents/new").status == .notFound)
            #expect(try await ConsentLedger.allows(file, .messages, on: t.db) == true)
        }
    }

    @Test("the migration carries the one earlier consent over to three purposes, and an earlier 'stop messages' as a withdrawal")
    func carriedOver() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let preference = try await MessagePreference.of(file, on: t.db) ?? MessagePreference(beneficiaryID: file, at: t.clock.now())
            preference.optedOut = true
            try await preference.save(on: t.db)
            try await M0043CreateConsentRecords().revert(on: t.db)
            try await M0043CreateConsentRecords().prepare(on: t.db)
            let rows = try await ConsentRecord.query(on: t.db).filter(\.$beneficiaryID == file).all()
            #expect(rows.count == 4 && rows.allSatisfy { $0.source == .earlierRecord })
            #expect(try await ConsentLedger.allows(file, .messages, on: t.db) == false)
            #expect(try await ConsentLedger.allows(file, .processing, on: t.db) == true)
        }
    }
}
