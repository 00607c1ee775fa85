import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Merging duplicate files")
struct FileMergeTests {
    /// Two files of one woman: the second typed later with another ID (a typing error) and her new mobile, each with
    /// records of its own.
    static func twoFiles(_ t: TestContext, _ officer: Browser) async throws -> (kept: Beneficiary, duplicate: Beneficiary) {
        let kept = try await registerFile(officer, try await fileForm(t, id: "1045789326", mobile: "0501234567"))
        var second = try await fileForm(t, id: "1122334459", mobile: "0559998877")
        second["notDuplicate"] = "on"
        second["addressCity"] = "جدة"
        let duplicate = try await registerFile(officer, second)
        return (try #require(try await Beneficiary.find(kept, on: t.db)), try #require(try await Beneficiary.find(duplicate, on: t.db)))
    }

    @Test("a manager compares the two side by side, takes fields from either, and everything of the duplicate moves; it becomes a tombstone")
    func merges() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (manager, _) = try await t.signedIn(as: .manager)
            let (kept, duplicate) = try await Self.twoFiles(t, officer)
            let (keptID, duplicateID) = (try kept.requireID(), try duplicate.requireID())
            // A family member on the duplicate, besides its three consent records.
            #expect(try await officer.post("/beneficiaries/\(duplicateID)/family", ["relation": "son", "fullName": "خالد", "birthDate": "2017-03-01",
                                                                                       "birthCalendar": "gregorian", "sex": "male", "schooling": "primary",
                                                                                       "isDependant": "on"]).status == .seeOther)
            // Later, on the duplicate, she stopped the association's messages: that choice holds on the merged file.
            try await ConsentLedger.record(.init(purpose: .messages, granted: false, method: .recordedVerbal, source: .staff), file: duplicate, by: nil,
                                           now: t.clock.now().addingTimeInterval(60), on: t.db)
            let duplicateRows = try await FamilyMember.query(on: t.db).filter(\.$beneficiary.$id == duplicateID).count()
                + ConsentRecord.query(on: t.db).filter(\.$beneficiaryID == duplicateID).count()
            #expect(duplicateRows >= 4)
            // The pick page lists it among the similar files (same name and birth date).
            let pick = try await manager.get("/beneficiaries/\(keptID)/merge")
            #expect(pick.status == .ok && pick.contains("/beneficiaries/\(keptID)/merge/\(duplicateID)"))
            #expect(try await manager.get("/beneficiaries/\(keptID)/merge?with=\(duplicate.fileNumber)").location == "/beneficiaries/\(keptID)/merge/\(duplicateID)")
            let compare = try await manager.get("/beneficiaries/\(keptID)/merge/\(duplicateID)")
            #expect(compare.status == .ok && compare.contains("pick-other-mobile") && compare.contains("pick-other-addressCity")
                && !compare.contains("pick-other-nameFirst"))
            // The duplicate's mobile and city are the right ones; the kept file's ID stays.
            let merged = try await manager.post("/beneficiaries/\(keptID)/merge/\(duplicateID)", [
                "pick_mobile": "other", "pick_addressCity": "other", "pick_nationalID": "mine",
                "survivorVersion": String(kept.version), "otherVersion": String(duplicate.version)])
            #expect(merged.status == .seeOther && merged.location == "/beneficiaries/\(keptID)?done=fileMerged")
            let survivor = try #require(try await Beneficiary.find(keptID, on: t.db))
            #expect(survivor.mobile == "+966559998877" && survivor.addressCity == "جدة" && survivor.nationalID == "1045789326" && survivor.version == kept.version + 1)
            let tombstone = try #require(try await Beneficiary.find(duplicateID, on: t.db))
            #expect(tombstone.status == .closed && tombstone.statusReason.contains(survivor.fileNumber) && tombstone.nationalID == "1122334459")
            // Nothing of hers is left on the tombstone in any table that names a file.
            for (table, column) in try await FileMerger.fileColumns(on: t.db) {
                struct Count: Decodable { let n: Int }
                let left = try await t.db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE \(ident: column) = \(bind: duplicateID)").first(decoding: Count.self)?.n
                #expect(left == 0, "\(table).\(column) still names the merged file")
            }
            #expect(try await FamilyMember.query(on: t.db).filter(\.$beneficiary.$id == keptID).count() == 1)
            let consents = try await ConsentRecord.query(on: t.db).filter(\.$beneficiaryID == keptID).sort(\.$number).all()
            #expect(consents.map(\.number) == Array(1...7) && consents.last?.purpose == .messages && consents.last?.granted == false)
            #expect(try await MessagePreference.of(keptID, on: t.db)?.optedOut == true)
            #expect(try await DuplicateDecision.query(on: t.db).count() == 0, "the 'not the same person' decision between them is gone")
            let merge = try #require(try await FileMerge.query(on: t.db).first())
            #expect(merge.survivorID == keptID && merge.mergedID == duplicateID && merge.chosen.contains("mobile"))
            #expect(try await t.auditEntries(action: "beneficiary.merged").first?.recordID == keptID.uuidString)
            #expect(try await t.auditEntries(action: "beneficiary.mergedInto").first?.recordID == duplicateID.uuidString)
            // The tombstone points to her file; her file names it, and its history is on her timeline.
            #expect(try await manager.get("/beneficiaries/\(duplicateID)").contains("/beneficiaries/\(keptID)"))
            #expect(try await manager.get("/beneficiaries/\(keptID)").contains(duplicate.fileNumber))
            let timeline = try await manager.get("/beneficiaries/\(keptID)?tab=timeline")
            #expect(timeline.contains("من الملف المدموج"))
            // Done once: the tombstone cannot be merged again.
            #expect(try await manager.post("/beneficiaries/\(keptID)/merge/\(duplicateID)", ["survivorVersion": String(survivor.version),
                                                                                                "otherVersion": String(tombstone.version)]).status == .conflict)
        }
    }

    @Test("taking the duplicate's national ID swaps the two IDs: the tombstone keeps the one left over")
    func swapsIDs() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (manager, _) = try await t.signedIn(as: .manager)
            let (kept, duplicate) = try await Self.twoFiles(t, officer)
            let merged = try await manager.post("/beneficiaries/\(kept.id!)/merge/\(duplicate.id!)", [
                "pick_nationalID": "other", "survivorVersion": String(kept.version), "otherVersion": String(duplicate.version)])
            #expect(merged.status == .seeOther)
            #expect(try await Beneficiary.find(kept.id, on: t.db)?.nationalID == "1122334459")
            #expect(try await Beneficiary.find(duplicate.id, on: t.db)?.nationalID == "1045789326")
        }
    }

    @Test("refused, changing nothing: a stale page, different branches, a closed file; wrong role 403; another branch 404")
    func refusals() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (manager, _) = try await t.signedIn(as: .manager)
            let (kept, duplicate) = try await Self.twoFiles(t, officer)
            let path = "/beneficiaries/\(kept.id!)/merge/\(duplicate.id!)"
            let stale = try await manager.post(path, ["survivorVersion": String(kept.version - 1), "otherVersion": String(duplicate.version)])
            #expect(stale.status == .conflict && stale.contains("تغيّر أحد الملفين"))
            #expect(try await officer.get(path).status == .forbidden)
            #expect(try await officer.post(path, ["survivorVersion": "1", "otherVersion": "1"]).status == .forbidden)
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .manager, username: "jed.manager", branch: jeddah, scope: .ownBranch)
            #expect(try await other.get(path).status == .notFound)
            #expect(try await other.post(path, ["survivorVersion": "1", "otherVersion": "1"]).status == .notFound)
            // A file of another branch, within an all-branches manager's reach, must be moved first.
            try await Beneficiary.query(on: t.db).filter(\.$id == duplicate.id!).set(\.$branch.$id, to: jeddah.id!).update()
            let (wide, _) = try await t.signedIn(as: .manager, username: "all.manager", scope: .allBranches)
            let branches = try await wide.post(path, ["survivorVersion": String(kept.version), "otherVersion": String(duplicate.version)])
            #expect(branches.status == .conflict && branches.contains("في فرعين مختلفين"))
            #expect(try await FileMerge.query(on: t.db).count() == 0)
            #expect(try await Beneficiary.find(duplicate.id, on: t.db)?.status == .applicant)
        }
    }
}
