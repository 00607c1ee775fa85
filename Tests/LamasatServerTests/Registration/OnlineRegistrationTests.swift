import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Starts a registration as she would: ID and mobile, the code read from the SMS the worker queued, typed on the code
/// page. Returns her browser and where the code page sent her.
func registerOnline(_ t: TestContext, nationalID: String = "1000000008", mobile: String = "0551234567") async throws -> (Browser, Browser.Page) {
    let her = t.browser()
    try await her.get("/portal/register")
    let asked = try await her.post("/portal/register", ["nationalID": nationalID, "mobile": mobile])
    #expect(asked.status == .seeOther)
    while try await JobWorker(application: t.app).runDueJobs() > 0 {}
    // This registration's message: the newest row, not the newest time (the test clock stands still).
    let registration = try #require(try await OnlineRegistration.query(on: t.db).filter(\.$nationalID == nationalID).filter(\.$status == .codeSent).first())
    let message = try #require(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "online_registration")
        .filter(\.$relatedID == registration.requireID().uuidString).first())
    #expect(message.recipient == (try SaudiMobile(mobile)).e164, "the code goes to the mobile she typed")
    let code = try #require(message.body.range(of: #"\d{6}"#, options: .regularExpression).map { String(message.body[$0]) })
    let location = try #require(asked.location)
    try await her.get(location)
    return (her, try await her.post(location, ["code": code]))
}

/// Her file form as she fills it on the website (the ID and mobile are not asked again).
func onlineFileForm(_ t: TestContext, first: String = "نورة", branch: Branch? = nil) async throws -> [String: String] {
    var form = try await fileForm(t, first: first, branch: branch)
    for fixed in ["nationalID", "mobile", "consentMethod"] { form[fixed] = nil }
    form["typedName"] = "\(first) عبد الله سعد القحطاني"
    form["declarationVersion"] = String(try await DeclarationText.current(on: t.db).version)
    return form
}

@Suite("Online self-registration")
struct OnlineRegistrationTests {
    @Test("she registers: a code to the mobile she typed, the file form's validators, her typed name; an applicant's file, her portal, the officers' queue")
    func registersAsApplicant() async throws {
        try await withLamasat { t in
            let (officer, officerUser) = try await t.signedIn(as: .relationsOfficer)
            let (her, verified) = try await registerOnline(t)
            #expect(verified.status == .seeOther && verified.location == "/portal/register/file")
            let page = try await her.get("/portal/register/file")
            #expect(page.status == .ok && page.contains("1000000008") && page.contains("055 123 4567") && !page.contains("name=\"nationalID\""))
            // Another person's name under the declaration, or a missing required field: told, nothing made.
            var form = try await onlineFileForm(t)
            form["typedName"] = "سارة محمد"
            let wrongName = try await her.post("/portal/register/file", form)
            #expect(wrongName.status == .unprocessableEntity && wrongName.contains("اكتبي اسمك الرباعي كما في بياناتك أعلاه"))
            var noCity = try await onlineFileForm(t)
            noCity["addressCity"] = ""
            #expect(try await her.post("/portal/register/file", noCity).status == .unprocessableEntity)
            #expect(try await Beneficiary.query(on: t.db).count() == 0)

            let sent = try await her.post("/portal/register/file", try await onlineFileForm(t))
            #expect(sent.status == .seeOther && sent.location == "/portal?done=registrationReceived")
            let file = try #require(try await Beneficiary.query(on: t.db).first())
            #expect(file.status == .applicant && file.nationalID == "1000000008" && file.mobile == "+966551234567")
            #expect(file.createdBy == file.id && file.consentMethod == .portal && file.consentBy == nil)
            #expect(try await ConsentRecord.query(on: t.db).filter(\.$beneficiaryID == file.requireID()).count() == 3)
            #expect(try await t.auditEntries(action: "beneficiary.created").last?.detail == "registered online")
            let home = try await her.get("/portal?done=registrationReceived")
            #expect(home.status == .ok && home.contains(file.fileNumber) && home.contains("وصل تسجيلك"))
            let registration = try #require(try await OnlineRegistration.query(on: t.db).first())
            #expect(registration.status == .submitted && registration.beneficiaryID == file.id && registration.typedName == "نورة عبد الله سعد القحطاني")
            #expect(registration.tokenHash == nil)
            // The form is sent once: the same cookie finds nothing to send again.
            #expect(try await her.post("/portal/register/file", try await onlineFileForm(t)).location == "/portal/register?done=registrationExpired")
            #expect(try await Beneficiary.query(on: t.db).count() == 1)

            // Head office's officers are told, see it on their work and in the queue, and record the match.
            #expect(try await StaffNotification.query(on: t.db).filter(\.$userID == officerUser.requireID()).filter(\.$kind == .onlineRegistration).count() == 1)
            let registrationID = try registration.requireID()
            #expect(try await officer.get("/work").contains("/registrations/\(registrationID)"))
            let queue = try await officer.get("/registrations?state=waiting")
            #expect(queue.status == .ok && queue.contains("نورة عبد الله سعد القحطاني") && queue.contains(file.fileNumber))
            let shown = try await officer.get("/registrations/\(try registration.requireID())")
            let fileID = try file.requireID()
            #expect(shown.status == .ok && shown.contains("/beneficiaries/\(fileID)") && shown.contains("نورة عبد الله سعد القحطاني"))
            let reviewed = try await officer.post("/registrations/\(try registration.requireID())/review", ["note": "طابقت الهوية والعنوان الوطني"])
            #expect(reviewed.status == .seeOther)
            let after = try #require(try await OnlineRegistration.find(registration.id, on: t.db))
            #expect(after.status == .reviewed && after.reviewedBy == officerUser.id && after.reviewNote == "طابقت الهوية والعنوان الوطني")
            #expect(try await t.auditEntries(action: "registration.reviewed").count == 1)
            #expect(try await Beneficiary.find(file.id, on: t.db)?.status == .applicant, "a review never registers her: the committee's approval does")
            #expect(try await officer.post("/registrations/\(try registration.requireID())/review", ["note": "مرة ثانية"]).status == .conflict)
            #expect(!(try await officer.get("/registrations?state=waiting").contains(file.fileNumber)))
        }
    }

