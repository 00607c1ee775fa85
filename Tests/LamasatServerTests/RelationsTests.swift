import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Channels, inquiries, complaints, the library and the FAQ", .serialized)
struct RelationsTests {
    @Test("markup typed into a contact's subject reaches her file's tabs escaped, never as markup")
    func fileTabsEscapeWhatWasTyped() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            try await officer.get("/contacts/new?beneficiary=\(file)")
            let typed = "<script>alert(1)</script><b>عاجل</b>"
            #expect(try await officer.post("/contacts?beneficiary=\(file)", ["channel": "phone", "direction": "incoming", "subject": typed,
                                                                             "outcome": "answered"]).status == .seeOther)
            // The interactions tab is rendered by its feature and embedded in the file page unescaped, as rendered HTML.
            for tab in ["interactions", "timeline"] {
                let page = try await officer.get("/beneficiaries/\(file)?tab=\(tab)")
                #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;عاجل&lt;/b&gt;"), "\(tab)")
                #expect(!page.contains("<script>alert(1)") && !page.contains("<b>عاجل"), "\(tab)")
            }
        }
    }

    @Test("a contact is logged from a file with a follow-up; letters get a register number and their scan; bad input changes nothing")
    func contacts() async throws {
        try await withLamasat { t in
            let (officer, user) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            try await officer.get("/contacts/new?beneficiary=\(file)")
            let phone = try await officer.post("/contacts?beneficiary=\(file)", ["channel": "phone", "direction": "incoming", "subject": "سؤال عن موعد القرار",
                                                                                "notes": "", "duration": "٥", "outcome": "informationGiven", "followUpOn": "2026-11-25"])
            #expect(phone.status == .seeOther)
            let contact = try #require(try await Contact.query(on: t.db).first())
            #expect(contact.beneficiaryID == file && contact.durationMinutes == 5 && contact.staffID == user.id && contact.letterNumber == nil)
            #expect(try await officer.get("/beneficiaries/\(file)?tab=interactions").contains("سؤال عن موعد القرار"))
            #expect(try await officer.get("/beneficiaries/\(file)?tab=timeline").contains("تواصل: الاتصالات الهاتفية"))
            #expect(try await officer.get("/work").contains("سؤال عن موعد القرار"))
            let letter = try await officer.upload("/contacts?beneficiary=\(file)", ["channel": "letter", "direction": "incoming", "subject": "خطاب طلب مساعدة",
                                                                                    "outcome": "answered"], file: samplePDF, filename: "letter.pdf", field: "scan")
            #expect(letter.status == .seeOther)
            let registered = try #require(try await Contact.query(on: t.db).filter(\.$channel == .letter).first())
            #expect(registered.letterNumber == "IN-2026-0001")
            #expect(try await officer.get("/contacts/\(registered.id!)/scan").status == .ok)
            // A scan on a phone call, a past follow-up date, a bad duration and a missing subject are refused.
            let before = try await Contact.query(on: t.db).count()
            #expect(try await officer.upload("/contacts", ["channel": "phone", "direction": "incoming", "subject": "x", "outcome": "answered"],
                                             file: samplePDF, filename: "x.pdf", field: "scan").status == .unprocessableEntity)
            #expect(try await officer.post("/contacts", ["channel": "phone", "direction": "incoming", "subject": "x", "outcome": "answered", "followUpOn": "2020-01-01"]).status == .unprocessableEntity)
            #expect(try await officer.post("/contacts", ["channel": "fax", "direction": "sideways", "subject": "", "outcome": "?", "duration": "9999"]).status == .unprocessableEntity)
            #expect(try await Contact.query(on: t.db).count() == before)
            // Wrong role and other branch.
            let (committee, _) = try await t.signedIn(as: .committeeMember)
            #expect(try await committee.post("/contacts", ["channel": "phone"]).status == .forbidden)
            #expect(try await committee.get("/contacts").status == .forbidden)
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            #expect(try await other.get("/contacts/new?beneficiary=\(file)").status == .notFound)
            #expect(try await other.post("/contacts?beneficiary=\(file)", ["channel": "phone", "direction": "incoming", "subject": "x", "outcome": "answered"]).status == .notFound)
            #expect(try await other.get("/contacts/\(registered.id!)/scan").status == .notFound)
            #expect(!(try await other.get("/contacts").contains("خطاب طلب مساعدة")))
        }
    }

    @Test("an inquiry from anyone: a clock in working days, FAQ suggestions, an answer, closing; another is referred to the researcher")
    func inquiries() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (researcher, researcherUser) = try await t.signedIn(as: .researcher)
            let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "request_status").first())
            try await officer.get("/inquiries/new")
            #expect(try await officer.post("/inquiries", ["contactName": "", "contactPhone": "12", "channel": "phone", "category": "", "question": ""]).status == .unprocessableEntity)
            #expect(try await Inquiry.query(on: t.db).count() == 0)
            let created = try await officer.post("/inquiries", ["contactName": "سارة", "contactPhone": "0551234567", "channel": "socialMedia",
                                                                "category": category.id!.uuidString, "question": "متى يصدر قرار طلب الدعم؟"])
            #expect(created.status == .seeOther)
            let inquiry = try #require(try await Inquiry.query(on: t.db).first())
            #expect(inquiry.number == "Q-2026-000001" && inquiry.contactPhone == "+966551234567")
            // Received on Wednesday 25 November 2026 with a one-working-day target: due at the end of Thursday.
            #expect(WorkingCalendar().dayString(inquiry.dueAt) == "2026-11-26")
            let page = try await officer.get("/inquiries/\(inquiry.id!)")
            #expect(page.contains("تدرس لجنة البحث الطلب"), "the FAQ answer about the decision period is suggested")
            let suggest = try await officer.get("/faq/suggest?q=\("المستندات المطلوبة".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)")
            #expect(suggest.contains("ما المستندات المطلوبة للتسجيل"))
            #expect(try await officer.post("/inquiries/\(inquiry.id!)/close").status == .conflict)
            #expect(try await officer.post("/inquiries/\(inquiry.id!)/answer", ["answer": ""]).status == .unprocessableEntity)
            #expect(try await officer.post("/inquiries/\(inquiry.id!)/answer", ["answer": "خلال أسبوعين على الأقل", "confirm": "send"]).status == .seeOther)
            var stored = try #require(try await Inquiry.find(inquiry.id, on: t.db))
            #expect(stored.status == .answered && stored.firstResponseAt == t.clock.now())
            #expect(try await officer.post("/inquiries/\(inquiry.id!)/close", ["confirm": "send"]).status == .seeOther)
            stored = try #require(try await Inquiry.find(inquiry.id, on: t.db))
            #expect(stored.status == .closed)
            // [P-20] An unclear case goes to the researcher, who sees it in her work and answers it.
            try await officer.post("/inquiries", ["contactName": "هند", "contactPhone": "0501112223", "channel": "phone",
                                                  "category": category.id!.uuidString, "question": "وضعي معقد ولا أعرف أي دعم يناسبني"])
            let second = try #require(try await Inquiry.query(on: t.db).filter(\.$number == "Q-2026-000002").first())
            #expect(try await officer.post("/inquiries/\(second.id!)/refer", ["researcher": "auto", "reason": ""]).status == .unprocessableEntity)
            #expect(try await officer.post("/inquiries/\(second.id!)/refer", ["researcher": "auto", "reason": "تحتاج دراسة حالتها"]).status == .seeOther)
            #expect(try await Inquiry.find(second.id, on: t.db)?.referredTo == researcherUser.id)
            #expect(try await researcher.get("/work").contains("Q-2026-000002"))
            #expect(try await researcher.post("/inquiries/\(second.id!)/answer", ["answer": "اتصلتُ بها وشرحت لها الخيارات", "confirm": "send"]).status == .seeOther)
            // Wrong role and other branch.
            let (service, _) = try await t.signedIn(as: .serviceOfficer)
            #expect(try await service.get("/inquiries").status == .forbidden)
            #expect(try await service.get("/inquiries/\(inquiry.id!)").status == .forbidden)
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            #expect(try await other.get("/inquiries/\(inquiry.id!)").status == .notFound)
            #expect(try await other.post("/inquiries/\(inquiry.id!)/reopen").status == .notFound)
            #expect(!(try await other.get("/inquiries").contains("Q-2026-000001")))
        }
    }

    @Test("a complaint about a colleague or a confidential one is for managers only — never for the colleague, by list, URL, file or export")
    func confidentiality() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (colleague, colleagueUser) = try await t.signedIn(as: .relationsOfficer, username: "officer2")
            let (manager, managerUser) = try await t.signedIn(as: .manager)
            let (manager2, _) = try await t.signedIn(as: .manager, username: "manager2")
            let file = try await registerFile(officer, try await fileForm(t))
            let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "staff_conduct").first())
            try await officer.get("/complaints/new?beneficiary=\(file)")
            func lodge(_ fields: [String: String]) async throws -> Complaint {
                let base = ["kind": "complaint", "channel": "interview", "category": category.id!.uuidString, "severity": "high"]
                #expect(try await officer.post("/complaints?beneficiary=\(file)", base.merging(fields) { $1 }).status == .seeOther)
                return try #require(try await Complaint.query(on: t.db).sort(\.$createdAt, .descending).sort(\.$number, .descending).first())
            }
            let aboutColleague = try await lodge(["description": "تعامل غير لائق من الموظفة", "aboutStaff": colleagueUser.id!.uuidString])
            let aboutManager = try await lodge(["description": "تأخر المديرة في الرد", "aboutStaff": managerUser.id!.uuidString])
            let confidential = try await lodge(["description": "أمر خاص لا تريد ذكره", "confidential": "on"])
            let open = try await lodge(["description": "الانتظار طويل في الفرع"])
            // The colleague sees only the open one, wherever she looks.
            let list = try await colleague.get("/complaints")
            #expect(list.contains(open.number) && !list.contains(aboutColleague.number) && !list.contains(confidential.number) && !list.contains(aboutManager.number))
            #expect(try await colleague.get("/complaints/\(aboutColleague.id!)").status == .notFound)
            #expect(try await colleague.get("/complaints/\(confidential.id!)").status == .notFound)
            #expect(try await colleague.post("/complaints/\(aboutColleague.id!)/respond", ["response": "x"]).status == .notFound)
            let tab = try await colleague.get("/beneficiaries/\(file)?tab=interactions")
            #expect(tab.contains(open.number) && !tab.contains(aboutColleague.number))
            let export = try await colleague.get("/beneficiaries/\(file)/export.json")
            #expect(!export.contains("تعامل غير لائق") && !export.contains("أمر خاص") && export.contains("الانتظار طويل"))
            #expect(export.contains("\"withheldComplaints\":3") || export.contains("\"withheldComplaints\" : 3"))
            // A manager sees them, except the one about herself; another manager sees that one.
            let managerList = try await manager.get("/complaints")
            #expect(managerList.contains(aboutColleague.number) && managerList.contains(confidential.number) && !managerList.contains(aboutManager.number))
            #expect(try await manager.get("/complaints/\(aboutManager.id!)").status == .notFound)
            #expect(try await manager2.get("/complaints/\(aboutManager.id!)").status == .ok)
            // The colleague can never be made the owner of a complaint about her.
            try await manager.get("/complaints/\(aboutColleague.id!)")
            #expect(try await manager.post("/complaints/\(aboutColleague.id!)/assign", ["owner": colleagueUser.id!.uuidString]).status == .unprocessableEntity)
            #expect(try await manager.post("/complaints/\(aboutColleague.id!)/assign", ["owner": managerUser.id!.uuidString]).status == .seeOther)
            // Nor does the complaint show on her file's timeline, which every reader of the file can open.
            #expect(!(try await colleague.get("/beneficiaries/\(file)?tab=timeline").contains(aboutColleague.number)))
        }
    }

    @Test("a complaint is answered, closed with her acknowledgement, reopened, and escalated when late; suggestions are adopted by managers")
    func complaintLife() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (manager, _) = try await t.signedIn(as: .manager)
            let delay = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "delay").first())
            try await officer.get("/complaints/new")
            #expect(try await officer.post("/complaints", ["kind": "complaint", "contactName": "", "channel": "x", "severity": "x"]).status == .unprocessableEntity)
            #expect(try await officer.upload("/complaints", ["kind": "complaint", "contactName": "منى", "contactPhone": "0551112223", "channel": "website",
                                                             "category": delay.id!.uuidString, "severity": "medium", "description": "تأخر الرد على طلبي"],
                                             file: Array("not a pdf".utf8), filename: "x.pdf", field: "attachment").status == .unprocessableEntity)
            #expect(try await Complaint.query(on: t.db).count() == 0)
            #expect(try await officer.upload("/complaints", ["kind": "complaint", "contactName": "منى", "contactPhone": "0551112223", "channel": "website",
                                                             "category": delay.id!.uuidString, "severity": "medium", "description": "تأخر الرد على طلبي"],
                                             file: samplePDF, filename: "x.pdf", field: "attachment").status == .seeOther)
            let complaint = try #require(try await Complaint.query(on: t.db).first())
            #expect(complaint.number == "S-2026-000001" && complaint.status == .open)
            #expect(try await StoredFile.query(on: t.db).filter(\.$ownerID == complaint.id!).count() == 1)
            #expect(try await officer.post("/complaints/\(complaint.id!)/close", ["acknowledgement": "راضية"]).status == .conflict)
            // Late without a response: the worker escalates it, once.
            t.clock.advance(by: 7 * 86_400)
            #expect(try await ComplaintEscalation.run(now: t.clock.now(), auditKey: t.app.lamasat.secrets.audit, on: t.db) == 1)
            #expect(try await ComplaintEscalation.run(now: t.clock.now(), auditKey: t.app.lamasat.secrets.audit, on: t.db) == 0)
            #expect(try await Complaint.find(complaint.id, on: t.db)?.escalatedAt != nil)
            let (officer2, _) = try await t.signedIn(as: .relationsOfficer, username: "officer2")
            let (manager2, _) = try await t.signedIn(as: .manager, username: "manager2")
            _ = (officer, manager)
            #expect(try await manager2.get("/work").contains("S-2026-000001"))
            try await officer2.get("/complaints/\(complaint.id!)")
            #expect(try await officer2.post("/complaints/\(complaint.id!)/respond", ["response": "اعتذرنا وتابعنا طلبها", "confirm": "send"]).status == .seeOther)
            #expect(try await officer2.post("/complaints/\(complaint.id!)/close", ["acknowledgement": ""]).status == .unprocessableEntity)
            #expect(try await officer2.post("/complaints/\(complaint.id!)/close", ["acknowledgement": "هاتفيًا، راضية عن الرد", "confirm": "send"]).status == .seeOther)
            #expect(try await officer2.post("/complaints/\(complaint.id!)/reopen", ["reason": "عادت تشكو"]).status == .seeOther)
            let reopened = try #require(try await Complaint.find(complaint.id, on: t.db))
            #expect(reopened.status == .open && reopened.escalatedAt == nil && reopened.dueAt > t.clock.now())
            let events = try await ComplaintEvent.query(on: t.db).filter(\.$complaintID == complaint.id!).sort(\.$at).all().map(\.action)
            #expect(events == ["created", "escalated", "respond", "close", "reopen"])
            // A suggestion adopted, and what changed.
            let suggestion = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "suggestion").first())
            try await officer2.post("/complaints", ["kind": "suggestion", "contactName": "منى", "contactPhone": "0551112223", "channel": "website",
                                                    "category": suggestion.id!.uuidString, "severity": "low", "description": "رسالة تذكير قبل موعد الزيارة"])
            let idea = try #require(try await Complaint.query(on: t.db).filter(\.$kind == .suggestion).first())
            #expect(try await officer2.post("/complaints/\(idea.id!)/adopt", ["change": "x"]).status == .forbidden)
            try await manager2.get("/complaints/\(idea.id!)")
            #expect(try await manager2.post("/complaints/\(idea.id!)/adopt", ["change": "أضفنا رسالة تذكير قبل الزيارة بيوم"]).status == .seeOther)
            #expect(try await Complaint.find(idea.id, on: t.db)?.isAdopted == true)
            #expect(try await manager2.post("/complaints/\(complaint.id!)/adopt", ["change": "x"]).status == .unprocessableEntity)
        }
    }

    @Test("the library: the policy and four tools seeded; staff acknowledge the current version; a new version asks again; managers see who has not")
    func library() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (manager, _) = try await t.signedIn(as: .manager)
            let documents = try await LibraryDocument.query(on: t.db).all()
            #expect(Set(documents.map(\.code)) == ["bylaws", "research_guide", "support_policy_guide", "request_form", "relations_policy"])
            let policy = try #require(documents.first { $0.code == "relations_policy" })
            let page = try await officer.get("/library/\(policy.id!)")
            #expect(page.contains("سياسة تنظيم العلاقة مع المستفيدين") && page.contains("قرأتُ هذه النسخة"))
            #expect(try await officer.get("/library").contains("بانتظار ملف الجمعية"))
            #expect(try await officer.post("/library/\(policy.id!)/acknowledge", ["version": "1"]).status == .seeOther)
            #expect(try await officer.post("/library/\(policy.id!)/acknowledge", ["version": "1"]).status == .seeOther)
            #expect(try await LibraryAcknowledgement.query(on: t.db).count() == 1)
            #expect(!(try await manager.get("/library/readers").contains("موظفة relationsofficer1")))
            // A new version: the officer has to read again, and the manager sees it.
            #expect(try await officer.upload("/library/\(policy.id!)/versions", ["bodyArabic": "نص", "approvedOn": "2026-11-01", "approvedBy": "المجلس"],
                                             file: samplePDF, filename: "p.pdf").status == .forbidden)
            try await manager.get("/library/\(policy.id!)")
            #expect(try await manager.upload("/library/\(policy.id!)/versions", ["bodyArabic": "", "approvedOn": "2026-11-01", "approvedBy": "المجلس"],
                                             file: samplePNG, filename: "p.png").status == .unprocessableEntity)
            #expect(try await manager.upload("/library/\(policy.id!)/versions", ["bodyArabic": "النسخة الثانية من السياسة", "approvedOn": "2027-01-01", "approvedBy": "المجلس"],
                                             file: samplePDF, filename: "p.pdf").status == .unprocessableEntity)
            #expect(try await manager.upload("/library/\(policy.id!)/versions", ["bodyArabic": "النسخة الثانية من السياسة", "approvedOn": "2026-11-01", "approvedBy": "مجلس الإدارة"],
                                             file: samplePDF, filename: "p.pdf").status == .seeOther)
            #expect(try await officer.get("/library/\(policy.id!)").contains("النسخة الثانية من السياسة"))
            #expect(try await officer.get("/library/\(policy.id!)/file/2").status == .ok)
            #expect(try await manager.get("/library/readers").contains("موظفة relationsofficer1"))
            #expect(try await officer.post("/library/\(policy.id!)/acknowledge", ["version": "1"]).status == .conflict)
            #expect(try await officer.get("/library/readers").status == .forbidden)
            // One click from where it applies: the intake form shows the support policy guide.
            let file = try await registerFile(officer, try await fileForm(t))
            #expect(try await officer.get("/beneficiaries/\(file)/requests/new").contains("دليل سياسة الدعم للمستفيدين"))
        }
    }

    @Test("the FAQ is searched with the Arabic normalization; only managers edit it; replies fill her details")
    func faqAndReplies() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (officer, manager) = (crew.officer, crew.manager)
            // "تقييمى" with a final yaa written as alif maqsura, and without the hamza of "يؤثر".
            let found = try await officer.get("/faq?q=\("يوثر تقييمى".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)")
            #expect(found.contains("هل يؤثر تقييمي السلبي للخدمة على طلباتي؟"))
            #expect(!found.contains("ما المستندات المطلوبة للتسجيل؟"))
            #expect(try await officer.get("/faq?category=misconceptions").contains("هل يعني التسجيل"))
            #expect(try await officer.post("/faq", ["category": "general", "questionArabic": "س", "answerArabic": "ج"]).status == .forbidden)
            try await manager.get("/faq/new")
            #expect(try await manager.post("/faq", ["category": "nope", "questionArabic": "", "answerArabic": ""]).status == .unprocessableEntity)
            // A too-long English answer is named on its field, the typed Arabic kept, and nothing stored.
            let entries = try await FAQEntry.query(on: t.db).count()
            let refused = try await manager.post("/faq", ["category": "general", "questionArabic": "سؤال محفوظ في النموذج", "answerArabic": "ج",
                                                          "answerEnglish": String(repeating: "a", count: 4001)])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.contains("id=\"field-answerEnglish-error\"") && refused.contains("سؤال محفوظ في النموذج"))
            #expect(try await FAQEntry.query(on: t.db).count() == entries)
            #expect(try await manager.post("/faq", ["category": "general", "questionArabic": "أين يقع مكتب الجمعية؟", "answerArabic": "في الرياض"]).status == .seeOther)
            #expect(try await officer.get("/faq?q=%D9%85%D9%83%D8%AA%D8%A8").contains("أين يقع مكتب الجمعية؟"))
            // Replies: filled from a request; unknown variables refused.
            let (_, request) = try await crew.submitted()
            let replies = try await crew.officer.get("/replies?request=\(request)")
            #expect(replies.contains("أهلًا أميرة، استلمنا طلبك رقم R-2026-000001"))
            // Staff who may not open files get the replies, never her details.
            let (volunteers, _) = try await t.signedIn(as: .volunteerCoordinator)
            let unfilled = try await volunteers.get("/replies?request=\(request)")
            #expect(unfilled.status == .ok && !unfilled.contains("أميرة") && !unfilled.contains("R-2026-000001"))
            #expect(try await manager.post("/replies", ["title": "اختبار", "body": "مرحبًا {nickname}"]).status == .unprocessableEntity)
            #expect(try await manager.post("/replies", ["title": "اختبار", "body": "مرحبًا {name}"]).status == .seeOther)
            #expect(try await officer.post("/replies", ["title": "اختبار", "body": "مرحبًا"]).status == .forbidden)
        }
    }

    @Test("the administrator adds and edits inquiry and complaint categories; bad input, a taken code, an unknown id and other roles change nothing")
    func caseCategories() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            try await admin.get("/admin/relations")
            let before = try await CaseCategory.query(on: t.db).count()
            let new = ["kind": "inquiry", "code": "housing_help", "nameArabic": "مساعدة السكن", "nameEnglish": "Housing help", "targetDays": "3"]
            #expect(try await admin.post("/admin/relations/categories", new.merging(["code": "Bad Code"]) { $1 }).status == .unprocessableEntity)
            #expect(try await admin.post("/admin/relations/categories", new.merging(["targetDays": "61"]) { $1 }).status == .unprocessableEntity)
            #expect(try await admin.post("/admin/relations/categories", new.merging(["code": "request_status"]) { $1 }).status == .unprocessableEntity)
            #expect(try await admin.post("/admin/relations/categories", new.merging(["id": UUID().uuidString]) { $1 }).status == .notFound)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.post("/admin/relations/categories", new).status == .forbidden)
            #expect(try await CaseCategory.query(on: t.db).count() == before)
            #expect(try await admin.post("/admin/relations/categories", new).status == .seeOther)
            let added = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "housing_help").first())
            #expect(added.kind == .inquiry && added.targetDays == 3 && added.isActive && added.nameEnglish == "Housing help")
            // Editing keeps the code and kind; an unticked "active" retires it.
            #expect(try await admin.post("/admin/relations/categories", ["id": added.id!.uuidString, "code": "other_code", "kind": "complaint",
                                                                         "nameArabic": "مساعدة في السكن", "targetDays": "5"]).status == .seeOther)
            let edited = try #require(try await CaseCategory.find(added.id, on: t.db))
            #expect(edited.code == "housing_help" && edited.kind == .inquiry && edited.targetDays == 5 && !edited.isActive && edited.nameArabic == "مساعدة في السكن")
            #expect(try await t.auditEntries(action: "settings.caseCategory").count == 2)
        }
    }

    @Test("reports count every channel and respect the branch; holidays move the targets")
    func reportsAndHolidays() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            try await admin.get("/admin/relations")
            #expect(try await admin.post("/admin/relations/holidays", ["day": "2026-02-30", "name": "x"]).status == .unprocessableEntity)
            #expect(try await admin.post("/admin/relations/holidays", ["day": "2026-11-26", "name": "إجازة"]).status == .seeOther)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "request_status").first())
            try await officer.get("/inquiries/new")
            try await officer.post("/inquiries", ["contactName": "سارة", "contactPhone": "0551234567", "channel": "website", "category": category.id!.uuidString, "question": "سؤال"])
            // Thursday is now a holiday: one working day after Wednesday is Sunday.
            #expect(WorkingCalendar().dayString(try #require(try await Inquiry.query(on: t.db).first()).dueAt) == "2026-11-29")
            try await officer.post("/contacts", ["channel": "website", "direction": "incoming", "subject": "سؤال", "outcome": "answered"])
            let (manager, _) = try await t.signedIn(as: .manager)
            let report = try await manager.get("/reports/relations")
            #expect(report.status == .ok && report.contains("الموقع الإلكتروني"))
            // The one inquiry is unanswered and still within its target: no share yet, rather than 0%.
            #expect(!report.contains("0%"))
            let contacts = t.app.lamasat.localizer.text("nav.contacts", .ar), inquiries = t.app.lamasat.localizer.text("nav.inquiries", .ar)
            let website = t.app.lamasat.localizer.text(ContactChannel.website.localizationKey, .ar)
            #expect(report.contains("\(website)</td><td data-label=\"\(contacts)\">1</td><td data-label=\"\(inquiries)\">1</td>"))
            // Another branch's manager counts none of the head office's.
            let (jeddah, _) = try await t.signedIn(as: .manager, username: "jed.manager", branch: try await t.makeBranch("JED"))
            let theirs = try await jeddah.get("/reports/relations")
            #expect(theirs.contains("\(website)</td><td data-label=\"\(contacts)\">0</td><td data-label=\"\(inquiries)\">0</td>"))
            #expect(try await officer.get("/reports/relations").status == .forbidden)
            #expect(try await manager.get("/reports/relations?from=bad&to=2026-13-40").status == .ok)

            // Open cases by age in working days (now: Wednesday 25 November; Thursday 26 is the holiday added above):
            // received on the 19th is 4 working days old (3–5), on the 12th 9 (6–10), on 25 October more than 10.
            // A closed one and another branch's are not counted.
            let riyadh = DualCalendarFormatter.riyadh
            func day(_ month: Int, _ day: Int) -> Date {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = riyadh
                return calendar.date(from: DateComponents(year: 2026, month: month, day: day, hour: 9))!
            }
            for (question, received) in [("عمر ٤", day(11, 19)), ("عمر ٩", day(11, 12)), ("قديم", day(10, 25)), ("مغلق", day(10, 20))] {
                try await officer.post("/inquiries", ["contactName": "منى", "contactPhone": "0551234568", "channel": "website",
                                                      "category": category.id!.uuidString, "question": question])
                try await Inquiry.query(on: t.db).filter(\.$question == question).set(\.$createdAt, to: received)
                    .set(\.$status, to: question == "مغلق" ? .closed : .new).update()
            }
            let (jeddahOfficer, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer",
                                                          branch: try #require(try await Branch.query(on: t.db).filter(\.$code == "JED").first()))
            try await jeddahOfficer.get("/inquiries/new")
            try await jeddahOfficer.post("/inquiries", ["contactName": "هند", "contactPhone": "0551234569", "channel": "website",
                                                        "category": category.id!.uuidString, "question": "فرع آخر"])
            #expect(try await Inquiry.query(on: t.db).count() == 6)
            let aged = try await manager.get("/reports/relations")
            let label = t.app.lamasat.localizer.text("request.field.channel", .ar)
            #expect(aged.contains("<td data-label=\"\(label)\">\(website)</td><td>1</td><td>1</td><td>1</td><td>1</td>"))
        }
    }
}
