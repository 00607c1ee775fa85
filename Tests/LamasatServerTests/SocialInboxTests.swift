import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 16, [P-16] channel 3: the social-media inbox — pasted messages become contacts or cases like the others.
@Suite("Social media inbox", .serialized)
struct SocialInboxTests {
    static let question = ["platform": "x", "handle": "@um_sara", "text": "متى يصدر قرار طلب الإيجار؟",
                           "link": "https://x.com/um_sara/status/1", "receivedAt": "2026-11-24T21:15"]

    /// Pastes a message (after opening the form for its CSRF token) and returns the page and the message's id.
    static func paste(_ browser: Browser, _ form: [String: String] = question) async throws -> (Browser.Page, UUID?) {
        try await browser.get("/social/new")
        let page = try await browser.post("/social", form)
        let id = page.location.flatMap { $0.split(separator: "/").last?.split(separator: "?").first }.flatMap { UUID(uuidString: String($0)) }
        return (page, id)
    }

    static func message(_ t: TestContext, _ id: UUID?) async throws -> SocialMessage {
        try #require(try await SocialMessage.find(id, on: t.db))
    }

    @Test("the link, the moment and the duplicate rules need no database")
    func rules() throws {
        let now = Date(timeIntervalSince1970: 1_795_600_000)  // 2026-11-25 12:46 in Riyadh
        #expect(try SocialMessageRules.link("https://www.instagram.com/p/abc/").get() == "https://www.instagram.com/p/abc/")
        #expect(try SocialMessageRules.link("").get() == "")
        for bad in ["javascript:alert(1)", "ftp://x.com/a", "x.com/abc", "https://", "https://localhost/x", "https://a b.com"] {
            #expect(throws: SocialMessageRules.LinkProblem.notWeb, "\(bad)") { try SocialMessageRules.link(bad).get() }
        }
        #expect(throws: SocialMessageRules.LinkProblem.tooLong) { try SocialMessageRules.link("https://x.com/" + String(repeating: "a", count: 500)).get() }
        let riyadhNoon = try? SocialMessageRules.receivedAt("٢٠٢٦-١١-٢٥T١٢:٠٠", now: now).get()
        #expect(riyadhNoon == now.addingTimeInterval(-46 * 60 - 40))
        #expect(try SocialMessageRules.receivedAt("", now: now).get() == now)
        #expect(throws: SocialMessageRules.MomentProblem.future) { try SocialMessageRules.receivedAt("2026-11-25T13:00", now: now).get() }
        #expect(throws: SocialMessageRules.MomentProblem.unreadable) { try SocialMessageRules.receivedAt("2026-02-31T10:00", now: now).get() }
        #expect(throws: SocialMessageRules.MomentProblem.unreadable) { try SocialMessageRules.receivedAt("yesterday", now: now).get() }
        #expect(throws: SocialMessageRules.MomentProblem.tooOld) { try SocialMessageRules.receivedAt("1999-01-01T10:00", now: now).get() }
        // The same message whatever the "@", the case of the handle or the spacing of the text; another link is another message.
        let one = SocialMessageRules.fingerprint(platform: .x, handle: "@Um_Sara", text: "متى  يصدر\nالقرار؟", link: "")
        #expect(one == SocialMessageRules.fingerprint(platform: .x, handle: "um_sara", text: "متى يصدر القرار؟", link: ""))
        #expect(one != SocialMessageRules.fingerprint(platform: .instagram, handle: "um_sara", text: "متى يصدر القرار؟", link: ""))
        #expect(one != SocialMessageRules.fingerprint(platform: .x, handle: "um_sara", text: "متى يصدر القرار؟", link: "https://x.com/1"))
    }