    @Test("an ID that has a file: the website is told nothing; the file's own mobile signs her in, another mobile's form waits for an officer's call")
    func knownID() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let existing = try await registerFile(officer, try await fileForm(t, id: "1000000008", mobile: "0501234567"))
            // Her own mobile: the code proves her, and she is in her portal; nothing is kept of the registration.
            let (own, ownVerified) = try await registerOnline(t, mobile: "0501234567")
            #expect(ownVerified.status == .seeOther && ownVerified.location == "/portal?done=registrationKnownFile")
            #expect(try await own.get("/portal").contains(try #require(try await Beneficiary.find(existing, on: t.db)).fileNumber))
            #expect(try await OnlineRegistration.query(on: t.db).count() == 0)
            // Another mobile: the same pages as anyone's; what she sends waits for an officer, and makes no file.
            let (other, otherVerified) = try await registerOnline(t, mobile: "0559876543")
            #expect(otherVerified.location == "/portal/register/file")
            let received = try await other.post("/portal/register/file", try await onlineFileForm(t, first: "هند"))
            #expect(received.status == .ok && received.contains("registration-received") && !received.contains("LMS-"))
            #expect(other.cookies[PortalSessionMiddleware.cookieName] == nil)
            #expect(try await Beneficiary.query(on: t.db).count() == 1)
            let conflict = try #require(try await OnlineRegistration.query(on: t.db).first())
            #expect(conflict.status == .conflict && conflict.existingBeneficiaryID == existing && conflict.answerValues["nameFirst"] == "هند")
            let page = try await officer.get("/registrations/\(try conflict.requireID())")
            #expect(page.contains("/beneficiaries/\(existing)") && page.contains("هند") && page.contains("055 987 6543"))
            // Her answers as a person reads them: the category and the lists by name, not their codes.
            #expect(page.contains("أرملة") && page.contains("ثانوي") && !page.contains(">secondary<"))
            // Settling needs a note of what was settled with her.
            let bare = try await officer.post("/registrations/\(try conflict.requireID())/review", ["note": ""])
            #expect(bare.status == .unprocessableEntity && bare.contains("مطلوب"))
            #expect(try await OnlineRegistration.find(conflict.id, on: t.db)?.status == .conflict)
            #expect(try await officer.post("/registrations/\(try conflict.requireID())/review", ["note": "رقمها تغيّر؛ حُدّث ملفها"]).status == .seeOther)
            #expect(try await OnlineRegistration.find(conflict.id, on: t.db)?.status == .resolved)
        }
    }

    @Test("bad input changes nothing: a malformed ID or mobile, no code, a form without its cookie or past its hour; unfinished ones go after a day")
    func badInput() async throws {
        try await withLamasat { t in
            let her = t.browser()
            try await her.get("/portal/register")
            let bad = try await her.post("/portal/register", ["nationalID": "12345", "mobile": "0123"])
            #expect(bad.status == .unprocessableEntity && bad.contains("Type a valid 10-digit") == false && bad.contains("رقم هوية"))
            #expect(try await OnlineRegistration.query(on: t.db).count() == 0)
            #expect(try await her.get("/portal/register/file").location == "/portal/register?done=registrationExpired")
            #expect(try await her.post("/portal/register/file", try await onlineFileForm(t)).location == "/portal/register?done=registrationExpired")
            // A wrong code keeps her on the code page.
            let asked = try await her.post("/portal/register", ["nationalID": "1000000008", "mobile": "0551234567"])
            try await her.get(try #require(asked.location))
            #expect(try await her.post(asked.location!, ["code": "000000"]).status == .unprocessableEntity)
            #expect(try await OnlineRegistration.query(on: t.db).first()?.status == .codeSent)
            // Past the form's hour.
            let (late, _) = try await registerOnline(t, nationalID: "1000000016")
            try await OnlineRegistration.query(on: t.db).filter(\.$nationalID == "1000000016").set(\.$tokenExpiresAt, to: t.clock.now().addingTimeInterval(-1)).update()
            #expect(try await late.post("/portal/register/file", try await onlineFileForm(t)).location == "/portal/register?done=registrationExpired")
            #expect(try await Beneficiary.query(on: t.db).count() == 0)
            // The portal's housekeeping removes what was never sent, a day on.
            try await OnlineRegistration.query(on: t.db).set(\.$createdAt, to: t.clock.now().addingTimeInterval(-86_401)).update()
            try await PortalHousekeeping.run(now: t.clock.now(), on: t.db)
            #expect(try await OnlineRegistration.query(on: t.db).count() == 0)
        }
    }

    @Test("the queue is the officers' of the branch she chose: wrong role 403, another branch's officer finds it nowhere (404)")
    func reach() async throws {
        try await withLamasat { t in
            let jeddah = try await t.makeBranch("JED")
            let (her, _) = try await registerOnline(t)
            #expect(try await her.post("/portal/register/file", try await onlineFileForm(t, branch: jeddah)).status == .seeOther)
            let registration = try #require(try await OnlineRegistration.query(on: t.db).first())
            #expect(registration.branchID == jeddah.id)
            let (hq, _) = try await t.signedIn(as: .relationsOfficer, username: "hq.officer")
            #expect(try await hq.get("/registrations/\(try registration.requireID())").status == .notFound)
            #expect(try await hq.post("/registrations/\(try registration.requireID())/review", ["note": "x"]).status == .notFound)
            let registrationID = try registration.requireID()
            #expect(!(try await hq.get("/registrations").contains("/registrations/\(registrationID)")))
            let (rep, _) = try await t.signedIn(as: .branchRep, branch: jeddah)
            #expect(try await rep.get("/registrations").status == .forbidden)
            #expect(try await rep.get("/registrations/\(try registration.requireID())").status == .forbidden)
            let (jed, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            #expect(try await jed.get("/registrations/\(try registration.requireID())").status == .ok)
            #expect(try await t.auditEntries(action: "view").contains { $0.recordType == "online_registration" })
        }
    }
}
