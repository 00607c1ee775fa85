import Fluent
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// A valid registration form; tests change what they exercise.
func fileForm(_ t: TestContext, id: String = "1045789326", mobile: String = "0501234567", first: String = "أميرة",
              family: String = "القحطاني", birth: String = "1410/05/15", branch: Branch? = nil) async throws -> [String: String] {
    let category = try await BeneficiaryCategory.query(on: t.db).filter(\.$code == "widow").first()!
    let home: Branch
    if let branch { home = branch } else { home = try await t.headOffice() }
    return ["nationalID": id, "nameFirst": first, "nameFather": "عبد الله", "nameGrandfather": "سعد", "nameFamily": family,
            "birthDate": birth, "birthCalendar": "hijri", "category": category.id!.uuidString, "nationality": "سعودية",
            "mobile": mobile, "addressBuilding": "2929", "addressCity": "الرياض", "addressPostalCode": "12214",
            "education": "secondary", "employment": "unemployed", "housing": "rented", "monthlyRent": "١٬٥٠٠",
            "consentGiven": "on", "consentMethod": "signedPaper", "branch": home.id!.uuidString]
}

@discardableResult
func registerFile(_ browser: Browser, _ form: [String: String]) async throws -> UUID {
    let page = try await browser.post("/beneficiaries", form)
    #expect(page.status == .seeOther, "registration failed: \(page.status)")
    let location = try #require(page.location)
    return try #require(UUID(uuidString: String(location.dropFirst("/beneficiaries/".count).prefix(36))))
}

let samplePDF: [UInt8] = Array("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".utf8)
let samplePNG: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 32)

/// Uploads and verifies the documents a widow's file needs, so that it may be registered.
func completeDocuments(_ t: TestContext, _ browser: Browser, _ file: UUID) async throws {
    try await browser.get("/beneficiaries/\(file)?tab=documents")
    for code in ["id_card", "death_certificate"] {
        let type = try await DocumentType.query(on: t.db).filter(\.$code == code).first()!
        let page = try await browser.upload("/beneficiaries/\(file)/documents", ["type": type.id!.uuidString, "issueDate": "2020-01-01",
                                                                              "expiryDate": code == "id_card" ? "2030-01-01" : ""],
                                            file: samplePDF, filename: "\(code).pdf")
        #expect(page.status == .seeOther, "upload of \(code): \(page.status)")
    }
    for document in try await BeneficiaryDocument.query(on: t.db).filter(\.$beneficiary.$id == file).all() {
        let page = try await browser.post("/beneficiaries/\(file)/documents/\(document.id!)/verify", ["outcome": "matched"])
        #expect(page.status == .seeOther)
    }
}

