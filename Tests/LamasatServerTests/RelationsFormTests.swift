import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// The localized error the page shows under one field (`partials/field`: its id ends in the name, and the key if any).
func fieldError(_ page: Browser.Page, _ id: String, _ key: String, _ t: TestContext, _ arguments: String...) -> Bool {
    var text = t.app.lamasat.localizer.text(key, .ar)
    for (index, argument) in arguments.enumerated() { text = text.replacingOccurrences(of: "{\(index)}", with: argument) }
    return page.contains("id=\"field-\(id)-error\">\(text)</p>")
}

/// The relations forms refuse bad input on the field it concerns, keep what was typed, and store nothing.
@Suite("Relations forms", .serialized)
struct RelationsFormTests {
    @Test("a new inquiry, its answer and its referral: the error on its field, the typed text kept, nothing stored")
    func inquiryForms() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "request_status").first())
            try await officer.get("/inquiries/new")
            let refused = try await officer.post("/inquiries", ["contactName": "سارة المحفوظة", "contactPhone": "0551234567", "channel": "phone",
                                                                "category": category.id!.uuidString, "question": ""])
            #expect(refused.status == .unprocessableEntity && fieldError(refused, "question", "validation.required", t))
            #expect(refused.contains("value=\"سارة المحفوظة\"") && refused.contains("value=\"\(category.id!.uuidString)\" selected"))
            #expect(try await Inquiry.query(on: t.db).count() == 0)
            try await officer.post("/inquiries", ["contactName": "سارة", "contactPhone": "0551234567", "channel": "phone",
                                                  "category": category.id!.uuidString, "question": "متى يصدر القرار؟"])
            let inquiry = try #require(try await Inquiry.query(on: t.db).first())
            try await officer.get("/inquiries/\(inquiry.id!)")
            let long = String(repeating: "ج", count: 4001)
            let tooLong = try await officer.post("/inquiries/\(inquiry.id!)/answer", ["answer": long])
            #expect(tooLong.status == .unprocessableEntity && fieldError(tooLong, "answer", "inquiry.error.answer", t) && tooLong.contains(long))
            let unexplained = try await officer.post("/inquiries/\(inquiry.id!)/refer", ["researcher": "auto", "reason": ""])
            #expect(unexplained.status == .unprocessableEntity && fieldError(unexplained, "reason", "request.error.referralReason", t))
            let nobody = try await officer.post("/inquiries/\(inquiry.id!)/refer", ["researcher": UUID().uuidString, "reason": "سبب محفوظ"])
            #expect(nobody.status == .unprocessableEntity && fieldError(nobody, "researcher", "request.error.noResearcher", t) && nobody.contains("value=\"سبب محفوظ\""))
            let stored = try #require(try await Inquiry.find(inquiry.id, on: t.db))
            #expect(stored.status == .new && stored.answer.isEmpty && stored.referredTo == nil)
        }
    }

    @Test("a contact logged: the error on its field, the typed values kept, nothing stored; a good one stored; other roles refused")
    func contactForm() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            try await officer.get("/contacts/new")
            let contact = ["channel": "website", "direction": "outgoing", "subject": "موضوع محفوظ", "duration": "900", "outcome": "answered"]
            let refused = try await officer.post("/contacts", contact)
            #expect(refused.status == .unprocessableEntity && fieldError(refused, "duration", "contact.error.duration", t))
            #expect(refused.contains("value=\"موضوع محفوظ\"") && refused.contains("value=\"outgoing\" selected") && refused.contains("value=\"900\""))
            #expect(try await Contact.query(on: t.db).count() == 0)
            #expect(try await officer.post("/contacts", contact.merging(["duration": "5"]) { $1 }).status == .seeOther)
            let stored = try #require(try await Contact.query(on: t.db).first())
            #expect(stored.durationMinutes == 5 && stored.direction == .outgoing && stored.subject == "موضوع محفوظ")
            let (committee, _) = try await t.signedIn(as: .committeeMember)
            #expect(try await committee.post("/contacts", contact).status == .forbidden)
        }
    }

    @Test("a complaint's owner, response and adopted change: the error on its field, the typed text kept, nothing stored")
    func complaintForms() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (manager, _) = try await t.signedIn(as: .manager)
            let delay = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "delay").first())
            try await officer.get("/complaints/new")
            let unrated = try await officer.post("/complaints", ["kind": "complaint", "contactName": "منى", "contactPhone": "0551112223", "channel": "website",
                                                                 "category": delay.id!.uuidString, "severity": "x", "description": "وصف محفوظ في النموذج",
                                                                 "aboutStaff": UUID().uuidString])
            #expect(unrated.status == .unprocessableEntity && fieldError(unrated, "severity", "validation.choose", t) && fieldError(unrated, "aboutStaff", "validation.choose", t))
            #expect(unrated.contains("وصف محفوظ في النموذج</textarea>") && unrated.contains("value=\"website\" selected"))
            #expect(try await Complaint.query(on: t.db).count() == 0)
            try await officer.post("/complaints", ["kind": "suggestion", "contactName": "منى", "contactPhone": "0551112223", "channel": "website",
                                                   "category": delay.id!.uuidString, "severity": "low", "description": "رسالة تذكير قبل الزيارة"])
            let idea = try #require(try await Complaint.query(on: t.db).first())
            try await manager.get("/complaints/\(idea.id!)")
            let stranger = try await manager.post("/complaints/\(idea.id!)/assign", ["owner": UUID().uuidString])
            #expect(stranger.status == .unprocessableEntity && fieldError(stranger, "owner", "validation.choose", t))
            let unsaid = try await manager.post("/complaints/\(idea.id!)/respond", ["response": ""])
            #expect(unsaid.status == .unprocessableEntity && fieldError(unsaid, "response", "complaint.error.respond", t))
            let long = String(repeating: "ت", count: 1001)
            let tooLong = try await manager.post("/complaints/\(idea.id!)/adopt", ["change": long])
            #expect(tooLong.status == .unprocessableEntity && fieldError(tooLong, "change", "complaint.error.adopt", t) && tooLong.contains("value=\"\(long)\""))
            let stored = try #require(try await Complaint.find(idea.id, on: t.db))
            #expect(stored.assignedTo == nil && stored.response.isEmpty && !stored.isAdopted && stored.status == .open)
            #expect(try await ComplaintEvent.query(on: t.db).filter(\.$complaintID == idea.id!).count() == 1)
        }
    }

    @Test("canned replies: a new one and an edit refused on their field with the text kept; a good edit retires it; others may not")
    func replyForms() async throws {
        try await withLamasat { t in
            let (manager, _) = try await t.signedIn(as: .manager)
            try await manager.get("/replies")
            let count = try await CannedReply.query(on: t.db).count()
            let unknown = try await manager.post("/replies", ["title": "عنوان محفوظ", "body": "مرحبًا {nickname}"])
            #expect(unknown.status == .unprocessableEntity && fieldError(unknown, "body", "reply.error.variables", t, "nickname"))
            #expect(unknown.contains("value=\"عنوان محفوظ\"") && unknown.contains("مرحبًا {nickname}</textarea>"))
            #expect(try await CannedReply.query(on: t.db).count() == count)
            let reply = try #require(try await CannedReply.query(on: t.db).filter(\.$isActive == true).first())
            let id = reply.id!.uuidString
            let untitled = try await manager.post("/replies", ["id": id, "title": "", "body": "نص معدل محفوظ", "isActive": "on"])
            #expect(untitled.status == .unprocessableEntity && fieldError(untitled, "title-\(id)", "validation.required", t))
            #expect(untitled.contains("<details open>") && untitled.contains("نص معدل محفوظ</textarea>"))
            #expect(try await CannedReply.find(reply.id, on: t.db)?.body == reply.body)
            #expect(try await manager.post("/replies", ["id": UUID().uuidString, "title": "x", "body": "y"]).status == .notFound)
            #expect(try await manager.post("/replies", ["id": id, "title": "عنوان جديد", "body": "أهلًا {name}"]).status == .seeOther)
            let edited = try #require(try await CannedReply.find(reply.id, on: t.db))
            #expect(edited.title == "عنوان جديد" && edited.body == "أهلًا {name}" && !edited.isActive)
            #expect(try await t.auditEntries(action: "reply.updated").count == 1)
        }
    }

    @Test("holidays and case categories: the error on its field, the typed values kept, nothing stored; other roles refused")
    func setupForms() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            try await admin.get("/admin/relations")
            let badDay = try await admin.post("/admin/relations/holidays", ["day": "2026-02-30", "calendar": "gregorian", "name": "إجازة محفوظة"])
            #expect(badDay.status == .unprocessableEntity && fieldError(badDay, "day", "relationsSetup.error.holiday", t) && badDay.contains("value=\"إجازة محفوظة\""))
            let hijri = try await admin.post("/admin/relations/holidays", ["day": "1448/06/01", "calendar": "hijri", "name": ""])
            #expect(hijri.status == .unprocessableEntity && fieldError(hijri, "name", "validation.required", t) && hijri.contains("value=\"hijri\" selected"))
            #expect(try await Holiday.query(on: t.db).count() == 0)
            #expect(try await admin.post("/admin/relations/holidays", ["day": "2026-12-01", "name": "إجازة"]).status == .seeOther)
            let taken = try await admin.post("/admin/relations/holidays", ["day": "2026-12-01", "name": "مرة ثانية"])
            #expect(taken.status == .unprocessableEntity && fieldError(taken, "day", "relationsSetup.error.holidayTaken", t))
            #expect(try await Holiday.query(on: t.db).count() == 1)
            let before = try await CaseCategory.query(on: t.db).count()
            let badCode = try await admin.post("/admin/relations/categories", ["kind": "complaint", "code": "Bad Code", "nameArabic": "اسم محفوظ", "targetDays": "3"])
            #expect(badCode.status == .unprocessableEntity && fieldError(badCode, "code", "catalog.error.code", t))
            #expect(badCode.contains("value=\"اسم محفوظ\"") && badCode.contains("value=\"complaint\" selected"))
            let delay = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "delay").first())
            let row = delay.id!.uuidString
            let late = try await admin.post("/admin/relations/categories", ["id": row, "nameArabic": "تأخير محفوظ", "targetDays": "99", "isActive": "on"])
            #expect(late.status == .unprocessableEntity && fieldError(late, "targetDays-\(row)", "relationsSetup.error.category", t) && late.contains("value=\"تأخير محفوظ\""))
            #expect(try await CaseCategory.query(on: t.db).count() == before)
            #expect(try await CaseCategory.find(delay.id, on: t.db)?.targetDays == delay.targetDays)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.post("/admin/relations/holidays", ["day": "2026-12-02", "name": "إجازة"]).status == .forbidden)
            #expect(try await officer.get("/admin/relations").status == .forbidden)
        }
    }
}