    @Test("a pasted message waits in the officer's branch; bad input is refused with a clear message and nothing is saved")
    func entering() async throws {
        try await withLamasat { t in
            let (officer, user) = try await t.signedIn(as: .relationsOfficer)
            let (saved, id) = try await Self.paste(officer)
            #expect(saved.status == .seeOther)
            let message = try await Self.message(t, id)
            #expect(message.status == .new && message.branchID == user.$branch.id && message.enteredBy == user.id && message.handle == "@um_sara")
            #expect(message.receivedAt == t.clock.now().addingTimeInterval(-(15 * 3_600 + 31 * 60 + 40)))
            #expect(try await t.auditEntries(action: "social.entered").count == 1)
            let page = try await officer.get("/social/\(id!)")
            #expect(page.status == .ok && page.contains("متى يصدر قرار طلب الإيجار؟") && page.contains("href=\"https://x.com/um_sara/status/1\""))
            #expect(page.contains("rel=\"noopener noreferrer nofollow\""))
            let ar = t.app.lamasat.localizer
            let refused: [(String, String, String)] = [
                ("link", "javascript:alert(1)", ar.text("social.error.link", .ar)),
                ("link", "www.example.com", ar.text("social.error.link", .ar)),
                ("receivedAt", "2026-11-26T10:00", ar.text("social.error.future", .ar)),
                ("receivedAt", "2026-13-01T10:00", ar.text("social.error.receivedAt", .ar)),
                ("text", "", ar.text("validation.required", .ar)),
                ("handle", "@", ar.text("validation.required", .ar)),
                ("platform", "myspace", ar.text("validation.choose", .ar)),
            ]
            for (field, value, error) in refused {
                var form = Self.question
                form[field] = value
                form["text"] = field == "text" ? value : "رسالة أخرى عن \(field)"
                let (page, _) = try await Self.paste(officer, form)
                #expect(page.status == .unprocessableEntity, "\(field)=\(value)")
                #expect(page.contains(error), "\(field)=\(value)")
                // What was typed stays in the box (a select shows its choices, an empty box nothing; "@" alone is on every page).
                if !value.isEmpty, value != "@", field != "platform" {
                    #expect(page.contains("value=\"\(value)\""), "\(field)=\(value)")
                }
            }
            #expect(try await SocialMessage.query(on: t.db).count() == 1)
            // The same message again the same day — even with another "@" and spacing — is refused as already entered.
            var again = Self.question
            again["handle"] = "UM_SARA"
            again["text"] = "متى يصدر  قرار طلب الإيجار؟"
            let (duplicate, _) = try await Self.paste(officer, again)
            #expect(duplicate.status == .conflict && duplicate.contains(ar.text("social.error.duplicate", .ar)))
            #expect(try await SocialMessage.query(on: t.db).count() == 1)
            // Entered more than a day ago, it no longer stands in the way: the same words are a new post of hers.
            message.enteredAt = t.clock.now().addingTimeInterval(-SocialMessageRules.duplicateWindow - 60)
            try await message.save(on: t.db)
            #expect(try await Self.paste(officer, again).0.status == .seeOther)
            #expect(try await SocialMessage.query(on: t.db).count() == 2)
        }
    }