@Suite("Beneficiary files: registration, duplicates, status", .serialized)
struct BeneficiaryRegistrationTests {
    @Test("an officer registers a file: stored once, numbered, normalized for search, audited")
    func register() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let id = try await registerFile(officer, try await fileForm(t))
            let file = try #require(try await Beneficiary.find(id, on: t.db))
            #expect(file.status == .applicant)
            #expect(file.fileSequence == 1)
            #expect(file.mobile == "+966501234567")
            #expect(file.birthDate == "1989-12-13")
            #expect(file.monthlyRent == 150_000)
            #expect(file.nameNormalized == "اميره عبد الله سعد القحطاني")
            #expect(file.consentGiven && file.consentNoticeVersion == BeneficiaryConsent.noticeVersion)
            let page = try await officer.get("/beneficiaries/\(id)")
            #expect(page.status == .ok)
            #expect(page.contains("أميرة عبد الله سعد القحطاني"))
            #expect(page.contains("LMS-000001"))
            #expect(try await t.auditEntries(action: "beneficiary.created").count == 1)
            // Her home page is now her queues (DashboardTests); the new applicant is in the applicants' list.
            let applicants = try await officer.get("/beneficiaries?status=applicant")
            #expect(applicants.contains("LMS-000001"))
            #expect(try await t.auditEntries(action: "view").contains { $0.recordID == id.uuidString })
        }
    }

    @Test("invalid data comes back with every typed value and a precise message per field; nothing is stored")
    func invalidData() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            var form = try await fileForm(t, id: "1045789327", mobile: "0112345678")
            form["iban"] = "SA0380000000608010167518"
            form["consentGiven"] = nil
            form["addressPostalCode"] = "122"
            let page = try await officer.post("/beneficiaries", form)
            #expect(page.status == .unprocessableEntity)
            #expect(page.contains("خانة التحقق لا تطابق"))
            #expect(page.contains("هذا رقم هاتف ثابت"))
            #expect(page.contains("الآيبان غير صحيح"))
            #expect(page.contains("الرمز البريدي 5 أرقام"))
            #expect(page.contains("لا يُسجل الملف دون موافقتها"))
            #expect(page.contains("value=\"1045789327\""))
            #expect(page.contains("value=\"أميرة\""))
            #expect(try await Beneficiary.query(on: t.db).count() == 0)
        }
    }

    @Test("the same national ID is never registered twice; the stop links to the file the user may see")
    func duplicateIDSameBranch() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let id = try await registerFile(officer, try await fileForm(t))
            let again = try await officer.post("/beneficiaries", try await fileForm(t, mobile: "0559876543", first: "سارة"))
            #expect(again.status == .conflict)
            #expect(again.contains("/beneficiaries/\(id)"))
            #expect(try await Beneficiary.query(on: t.db).count() == 1)
            #expect(try await t.auditEntries(action: "beneficiary.duplicateRefused").count == 1)
        }
    }

    @Test("a duplicate ID held by another branch is stopped without revealing the file")
    func duplicateIDOtherBranch() async throws {
        try await withLamasat { t in
            let jeddah = try await t.makeBranch("JED")
            let (hqOfficer, _) = try await t.signedIn(as: .relationsOfficer, username: "hq.officer")
            let id = try await registerFile(hqOfficer, try await fileForm(t))
            let (jedOfficer, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            let page = try await jedOfficer.post("/beneficiaries", try await fileForm(t, mobile: "0559876543", branch: jeddah))
            #expect(page.status == .conflict)
            #expect(page.contains("فرع لا تطّلعين عليه"))
            #expect(!page.contains(id.uuidString))
            #expect(!page.contains("LMS-000001"))
        }
    }

    @Test("a similar file (same mobile, or same name and birth date) needs an explicit, recorded confirmation")
    func similarNeedsConfirmation() async throws {
        try await withLamasat { t in
            let (officer, user) = try await t.signedIn(as: .relationsOfficer)
            let first = try await registerFile(officer, try await fileForm(t))
            var form = try await fileForm(t, id: "1122334459", mobile: "+966 50 123 4567", first: "نورة")
            let warned = try await officer.post("/beneficiaries", form)
            #expect(warned.status == .conflict)
            #expect(warned.contains("نفس رقم الجوال"))
            #expect(try await Beneficiary.query(on: t.db).count() == 1)
            form["notDuplicate"] = "on"
            let second = try await registerFile(officer, form)
            let decision = try #require(try await DuplicateDecision.query(on: t.db).first())
            #expect(decision.beneficiaryID == second)
            #expect(decision.similarBeneficiaryID == first)
            #expect(decision.matchedOn == "mobile")
            #expect(decision.decidedBy == user.id)
            // Same name (any spelling) and birth date, different mobile and ID.
            let twin = try await officer.post("/beneficiaries", try await fileForm(t, id: "1987654322", mobile: "0551112222", first: "اميره"))
            #expect(twin.contains("نفس الاسم وتاريخ الميلاد"))
        }
    }

    @Test("status moves applicant → registered → suspended (with a reason); illegal moves are refused")
    func statusChanges() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let id = try await registerFile(officer, try await fileForm(t))
            let illegal = try await officer.post("/beneficiaries/\(id)/status", ["status": "suspended", "reason": "x"])
            #expect(illegal.status == .unprocessableEntity)
            // [P-23]: registration waits for the required documents.
            let early = try await officer.post("/beneficiaries/\(id)/status", ["status": "registered"])
            #expect(early.status == .unprocessableEntity)
            #expect(early.contains("لا يكتمل التسجيل"))
            try await completeDocuments(t, officer, id)
            #expect(try await officer.post("/beneficiaries/\(id)/status", ["status": "registered"]).status == .seeOther)
            let noReason = try await officer.post("/beneficiaries/\(id)/status", ["status": "suspended", "reason": " "])
            // The message sits under the reason box, and the status she chose stays chosen.
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.contains(#"<p class="error" id="field-reason-error">اكتبي سبب"#))
            #expect(noReason.contains(#"<option value="suspended" selected>"#))
            #expect(try await Beneficiary.find(id, on: t.db)?.status == .registered)
            #expect(try await officer.post("/beneficiaries/\(id)/status", ["status": "suspended", "reason": "انتقلت خارج المنطقة"]).status == .seeOther)
            let file = try #require(try await Beneficiary.find(id, on: t.db))
            #expect(file.status == .suspended)
            #expect(file.statusReason == "انتقلت خارج المنطقة")
            #expect(try await t.auditEntries(action: "beneficiary.status").map(\.detail) == ["applicant→registered", "registered→suspended"])
        }
    }

    @Test("a second editor saving an older version gets a conflict page with both values; nothing is overwritten")
    func optimisticLock() async throws {
        try await withLamasat { t in
            let (first, _) = try await t.signedIn(as: .relationsOfficer, username: "first")
            let (second, _) = try await t.signedIn(as: .relationsOfficer, username: "second")
            let id = try await registerFile(first, try await fileForm(t))
            var form = try await fileForm(t)
            form["version"] = "1"
            form["addressCity"] = "جدة"
            #expect(try await first.post("/beneficiaries/\(id)/edit", form).status == .seeOther)
            form["addressCity"] = "الدمام"
            let conflict = try await second.post("/beneficiaries/\(id)/edit", form)
            #expect(conflict.status == .conflict)
            #expect(conflict.contains("جدة"))
            #expect(conflict.contains("الدمام"))
            let file = try #require(try await Beneficiary.find(id, on: t.db))
            #expect(file.addressCity == "جدة")
            #expect(file.version == 2)
            #expect(try await t.auditEntries(action: "beneficiary.editConflict").count == 1)
            let updated = try #require(try await t.auditEntries(action: "beneficiary.updated").first)
            #expect(updated.detail == "addressCity")
        }
    }
}

