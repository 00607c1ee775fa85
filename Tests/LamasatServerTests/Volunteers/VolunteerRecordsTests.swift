import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 17, part A: volunteer records from an application or entered by the coordinator, Saudi checks, edits that
/// do not overwrite each other, status with history, and the agreement and confidentiality pledge.
@Suite("Volunteer records and pledges", .serialized)
struct VolunteerRecordsTests {
    static let secondID = NationalID.make(kind: .citizen, body: 12_345_678).value

    /// A complete, valid record form for branch `branch`.
    static func form(_ branch: Branch, nationalID: String = secondID, first: String = "هند", version: String? = nil) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("nameFirst", first), ("nameFather", "سعد"), ("nameGrandfather", "علي"), ("nameFamily", "العتيبي"), ("nationalID", nationalID),
            ("mobile", "0551112233"), ("email", ""), ("gender", "female"), ("branch", branch.id!.uuidString), ("city", "الرياض"),
            ("districts", "النسيم، الروضة ,النسيم"), ("transport", "ownCar"), ("emergencyName", "سعد العتيبي"), ("emergencyPhone", "0559998877"),
            ("skills[]", "driving"), ("skills[]", "tutoring"), ("languages[]", "ar"), ("languages[]", "ur"), ("slots[]", "sun.morning"), ("slots[]", "thu.evening"),
        ]
        if let version { fields.append(("version", version)) }
        return fields
    }

    static func replacing(_ fields: [(String, String)], _ name: String, with value: String) -> [(String, String)] {
        fields.map { $0.0 == name ? (name, value) : $0 }
    }

    /// A new application from the website, as `/volunteer` files it.
    static func application(_ t: TestContext, branch: Branch) async throws -> VolunteerApplication {
        let application = VolunteerApplication()
        application.name = "هند سعد علي العتيبي"
        application.phone = "+966551112233"
        application.email = "hind@example.com"
        application.branchID = branch.id!
        application.skills = "تدريس الرياضيات"
        application.availability = "mornings,weekends"
        application.status = .new
        application.note = ""
        application.createdAt = t.clock.now()
        try await application.create(on: t.db)
        return application
    }

    @Test("bad ID, mobile or name, or an ID already on a record, are refused with a message and nothing is saved; Arabic-Indic digits are accepted")
    func validators() async throws {
        try await withLamasat { t in
            let hq = try await t.headOffice()
            let existing = try await t.makeVolunteer()
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            try await coordinator.get("/volunteers/new")
            let base = Self.form(hq)
            let badID = try await coordinator.postMany("/volunteers/new", Self.replacing(base, "nationalID", with: "1234567890"))
            #expect(badID.status == .unprocessableEntity && badID.contains(#"id="field-nationalID-error""#))
            let badMobile = try await coordinator.postMany("/volunteers/new", Self.replacing(base, "mobile", with: "0412345678"))
            #expect(badMobile.status == .unprocessableEntity && badMobile.contains(#"id="field-mobile-error""#))
            let badName = try await coordinator.postMany("/volunteers/new", Self.replacing(base, "nameFirst", with: "Hind"))
            #expect(badName.status == .unprocessableEntity && badName.contains(#"id="field-nameFirst-error""#))
            let badEmergency = try await coordinator.postMany("/volunteers/new", Self.replacing(base, "emergencyPhone", with: "12"))
            #expect(badEmergency.status == .unprocessableEntity && badEmergency.contains(#"id="field-emergencyPhone-error""#))
            let noSlots = try await coordinator.postMany("/volunteers/new", base.filter { $0.0 != "slots[]" })
            #expect(noSlots.status == .unprocessableEntity && noSlots.contains("اختاري وقتًا واحدًا"))
            // What she typed comes back: the ticked skills and slots.
            #expect(badID.contains(#"value="thu.evening" checked"#) && badID.contains(#"value="tutoring" checked"#))
            let duplicate = try await coordinator.postMany("/volunteers/new", Self.replacing(base, "nationalID", with: existing.nationalID))
            #expect(duplicate.status == .unprocessableEntity && duplicate.contains(existing.number))
            #expect(try await Volunteer.query(on: t.db).count() == 1)
            // Arabic-Indic digits in the ID and mobile.
            let arabic = String(Self.secondID.map { Character(UnicodeScalar(0x0660 + $0.wholeNumberValue!)!) })
            let saved = try await coordinator.postMany("/volunteers/new", Self.replacing(Self.replacing(base, "nationalID", with: arabic), "mobile", with: "٠٥٥١١١٢٢٣٣"))
            #expect(saved.status == .seeOther)
            let made = try #require(try await Volunteer.query(on: t.db).filter(\.$nationalID == Self.secondID).first())
            #expect(made.name == "هند سعد علي العتيبي" && made.mobile == "+966551112233" && made.districts == "النسيم,الروضة")
            #expect(made.skills == "driving,tutoring" && made.languages == "ar,ur" && made.availability == "sun.morning,thu.evening")
            #expect(made.number.hasPrefix("V-") && made.version == 1 && made.status == .active)
            let audit = try #require(try await t.auditEntries(action: "volunteer.created").last)
            #expect(audit.detail?.contains("nationalID") == true && audit.detail?.contains(Self.secondID) == false)
            // The list shows her, the ID masked, and finds her by number and mobile.
            let list = try await coordinator.get("/volunteers?q=0551112233")
            #expect(list.contains(made.number) && !list.contains(Self.secondID) && !list.contains(existing.number))
            #expect(try await coordinator.get("/volunteers?q=\(made.number)").contains("هند سعد"))
            #expect(try await coordinator.get("/volunteers?skill=tutoring").contains(made.number))
            #expect(!(try await coordinator.get("/volunteers?skill=nursing").contains(made.number)))
        }
    }

    @Test("an edit made on an older version changes nothing, says so and keeps what was typed; the audit names the changed fields")
    func staleVersion() async throws {
        try await withLamasat { t in
            let hq = try await t.headOffice()
            let v = try await t.makeVolunteer()
            let (first, _) = try await t.signedIn(as: .volunteerCoordinator)
            let (second, _) = try await t.signedIn(as: .volunteerCoordinator, username: "coordinator2")
            #expect(try await first.get("/volunteers/\(v.id!)/edit").contains(#"name="version" value="1""#))
            try await second.get("/volunteers/\(v.id!)/edit")
            let saved = try await first.postMany("/volunteers/\(v.id!)/edit", Self.form(hq, nationalID: v.nationalID, first: "نورة", version: "1"))
            #expect(saved.status == .seeOther)
            let stale = try await second.postMany("/volunteers/\(v.id!)/edit", Self.form(hq, nationalID: v.nationalID, first: "منيرة", version: "1"))
            #expect(stale.status == .conflict && stale.contains("عدّل شخص آخر") && stale.contains(#"value="منيرة""#))
            let now = try #require(try await Volunteer.find(v.id, on: t.db))
            #expect(now.name == "نورة سعد علي العتيبي" && now.version == 2)
            let audit = try #require(try await t.auditEntries(action: "volunteer.updated").last)
            #expect(audit.detail?.contains("name") == true && audit.detail?.contains("mobile") == true && audit.detail?.contains("nationalID") == false)
            // Saving again from the refused form is a deliberate overwrite.
            #expect(stale.contains(#"name="version" value="2""#))
        }
    }

    @Test("pausing a volunteer needs a reason, keeps history, cancels her open assignments and ends her sessions in one go")
    func statusChange() async throws {
        try await withLamasat { t in
            let v = try await t.makeVolunteer()
            let (coordinator, user) = try await t.signedIn(as: .volunteerCoordinator)
            let opportunity = try await VolunteerOpportunity.numbered(
                .distributionDay, "يوم توزيع السلال", place: "مستودع الجمعية", district: "النسيم", branch: v.branchID,
                starts: t.clock.now().addingTimeInterval(86_400), ends: t.clock.now().addingTimeInterval(90_000), slots: 5, skills: [.packing],
                by: user.id!, at: t.clock.now(), on: t.db)
            let open = try VolunteerAssignment.offered(opportunity, to: v, by: user.id!, at: t.clock.now())
            try await open.create(on: t.db)
            let herPhone = try await t.volunteerBrowser(v)
            #expect(try await VolunteerSession.query(on: t.db).count() == 1)
            let page = try await coordinator.get("/volunteers/\(v.id!)")
            #expect(page.contains("يوم توزيع السلال") && page.contains(v.number))
            let noReason = try await coordinator.post("/volunteers/\(v.id!)/status", ["status": "paused", "reason": ""])
            #expect(noReason.status == .unprocessableEntity && noReason.contains(#"id="field-reason-error""#))
            #expect(try await Volunteer.find(v.id, on: t.db)?.status == .active)
            #expect(try await coordinator.post("/volunteers/\(v.id!)/status", ["status": "paused", "reason": "سفر شهرين"]).status == .seeOther)
            #expect(try await Volunteer.find(v.id, on: t.db)?.status == .paused)
            let cancelled = try #require(try await VolunteerAssignment.find(open.id, on: t.db))
            #expect(cancelled.status == .cancelled && cancelled.closeReason.contains("سفر شهرين") && cancelled.closedAt != nil)
            #expect(try await VolunteerSession.query(on: t.db).count() == 0)
            #expect(try await herPhone.get("/v/pledges").status == .seeOther)
            let history = try await VolunteerStatusChange.query(on: t.db).all()
            #expect(history.count == 1 && history[0].from == .active && history[0].to == .paused && history[0].changedBy == user.id)
            #expect(try await coordinator.get("/volunteers/\(v.id!)").contains("سفر شهرين"))
            // Back to active: history grows, nothing else is touched.
            #expect(try await coordinator.post("/volunteers/\(v.id!)/status", ["status": "active", "reason": "عادت"]).status == .seeOther)
            #expect(try await VolunteerStatusChange.query(on: t.db).count() == 2)
        }
    }

    @Test("an application opens the record form pre-filled; saving makes the linked record and accepts the application together")
    func acceptApplication() async throws {
        try await withLamasat { t in
            let hq = try await t.headOffice()
            let application = try await Self.application(t, branch: hq)
            let (coordinator, user) = try await t.signedIn(as: .volunteerCoordinator)
            let form = try await coordinator.get("/volunteers/applications/\(application.id!)/accept")
            #expect(form.contains(#"value="هند""#) && form.contains(#"value="العتيبي""#) && form.contains(#"value="055 111 2233""#))
            #expect(form.contains("تدريس الرياضيات") && form.contains(#"value="sun.morning" checked"#) && form.contains(#"value="fri.evening" checked"#))
            #expect(!form.contains(#"value="sun.evening" checked"#))
            let saved = try await coordinator.postMany("/volunteers/applications/\(application.id!)/accept", Self.form(hq))
            #expect(saved.status == .seeOther)
            let record = try #require(try await Volunteer.query(on: t.db).first())
            #expect(record.applicationID == application.id && record.createdBy == user.id)
            let accepted = try #require(try await VolunteerApplication.find(application.id, on: t.db))
            #expect(accepted.status == .accepted && accepted.handledBy == user.id)
            #expect(try await t.auditEntries(action: "volunteer.accepted").count == 1)
            // Once made, the application leads to her record and makes no second one.
            let again = try await coordinator.get("/volunteers/applications/\(application.id!)/accept")
            #expect(again.status == .seeOther && again.location == "/volunteers/\(record.id!)")
            #expect(try await coordinator.postMany("/volunteers/applications/\(application.id!)/accept", Self.form(hq)).status == .seeOther)
            #expect(try await Volunteer.query(on: t.db).count() == 1)
            #expect(try await coordinator.get("/volunteers/applications").contains("/volunteers/\(record.id!)"))
        }
    }

    @Test("pledges are signed by typed name or on the pad, on the coordinator's screen or her phone; a new version asks again")
    func pledges() async throws {
        try await withLamasat { t in
            let v = try await t.makeVolunteer()
            let (coordinator, user) = try await t.signedIn(as: .volunteerCoordinator)
            #expect(try await VolunteerPledges.missing(for: v.id!, on: t.db) == [.agreement, .confidentiality])
            let page = try await coordinator.get("/volunteers/\(v.id!)/pledges")
            #expect(page.contains("اتفاقية التطوع") && page.contains("data-signature-pad"))
            let unread = try await coordinator.post("/volunteers/\(v.id!)/pledges", ["method": "typed", "typedName": v.name])
            #expect(unread.status == .unprocessableEntity && unread.contains("قرأتِ النصوص"))
            let wrongName = try await coordinator.post("/volunteers/\(v.id!)/pledges", ["method": "typed", "typedName": "نورة الحربي", "read": "on"])
            #expect(wrongName.status == .unprocessableEntity && wrongName.contains("لا يطابق"))
            #expect(try await VolunteerPledge.query(on: t.db).count() == 0)
            // Another spelling of the same name (hamza, diacritics, spaces) counts.
            let typed = try await coordinator.post("/volunteers/\(v.id!)/pledges", ["method": "typed", "typedName": "نُورة  سالم الحربى", "read": "on"])
            #expect(typed.status == .seeOther)
            let signed = try await VolunteerPledge.query(on: t.db).all()
            #expect(signed.count == 2 && signed.allSatisfy { $0.method == .typed && $0.recordedBy == user.id && $0.textVersion == 1 })
            #expect(try await VolunteerPledges.missing(for: v.id!, on: t.db).isEmpty)
            // A new wording of the agreement asks her again, for that text only.
            let (admin, _) = try await t.signedIn(as: .admin)
            #expect(try await coordinator.get("/admin/volunteer-texts").status == .forbidden)
            try await admin.get("/admin/volunteer-texts")
            let empty = try await admin.post("/admin/volunteer-texts", ["kind": "agreement", "arabic": "", "english": ""])
            #expect(empty.status == .unprocessableEntity)
            #expect(try await admin.post("/admin/volunteer-texts", ["kind": "agreement", "arabic": "نص الاتفاقية الجديد", "english": ""]).status == .seeOther)
            #expect(try await admin.get("/admin/volunteer-texts").contains("نص الاتفاقية الجديد"))
            #expect(try await VolunteerPledges.missing(for: v.id!, on: t.db) == [.agreement])
            #expect(try await coordinator.get("/volunteers/\(v.id!)").contains("لم توقّع بعد"))
            // She signs on her own phone, on the pad.
            let phone = try await t.volunteerBrowser(v)
            let own = try await phone.get("/v/pledges")
            #expect(own.status == .ok && own.contains("نص الاتفاقية الجديد"))
            let noDrawing = try await phone.post("/v/pledges", ["method": "drawn", "signature": "", "read": "on"])
            #expect(noDrawing.status == .unprocessableEntity)
            #expect(try await phone.post("/v/pledges", ["method": "drawn", "signature": Crew.signature, "read": "on"]).status == .seeOther)
            let mine = try #require(try await VolunteerPledge.query(on: t.db).filter(\.$textVersion == 2).first())
            #expect(mine.kind == .agreement && mine.method == .drawn && mine.recordedBy == nil && mine.signature?.isEmpty == false)
            #expect(try await VolunteerPledges.missing(for: v.id!, on: t.db).isEmpty)
            // Signatures never change: the first ones are still there.
            #expect(try await VolunteerPledge.query(on: t.db).count() == 3)
            #expect(try await coordinator.get("/volunteers/\(v.id!)").contains("من جوالها"))
            // Her area needs her session.
            #expect(try await t.browser().get("/v/pledges").location == "/v/signin")
        }
    }

    @Test("every new route refuses other roles (403), and a coordinator of another branch gets 404 for a record or application")
    func roleAndBranch() async throws {
        try await withLamasat { t in
            let hq = try await t.headOffice()
            let v = try await t.makeVolunteer()
            let application = try await Self.application(t, branch: hq)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let gets = ["/volunteers", "/volunteers/new", "/volunteers/\(v.id!)", "/volunteers/\(v.id!)/edit", "/volunteers/\(v.id!)/pledges",
                        "/volunteers/applications", "/volunteers/applications/\(application.id!)/accept"]
            let posts = ["/volunteers/new", "/volunteers/\(v.id!)/edit", "/volunteers/\(v.id!)/status", "/volunteers/\(v.id!)/pledges",
                         "/volunteers/applications/\(application.id!)/accept", "/volunteers/applications/\(application.id!)"]
            for path in gets { #expect(try await officer.get(path).status == .forbidden, "GET \(path)") }
            for path in posts { #expect(try await officer.post(path, [:]).status == .forbidden, "POST \(path)") }
            #expect(try await officer.get("/admin/volunteer-texts").status == .forbidden)
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .volunteerCoordinator, username: "jed.volunteers", branch: jeddah)
            for path in gets.filter({ $0.contains(v.id!.uuidString) || $0.contains(application.id!.uuidString) }) {
                #expect(try await other.get(path).status == .notFound, "GET \(path)")
            }
            for path in posts.filter({ $0.contains(v.id!.uuidString) || $0.contains(application.id!.uuidString) }) {
                #expect(try await other.post(path, [:]).status == .notFound, "POST \(path)")
            }
            #expect(!(try await other.get("/volunteers").contains(v.number)))
            // Staff sessions never open her own pages.
            #expect(try await other.get("/v/pledges").location == "/v/signin")
        }
    }
}