    @Test("each outcome creates the right record on the social-media channel, and each links to the other")
    func outcomes() async throws {
        try await withLamasat { t in
            let (officer, user) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            var ids: [UUID] = []
            for index in 0..<4 {
                var form = Self.question
                form["text"] = "الرسالة رقم \(index)"
                ids.append(try #require(try await Self.paste(officer, form).1))
            }
            let inquiryCategory = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .inquiry).first())
            let complaintCategory = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .complaint).filter(\.$code != "suggestion").first())
            // A contact on her file, found by searching for it from the message.
            let found = try await officer.post("/social/\(ids[0])/find", ["q": "أميرة"])
            #expect(found.status == .ok && found.contains("/social/\(ids[0])?beneficiary=\(file)"))
            #expect(try await officer.get("/social/\(ids[0])?beneficiary=\(file)").contains("LMS-"))
            let contact = try await officer.post("/social/\(ids[0])/contact?beneficiary=\(file)", ["subject": "شكر على الخدمة", "outcome": "answered"])
            #expect(contact.status == .seeOther)
            let logged = try #require(try await Contact.query(on: t.db).filter(\.$channel == .socialMedia).first())
            #expect(logged.beneficiaryID == file && logged.subject == "شكر على الخدمة" && logged.notes.contains("الرسالة رقم 0") && logged.staffID == user.id)
            #expect(try await officer.get("/beneficiaries/\(file)?tab=interactions").contains("شكر على الخدمة"))
            // An inquiry from someone known only by her handle.
            let inquiry = try await officer.post("/social/\(ids[1])/inquiry", ["category": inquiryCategory.id!.uuidString, "contactName": "@um_sara", "contactPhone": ""])
            #expect(inquiry.status == .seeOther)
            let opened = try #require(try await Inquiry.query(on: t.db).first())
            #expect(opened.channel == .socialMedia && opened.contactName == "@um_sara" && opened.contactPhone == "" && opened.question.contains("الرسالة رقم 1"))
            #expect(opened.dueAt == WorkingCalendar().due(after: t.clock.now(), workingDays: inquiryCategory.targetDays))
            #expect(inquiry.location == "/inquiries/\(opened.id!)?done=inquiryCreated")
            // A complaint with her mobile, and a suggestion.
            #expect(try await officer.post("/social/\(ids[2])/complaint", ["category": complaintCategory.id!.uuidString, "severity": "high",
                                                                           "contactName": "سارة", "contactPhone": "0551234567"]).status == .seeOther)
            let complaint = try #require(try await Complaint.query(on: t.db).filter(\.$kind == .complaint).first())
            #expect(complaint.channel == .socialMedia && complaint.severity == .high && complaint.contactPhone == "+966551234567")
            let suggestionCategory = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "suggestion").first())
            #expect(try await officer.post("/social/\(ids[3])/suggestion", ["category": suggestionCategory.id!.uuidString, "contactName": "@um_sara"]).status == .seeOther)
            let suggestion = try #require(try await Complaint.query(on: t.db).filter(\.$kind == .suggestion).first())
            #expect(suggestion.channel == .socialMedia && suggestion.description.contains("الرسالة رقم 3"))
            // Each message names what it became and links to it; each case links back to its message.
            let expected: [(SocialOutcome, UUID, String)] = [(.contact, logged.id!, "/beneficiaries/\(file)?tab=interactions"),
                                                             (.inquiry, opened.id!, "/inquiries/\(opened.id!)"),
                                                             (.complaint, complaint.id!, "/complaints/\(complaint.id!)"),
                                                             (.suggestion, suggestion.id!, "/complaints/\(suggestion.id!)")]
            for (index, (kind, record, path)) in expected.enumerated() {
                let message = try await Self.message(t, ids[index])
                #expect(message.status == .handled && message.outcomeKind == kind && message.outcomeID == record && message.handledBy == user.id, "\(kind)")
                #expect(try await officer.get("/social/\(ids[index])").contains("href=\"\(path)\""), "\(kind)")
                #expect(try await t.auditEntries(action: "social.\(kind.rawValue)").count == 1, "\(kind)")
            }
            #expect(try await SocialMessage.find(ids[0], on: t.db)?.beneficiaryID == file)
            #expect(try await officer.get("/inquiries/\(opened.id!)").contains("href=\"/social/\(ids[1])\""))
            #expect(try await officer.get("/complaints/\(complaint.id!)").contains("href=\"/social/\(ids[2])\""))
            #expect(try await officer.get("/complaints/\(suggestion.id!)").contains("href=\"/social/\(ids[3])\""))
        }
    }

    @Test("a handled or dismissed message is not handled twice: the conflict page, and nothing more is created")
    func handledOnce() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .inquiry).first())
            let id = try #require(try await Self.paste(officer).1)
            // Refused input changes nothing and keeps it new.
            #expect(try await officer.post("/social/\(id)/inquiry", ["category": "", "contactName": ""]).status == .unprocessableEntity)
            #expect(try await officer.post("/social/\(id)/dismiss", ["reason": ""]).status == .unprocessableEntity)
            #expect(try await Self.message(t, id).status == .new)
            #expect(try await officer.post("/social/\(id)/inquiry", ["category": category.id!.uuidString, "contactName": "@um_sara"]).status == .seeOther)
            for action in ["inquiry", "complaint", "suggestion", "contact", "dismiss"] {
                let again = try await officer.post("/social/\(id)/\(action)", ["category": category.id!.uuidString, "contactName": "x", "subject": "x",
                                                                                "outcome": "answered", "reason": "مكررة"])
                #expect(again.status == .conflict, "\(action)")
                #expect(again.contains(t.app.lamasat.localizer.text("social.error.handled", .ar)), "\(action)")
            }
            #expect(try await Inquiry.query(on: t.db).count() == 1)
            #expect(try await Complaint.query(on: t.db).count() == 0)
            #expect(try await Contact.query(on: t.db).count() == 0)
            #expect(try await Self.message(t, id).status == .handled)
            // A dismissed one keeps its reason and takes no other action either.
            var other = Self.question
            other["text"] = "إعلان تجاري"
            let dismissed = try #require(try await Self.paste(officer, other).1)
            #expect(try await officer.post("/social/\(dismissed)/dismiss", ["reason": "إعلان لا يخص الجمعية"]).status == .seeOther)
            #expect(try await Self.message(t, dismissed).dismissReason == "إعلان لا يخص الجمعية")
            #expect(try await officer.post("/social/\(dismissed)/contact", ["subject": "x", "outcome": "answered"]).status == .conflict)
            #expect(try await officer.get("/social/\(dismissed)").contains("إعلان لا يخص الجمعية"))
            #expect(try await t.auditEntries(action: "social.dismissed").count == 1)
        }
    }

    @Test("two officers acting on one message at the same moment: one wins, the other gets the conflict page, one record exists")
    func simultaneousActions() async throws {
        try await withLamasat { t in
            let (first, _) = try await t.signedIn(as: .relationsOfficer)
            let (second, _) = try await t.signedIn(as: .relationsOfficer, username: "officer.two")
            let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .inquiry).first())
            for round in 0..<3 {
                var form = Self.question
                form["text"] = "رسالة الجولة \(round)"
                let id = try #require(try await Self.paste(first, form).1)
                try await second.get("/social/\(id)")
                async let asInquiry = first.post("/social/\(id)/inquiry", ["category": category.id!.uuidString, "contactName": "@um_sara"])
                async let asContact = second.post("/social/\(id)/contact", ["subject": "شكر", "outcome": "answered"])
                let statuses = [try await asInquiry.status, try await asContact.status]
                #expect(statuses.sorted { $0.code < $1.code } == [.seeOther, .conflict], "round \(round): \(statuses)")
                let message = try await Self.message(t, id)
                let made = try await Inquiry.query(on: t.db).filter(\.$id == message.outcomeID ?? UUID()).count()
                    + Contact.query(on: t.db).filter(\.$id == message.outcomeID ?? UUID()).count()
                #expect(message.status == .handled && made == 1, "round \(round)")
            }
            #expect(try await Inquiry.query(on: t.db).count() + Contact.query(on: t.db).count() == 3)
        }
    }

    @Test("the same message pasted by two officers at the same moment is kept once")
    func simultaneousPastes() async throws {
        try await withLamasat { t in
            let (first, _) = try await t.signedIn(as: .relationsOfficer)
            let (second, _) = try await t.signedIn(as: .relationsOfficer, username: "officer.two")
            try await first.get("/social/new")
            try await second.get("/social/new")
            async let one = first.post("/social", Self.question)
            async let two = second.post("/social", Self.question)
            let statuses = [try await one.status, try await two.status]
            #expect(statuses.sorted { $0.code < $1.code } == [.seeOther, .conflict], "\(statuses)")
            #expect(try await SocialMessage.query(on: t.db).count() == 1)
        }
    }

    @Test("the inbox is for roles that log contacts, cases for those who handle them; another branch's messages do not exist")
    func access() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let id = try #require(try await Self.paste(officer).1)
            let (committee, _) = try await t.signedIn(as: .committeeMember)
            for path in ["/social", "/social/new", "/social/\(id)"] { #expect(try await committee.get(path).status == .forbidden, "\(path)") }
            #expect(try await committee.post("/social", Self.question).status == .forbidden)
            #expect(!(try await committee.get("/").contains("href=\"/social\"")))
            #expect(try await officer.get("/").contains("href=\"/social\""))
            // A service officer logs contacts from the inbox but opens no inquiry or complaint, and is not offered to.
            let (service, _) = try await t.signedIn(as: .serviceOfficer)
            let page = try await service.get("/social/\(id)")
            #expect(page.status == .ok && !page.contains("/social/\(id)/inquiry") && page.contains("/social/\(id)/contact"))
            #expect(try await service.post("/social/\(id)/inquiry", ["contactName": "x"]).status == .forbidden)
            #expect(try await service.post("/social/\(id)/complaint", ["contactName": "x"]).status == .forbidden)
            #expect(try await Self.message(t, id).status == .new)
            // Another branch: not listed, not found, not handled.
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            #expect(!(try await other.get("/social").contains(id.uuidString)))
            #expect(try await other.get("/social/\(id)").status == .notFound)
            #expect(try await other.post("/social/\(id)/dismiss", ["reason": "ليست لنا"]).status == .notFound)
            #expect(try await Self.message(t, id).status == .new)
        }
    }

    @Test("the queue searches handle and text, filters by platform and status, and pages")
    func queue() async throws {
        try await withLamasat { t in
            let (officer, user) = try await t.signedIn(as: .relationsOfficer)
            let now = t.clock.now()
            for index in 0..<30 {
                let message = SocialMessage(platform: index % 3 == 0 ? .instagram : .x, handle: "user_\(index)", text: index == 7 ? "أين أقرب فرع؟" : "رسالة \(index)",
                                            link: "", receivedAt: now.addingTimeInterval(Double(-index) * 3_600), branchID: user.$branch.id,
                                            enteredBy: user.id!, at: now)
                if index % 5 == 0 { message.status = .dismissed }
                try await message.create(on: t.db)
            }
            let all = try await officer.get("/social")
            #expect(all.contains("@user_0") && !all.contains("@user_25") && all.contains("/social?page=2"))
            #expect(try await officer.get("/social?page=2").contains("@user_25"))
            let byText = try await officer.get("/social?q=\("أقرب فرع".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)")
            #expect(byText.contains("@user_7") && !byText.contains("@user_8"))
            let byHandle = try await officer.get("/social?q=%40user_12")
            #expect(byHandle.contains("@user_12") && !byHandle.contains("@user_13"))
            let instagram = try await officer.get("/social?platform=instagram")
            #expect(instagram.contains("@user_3") && !instagram.contains("@user_4"))
            let dismissed = try await officer.get("/social?status=dismissed")
            #expect(dismissed.contains("@user_5") && !dismissed.contains("@user_6"))
            // A wildcard typed as text matches itself, not everything.
            #expect(try await officer.get("/social?q=%25").contains(t.app.lamasat.localizer.text("list.empty", .ar)))
        }
    }
}