@Suite("Beneficiary files: search, family, access", .serialized)
struct BeneficiarySearchTests {
    @Test("a name is found by any part and any spelling of hamza, taa marbuta and alif maqsura")
    func searchByName() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            try await registerFile(officer, try await fileForm(t))
            try await registerFile(officer, try await fileForm(t, id: "1122334459", mobile: "0559998888", first: "ليلى", family: "الشهري"))
            for query in ["اميره", "أميرة القحط", "امير", "قحطاني", "سعد القحطانى"] {
                let page = try await officer.post("/beneficiaries/search", ["q": query])
                #expect(page.contains("أميرة عبد الله سعد القحطاني"), "\(query)")
                #expect(!page.contains("ليلى"), "\(query)")
            }
            let laila = try await officer.post("/beneficiaries/search", ["q": "ليلي"])
            #expect(laila.contains("ليلى عبد الله سعد الشهري"))
        }
    }

    @Test("through the word index a name is still found by a part inside a word, several words and any spelling, and after an edit by its new name only")
    func searchByWordIndex() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let amira = "أميرة عبد الله سعد القحطاني"
            let id = try await registerFile(officer, try await fileForm(t))
            try await registerFile(officer, try await fileForm(t, id: "1122334459", mobile: "0559998888", first: "ليلى", family: "الشهري"))
            for query in ["حطا", "القح", "طاني", "ميرة عبد", "عبد الله القحطانى", "إميره سعد", "ه القحط"] {
                let page = try await officer.post("/beneficiaries/search", ["q": query])
                #expect(page.contains(amira), "\(query)")
                #expect(!page.contains("ليلى عبد الله سعد الشهري"), "\(query)")
            }
            let both = try await officer.post("/beneficiaries/search", ["q": "عبد الل"])
            #expect(both.contains(amira) && both.contains("ليلى عبد الله سعد الشهري"))
            // A word that is in no name finds nothing, even beside one that is.
            #expect(!(try await officer.post("/beneficiaries/search", ["q": "أميرة زينب"])).contains(amira))

            var form = try await fileForm(t, family: "الدوسري")
            form["version"] = "1"
            #expect(try await officer.post("/beneficiaries/\(id)/edit", form).status == .seeOther)
            #expect(!(try await officer.post("/beneficiaries/search", ["q": "القحطاني"])).contains("أميرة عبد الله سعد"))
            #expect(try await officer.post("/beneficiaries/search", ["q": "دوسر"]).contains("أميرة عبد الله سعد الدوسري"))
        }
    }

    @Test("a typed word inside too many indexed words to list is still found, through the trigram index")
    func searchByWideWord() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            try await registerFile(officer, try await fileForm(t, family: "الزهراني"))
            // Words no file uses any more stay in the vocabulary; here they make "زهر" wider than the index lists.
            // (The word index is SQLite's; PostgreSQL searches with pg_trgm and must find the same.)
            if !runsOnPostgres {
                try await NameWordIndex.remember((0...NameWordIndex.widest).map { "زهر\($0)" }, on: t.db.sql)
            }
            for query in ["زهر", "زهر أميرة"] {
                #expect(try await officer.post("/beneficiaries/search", ["q": query]).contains("أميرة عبد الله سعد الزهراني"), "\(query)")
            }
            #expect(!(try await officer.post("/beneficiaries/search", ["q": "زهر ليلى"])).contains("الزهراني"))
        }
    }

    @Test("a file is found by national ID, mobile in any form and file number; IDs are searched by POST and masked in lists")
    func searchByNumbers() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            try await registerFile(officer, try await fileForm(t))
            try await registerFile(officer, try await fileForm(t, id: "1122334459", mobile: "0559998888", first: "ليلى"))
            for query in ["١٠٤٥٧٨٩٣٢٦", "+966501234567", "050 123 4567", "LMS-000001", "1"] {
                let page = try await officer.post("/beneficiaries/search", ["q": query])
                #expect(page.contains("أميرة"), "\(query)")
                #expect(!page.contains("ليلى"), "\(query)")
            }
            let list = try await officer.get("/beneficiaries")
            #expect(list.contains("••••••9326"))
            #expect(!list.contains("1045789326"))
            #expect(list.contains("method=\"post\" action=\"/beneficiaries/search\""))
            #expect(try await t.auditEntries(action: "beneficiary.searchByID").count == 1)
        }
    }

    @Test("lists filter by status and by school-age children")
    func filters() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let amira = try await registerFile(officer, try await fileForm(t))
            try await registerFile(officer, try await fileForm(t, id: "1122334459", mobile: "0559998888", first: "ليلى"))
            try await completeDocuments(t, officer, amira)
            try await officer.post("/beneficiaries/\(amira)/status", ["status": "registered"])
            let registered = try await officer.get("/beneficiaries?status=registered")
            #expect(registered.contains("أميرة") && !registered.contains("ليلى"))
            #expect(try await officer.post("/beneficiaries/\(amira)/family", ["relation": "son", "fullName": "خالد", "birthDate": "2017-03-01",
                                                                           "birthCalendar": "gregorian", "sex": "male", "schooling": "primary", "isDependant": "on"]).status == .seeOther)
            let school = try await officer.post("/beneficiaries/search", ["q": "", "schoolAge": "on"])
            #expect(school.contains("أميرة") && !school.contains("ليلى"))
            let incomplete = try await officer.post("/beneficiaries/search", ["q": "", "documentsIncomplete": "on"])
            #expect(incomplete.contains("ليلى") && !incomplete.contains("أميرة عبد الله"))
        }
    }

    @Test("family members are added, edited and removed; household figures follow")
    func family() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let id = try await registerFile(officer, try await fileForm(t))
            let son = ["relation": "son", "fullName": "خالد", "birthDate": "2017-03-01", "birthCalendar": "gregorian", "sex": "male",
                       "schooling": "primary", "isDependant": "on"]
            let daughter = ["relation": "daughter", "fullName": "جود", "birthDate": "1444/01/01", "birthCalendar": "hijri", "sex": "female",
                            "schooling": "none", "isDependant": "on"]
            #expect(try await officer.post("/beneficiaries/\(id)/family", son).status == .seeOther)
            #expect(try await officer.post("/beneficiaries/\(id)/family", daughter).status == .seeOther)
            let bad = try await officer.post("/beneficiaries/\(id)/family", ["relation": "son", "fullName": "", "birthDate": "2030-01-01",
                                                                             "birthCalendar": "gregorian", "sex": "male", "schooling": "primary"])
            #expect(bad.status == .unprocessableEntity)
            let page = try await officer.get("/beneficiaries/\(id)?tab=family")
            #expect(page.contains("خالد") && page.contains("جود"))
            let members = try await FamilyMember.query(on: t.db).all()
            let household = Household(members: members.map(\.householdMember), today: t.clock.now())
            #expect(household.size == 3)
            #expect(household.dependants == 2)
            #expect(household.schoolAgeChildren == 1)
            let khalid = try #require(members.first { $0.fullName == "خالد" })
            var edited = son
            edited["fullName"] = "خالد محمد"
            #expect(try await officer.post("/beneficiaries/\(id)/family/\(khalid.id!)", edited).status == .seeOther)
            #expect(try await FamilyMember.find(khalid.id, on: t.db)?.fullName == "خالد محمد")
            #expect(try await officer.post("/beneficiaries/\(id)/family/\(khalid.id!)/delete").status == .seeOther)
            #expect(try await FamilyMember.query(on: t.db).count() == 1)
            #expect(try await t.auditEntries(action: "family.added").count == 2)
            #expect(try await t.auditEntries(action: "family.removed").count == 1)
        }
    }

    @Test("staff of another branch can neither find, open, edit nor add to a file")
    func otherBranch() async throws {
        try await withLamasat { t in
            let jeddah = try await t.makeBranch("JED")
            let (hqOfficer, _) = try await t.signedIn(as: .relationsOfficer, username: "hq.officer")
            let id = try await registerFile(hqOfficer, try await fileForm(t))
            let (jed, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            #expect(!(try await jed.post("/beneficiaries/search", ["q": "أميرة"])).contains("أميرة عبد الله"))
            #expect(!(try await jed.post("/beneficiaries/search", ["q": "1045789326"])).contains("أميرة عبد الله"))
            #expect(!(try await jed.get("/beneficiaries")).contains("أميرة عبد الله"))
            #expect(try await jed.get("/beneficiaries/\(id)").status == .notFound)
            #expect(try await jed.get("/beneficiaries/\(id)/edit").status == .notFound)
            #expect(try await jed.post("/beneficiaries/\(id)/status", ["status": "registered"]).status == .notFound)
            #expect(try await jed.post("/beneficiaries/\(id)/family", ["fullName": "x"]).status == .notFound)
            #expect(try await Beneficiary.find(id, on: t.db)?.status == .applicant)
            // A manager with all-branch scope sees it.
            let (manager, _) = try await t.signedIn(as: .manager, username: "all.manager", branch: jeddah, scope: .allBranches)
            #expect(try await manager.get("/beneficiaries/\(id)").status == .ok)
        }
    }

    @Test("roles that may only read cannot register or change files")
    func readOnlyRoles() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let id = try await registerFile(officer, try await fileForm(t))
            let (committee, _) = try await t.signedIn(as: .committeeMember)
            #expect(try await committee.get("/beneficiaries/\(id)").status == .ok)
            #expect(!(try await committee.get("/beneficiaries/\(id)")).contains("/beneficiaries/\(id)/edit"))
            #expect(try await committee.post("/beneficiaries", try await fileForm(t, id: "1122334459")).status == .forbidden)
            #expect(try await committee.post("/beneficiaries/\(id)/status", ["status": "registered"]).status == .forbidden)
            let (volunteers, _) = try await t.signedIn(as: .volunteerCoordinator)
            #expect(try await volunteers.get("/beneficiaries/\(id)").status == .forbidden)
        }
    }
}
