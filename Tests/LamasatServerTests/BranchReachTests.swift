import Fluent
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 13: branch scope nobody escapes — one loader for records by id, administrators who cannot widen their own
/// reach, case records that follow a file to its new branch, outreach within reach, a conflicted chair who does
/// not decide, an outbox without personal data for those without access to files.
@Suite("Branch reach that cannot be escaped", .serialized)
struct BranchReachTests {
    /// Route parameters of records that belong to no branch (catalogs, settings), or that are not staff routes.
    /// `file` names a report table's download (channels.xlsx), whose figures are read within the reader's reach.
    static let globalParameters: Set<String> = ["templateID", "questionID", "ruleID", "holidayID", "entryID", "ticket", "token", "invitationID",
                                                "file",
                                                // Funds and stock items are association-wide (issue 18); stock movements are listed within reach.
                                                "fundID", "itemID",
                                                // The record of processing activities is the association's one record (issue 20).
                                                "activityID",
                                                // The breach register is the association's, administrators only (issue 20).
                                                "breachID",
                                                // The retention schedule's batches and their files are the association's, administrators only (issue 20).
                                                "retentionBatchID", "retentionItemID",
                                                // A certificate's verification code: public, checked by anyone at /verify.
                                                "code"]

    /// One record of head office for each parameter that names a branch-held record first in a path.
    /// The value to put in the path, and the id of the record whose refusal is audited.
    static func headOfficeRecords(_ t: TestContext, _ crew: Crew) async throws -> [String: (value: String, id: UUID)] {
        let hq = try await t.headOffice()
        let (file, request, meeting) = try await crew.approved()
        let officer = try #require(try await StaffUser.query(on: t.db).filter(\.$username == "relationsofficer1").first())
        let now = t.clock.now()
        let inquiryCategory = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .inquiry).first())
        let complaintCategory = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .complaint).first())
        let inquiry = Inquiry.opened(beneficiaryID: file, contactName: "", contactPhone: "", branchID: hq.id!, channel: .phone,
                                     categoryID: inquiryCategory.id!, question: "متى يصدر القرار؟", createdBy: officer.id!, at: now, due: now)
        try await inquiry.register(now: now, on: t.db)
        let complaint = Complaint.opened(kind: .complaint, beneficiaryID: file, contactName: "", contactPhone: "", branchID: hq.id!,
                                         channel: .phone, categoryID: complaintCategory.id!, severity: .medium, description: "تأخر الرد",
                                         isConfidential: false, aboutStaffID: nil, createdBy: officer.id!, at: now, due: now)
        try await complaint.register(now: now, on: t.db)
        let contact = Contact()
        contact.beneficiaryID = file
        contact.branchID = hq.id!
        contact.channel = .phone
        contact.direction = .incoming
        contact.subject = "سؤال"
        contact.notes = ""
        contact.durationMinutes = 3
        contact.outcome = .answered
        contact.followUpOn = ""
        contact.followUpDone = false
        contact.staffID = officer.id!
        contact.at = now
        try await contact.create(on: t.db)
        let list = CallList()
        list.name = "قائمة"
        list.source = "test"
        list.branchID = hq.id!
        list.createdAt = now
        try await list.create(on: t.db)
        let campaign = Campaign()
        campaign.name = "حملة"
        var segment = Segment()
        segment.branchID = hq.id!
        campaign.segment = String(decoding: try JSONEncoder().encode(segment), as: UTF8.self)
        campaign.channel = .sms
        campaign.body = "أهلًا"
        campaign.status = .scheduled
        campaign.scheduledAt = now.addingTimeInterval(86_400)
        campaign.total = 0
        campaign.queued = 0
        campaign.createdBy = officer.id!
        campaign.createdAt = now
        try await campaign.create(on: t.db)
        let action = ImprovementAction()
        action.branchID = hq.id!
        action.title = "تحسين"
        action.youSaid = "قلتم"
        action.weDid = ""
        action.status = .planned
        action.dueOn = ""
        action.doneOn = ""
        action.isPublished = false
        action.createdBy = officer.id!
        action.createdAt = now
        action.updatedAt = now
        try await action.create(on: t.db)
        let application = VolunteerApplication()
        application.name = "متطوعة"
        application.phone = "+966501234568"
        application.email = ""
        application.branchID = hq.id!
        application.skills = "قيادة"
        application.availability = ""
        application.status = .new
        application.note = ""
        application.createdAt = now
        try await application.create(on: t.db)
        let volunteer = try await t.makeVolunteer(nationalID: NationalID.make(kind: .citizen, body: 23_456_789).value, mobile: "+966501234569")
        let change = ContactChange()
        change.beneficiaryID = file
        change.branchID = hq.id!
        change.kind = .mobile
        change.value = "+966501112223"
        change.status = .pending
        change.reason = ""
        change.createdAt = now
        try await change.create(on: t.db)
        let letter = try await Outbox.enqueue(.init(channel: .letter, recipient: "نورة", subject: "خطاب", body: "نص", idempotencyKey: "letter-walk",
                                                    branchID: hq.id!, beneficiaryID: file), now: now, on: t.db)
        let response = SurveyResponse()
        response.id = UUID()
        response.templateID = try #require(try await SurveyTemplate.query(on: t.db).first()).id!
        response.month = "2026-11"
        response.branchID = hq.id!
        response.serviceType = "x"
        response.isAnonymous = false
        response.contactConsent = true
        try await response.create(on: t.db)
        let followUp = SurveyFollowUp()
        followUp.responseID = response.id!
        followUp.invitationID = UUID()
        followUp.beneficiaryID = file
        followUp.branchID = hq.id!
        followUp.isDone = false
        followUp.note = ""
        followUp.createdAt = now
        try await followUp.create(on: t.db)
        let pack = BoardPack()
        pack.periodToken = "2026-Q4"
        pack.periodLabel = "الربع الرابع 2026"
        pack.branchID = hq.id!
        pack.language = "ar"
        pack.html = "<!doctype html><p>تقرير</p>"
        pack.sha256 = ""
        pack.createdBy = officer.id!
        pack.createdAt = now
        try await pack.create(on: t.db)
        let social = SocialMessage(platform: .instagram, handle: "@noura", text: "متى يصدر القرار؟", link: "", receivedAt: now, branchID: hq.id!,
                                   enteredBy: officer.id!, at: now)
        try await social.create(on: t.db)
        let (opportunity, assignment) = try await Self.volunteerWork(t, hq)
        _ = try await t.makeWorkedAssignment(volunteer, hours: .approved)
        let certificate = try #require(try await VolunteerCertificate.issue(for: volunteer, from: CalendarDay.today(now.addingTimeInterval(-30 * 86_400)),
                                                                         to: CalendarDay.today(now), by: officer.id!, now: now, on: t.db))
        let (_, apiToken) = try await t.apiClient("نظام المقر")
        let importRun = ImportRun(kind: .files, branchID: hq.id!, fileName: "قائمة.csv", storedPath: "/nonexistent/قائمة.csv",
                                  createdBy: officer.id!, now: now)
        try await importRun.create(on: t.db)
        let fileRecord = try #require(try await Beneficiary.find(file, on: t.db))
        let rights = try await RightsIntake.receive(.init(kind: .access, details: "", source: .staff, identity: nil), file: fileRecord, by: officer.id,
                                                    now: now, on: t.db)
        let slot = AppointmentSlot()
        (slot.branchID, slot.startsAt, slot.minutes, slot.modesText, slot.capacity) = (hq.id!, now.addingTimeInterval(86_400), 30, "inPerson", 1)
        (slot.isCancelled, slot.createdBy, slot.createdAt) = (false, officer.id!, now)
        try await slot.create(on: t.db)
        let appointment = try await AppointmentBooking.book(.init(slotID: slot.id, mode: .inPerson, purpose: "", source: .staff, by: officer.id), file: fileRecord,
                                                            now: now, on: t.db).get()
        let registration = OnlineRegistration(nationalID: "1000000016", mobile: "+966551234567", now: now)
        (registration.status, registration.branchID, registration.submittedAt) = (.conflict, hq.id!, now)
        try await registration.create(on: t.db)
        let byID: [String: UUID] = [
            "registrationID": registration.id!, "tokenID": apiToken.id!, "importID": importRun.id!, "rightsID": rights.id!, "slotID": slot.id!, "appointmentID": appointment.id!,
            "packID": pack.id!, "beneficiaryID": file, "requestID": request, "meetingID": meeting, "userID": officer.id!, "branchID": hq.id!,
            "inquiryID": inquiry.id!, "complaintID": complaint.id!, "contactID": contact.id!, "listID": list.id!, "campaignID": campaign.id!,
            "actionID": action.id!, "applicationID": application.id!, "changeID": change.id!, "messageID": letter.id!, "followUpID": followUp.id!,
            "socialID": social.id!, "opportunityID": opportunity, "assignmentID": assignment,
            "volunteerID": volunteer.id!, "certificateID": certificate.id!,
        ]
        let money = try await Self.moneyRecords(t, hq, request: request)
        // A complaint's confirmation page is found by its number, and only by the one who filed it.
        return byID.merging(money) { a, _ in a }.mapValues { ($0.uuidString, $0) }.merging(["number": (complaint.number, complaint.id!)]) { a, _ in a }
    }

    /// A head-office opportunity with one assignment (issue 17).
    static func volunteerWork(_ t: TestContext, _ hq: Branch) async throws -> (opportunity: UUID, assignment: UUID) {
        let opportunity = try await VolunteerOpportunity.numbered(
            .event, "فعالية", place: "", district: "النسيم", branch: hq.id!, starts: t.clock.now().addingTimeInterval(86_400),
            ends: t.clock.now().addingTimeInterval(90_000), by: UUID(), at: t.clock.now(), on: t.db)
        let volunteer = try await t.makeVolunteer(nationalID: "1000000099", mobile: "+966501239999")
        let assignment = try VolunteerAssignment.offered(opportunity, to: volunteer, by: UUID(), at: t.clock.now())
        try await assignment.create(on: t.db)
        return (opportunity.id!, assignment.id!)
    }

    @Test("for every staff route with a record id, a user of another branch gets 404 and the probe is audited with the record's kind")
    func routeWalk() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let records = try await Self.headOfficeRecords(t, crew)
            let jeddah = try await t.makeBranch("JED")
            var browsers: [Role: Browser] = [:]
            var walked = 0
            for route in t.app.routes.all {
                guard case .permission(let permission) = route.access else { continue }
                let parameters = route.path.compactMap { component -> String? in
                    if case .parameter(let name) = component { return name }
                    return nil
                }
                guard let first = parameters.first, !Self.globalParameters.contains(first) else { continue }
                // Library documents are shared by all branches.
                if route.path.first?.description == "library" { continue }
                let record = try #require(records[first], "no head-office record for :\(first) — add one to headOfficeRecords (\(route.method) \(route.path))")
                let id = record.id
                let role = try #require(Role.allCases.first { RolePermissions.allows($0, permission) })
                let browser: Browser
                if let existing = browsers[role] { browser = existing } else {
                    let (made, _) = try await t.signedIn(as: role, username: "jed.\(role.rawValue.lowercased())", branch: jeddah, scope: .ownBranch)
                    browsers[role] = made
                    browser = made
                }
                let path = "/" + route.path.map { component -> String in
                    switch component {
                    case .parameter(let name): name == first ? record.value : UUID().uuidString
                    default: component.description
                    }
                }.joined(separator: "/")
                let before = try await t.auditEntries(action: "access.outOfScope").filter { $0.recordID == id.uuidString }.count
                let page = route.method == .GET ? try await browser.get(path) : try await browser.post(path, [:])
                #expect(page.status == .notFound, "\(route.method) \(path) as \(role): \(page.status)")
                let after = try await t.auditEntries(action: "access.outOfScope").filter { $0.recordID == id.uuidString }.count
                #expect(after == before + 1, "\(route.method) \(path): the refused probe is not audited")
                walked += 1
            }
            #expect(walked > 60)
            // The head office's own staff still reach the same records.
            #expect(try await crew.officer.get("/requests/\(records["requestID"]!.value)").status == .ok)
        }
    }

    @Test("a branch administrator cannot widen her own reach, give a wider one, or touch an all-branches account")
    func branchAdministrator() async throws {
        try await withLamasat { t in
            let jeddah = try await t.makeBranch("JED")
            let (admin, me) = try await t.signedIn(as: .admin, username: "jed.admin", branch: jeddah, scope: .ownBranch)
            let (_, officer) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            let head = try await t.makeUser("head.admin", role: .admin)  // all branches, head office
            let wide = try await t.makeUser("jed.wide", role: .manager, branch: jeddah, scope: .allBranches)
            try await admin.get("/admin/users")
            // Herself: the scope she was given stays.
            let raised = try await admin.post("/admin/users/\(me.id!)", ["fullName": me.fullName, "email": "", "role": "admin",
                                                                          "scope": "allBranches", "branch": jeddah.id!.uuidString])
            #expect(raised.status == .unprocessableEntity)
            #expect(raised.contains(t.app.lamasat.localizer.text("user.scopeBeyondReach", .ar)))
            #expect(try await StaffUser.find(me.id, on: t.db)?.scope == .ownBranch)
            // Someone else of her branch: no wider scope either.
            let widened = try await admin.post("/admin/users/\(officer.id!)", ["fullName": officer.fullName, "email": "", "role": "relationsOfficer",
                                                                                "scope": "allBranches", "branch": jeddah.id!.uuidString])
            #expect(widened.status == .unprocessableEntity)
            #expect(try await StaffUser.find(officer.id, on: t.db)?.scope == .ownBranch)
            // Nor a new account with it.
            let created = try await admin.post("/admin/users", ["fullName": "سارة", "username": "sara", "email": "", "role": "manager",
                                                                "scope": "allBranches", "branch": jeddah.id!.uuidString,
                                                                "password": "جملة مرور طويلة جدا", "confirmation": "جملة مرور طويلة جدا"])
            #expect(created.status == .unprocessableEntity)
            #expect(try await StaffUser.query(on: t.db).filter(\.$username == "sara").count() == 0)
            // An all-branches account of her branch: no edit, no disabling, no password reset — each refused and audited.
            for action in ["", "/disable", "/password"] {
                let page = try await admin.post("/admin/users/\(wide.id!)\(action)", ["fullName": "x", "email": "", "role": "researcher",
                                                                                     "scope": "ownBranch", "branch": jeddah.id!.uuidString])
                #expect(page.status == .forbidden, "POST \(action)")
            }
            let untouched = try #require(try await StaffUser.find(wide.id, on: t.db))
            #expect(untouched.isActive && untouched.role == .manager && untouched.scope == .allBranches && untouched.fullName == wide.fullName)
            #expect(try await t.auditEntries(action: "user.changeRefused").count == 3)
            // The head-office administrator is of another branch: not even found.
            #expect(try await admin.get("/admin/users/\(head.id!)").status == .notFound)
            // Nobody changes her own scope, even an all-branches administrator lowering or moving herself.
            let (headBrowser, _) = try await t.signedIn(as: .admin, username: "hq.admin2")
            let hqAdmin = try #require(try await StaffUser.query(on: t.db).filter(\.$username == "hq.admin2").first())
            try await headBrowser.get("/admin/users")
            let moved = try await headBrowser.post("/admin/users/\(hqAdmin.id!)", ["fullName": hqAdmin.fullName, "email": "", "role": "admin",
                                                                                    "scope": "ownBranch", "branch": jeddah.id!.uuidString])
            #expect(moved.status == .unprocessableEntity)
        }
    }

    @Test("a file moved to another branch takes its request and cases: the old branch reaches none of them, and the move is audited")
    func requestsFollowTheFile() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (file, request, meeting) = try await crew.approved()
            let jeddah = try await t.makeBranch("JED")
            let (jeddahOfficer, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            #expect(try await jeddahOfficer.get("/requests/\(request)/form").status == .notFound)
            // An all-branches manager moves the file to Jeddah.
            let (mover, _) = try await t.signedIn(as: .manager, username: "mover", scope: .allBranches)
            let edit = try await mover.get("/beneficiaries/\(file)/edit")
            #expect(edit.status == .ok)
            var form = try await fileForm(t)
            form["branch"] = jeddah.id!.uuidString
            form["version"] = String(try #require(try await Beneficiary.find(file, on: t.db)).version)
            let saved = try await mover.post("/beneficiaries/\(file)/edit", form)
            #expect(saved.status == .seeOther, "edit: \(saved.status)")
            #expect(try await SupportRequest.find(request, on: t.db)?.branchID == jeddah.id)
            let moved = try #require(try await t.auditEntries(action: "beneficiary.rehomed").last)
            #expect(moved.detail?.contains("support_requests=1") == true)
            // Head office: the printable form, the research report, the letter and the file are gone.
            for path in ["/requests/\(request)/form", "/requests/\(request)", "/requests/\(request)/letter", "/beneficiaries/\(file)"] {
                #expect(try await crew.officer.get(path).status == .notFound, "\(path)")
            }
            // Jeddah: the same pages open.
            #expect(try await jeddahOfficer.get("/requests/\(request)").status == .ok)
            #expect(try await jeddahOfficer.get("/requests/\(request)/letter").status == .ok)
            // The head office's meeting page no longer shows her; its minutes keep what the meeting decided.
            let tracking = try #require(try await SupportRequest.find(request, on: t.db)?.trackingNumber)
            #expect(try await crew.manager.get("/committee/\(meeting)").status == .ok)
            #expect(!(try await crew.manager.get("/committee/\(meeting)").contains(tracking)))
            #expect(try await crew.manager.get("/committee/\(meeting)/minutes").contains(tracking))
        }
    }

    @Test("a file whose request waits on a committee's agenda does not move until the committee decides")
    func noMoveInCommittee() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (file, request) = try await crew.inCommittee()
            let jeddah = try await t.makeBranch("JED")
            let (mover, _) = try await t.signedIn(as: .manager, username: "mover", scope: .allBranches)
            try await mover.get("/beneficiaries/\(file)/edit")
            var form = try await fileForm(t)
            form["branch"] = jeddah.id!.uuidString
            form["version"] = String(try #require(try await Beneficiary.find(file, on: t.db)).version)
            let refused = try await mover.post("/beneficiaries/\(file)/edit", form)
            #expect(refused.status == .conflict && refused.contains(t.app.lamasat.localizer.text("beneficiary.moveInCommittee", .ar)))
            #expect(try await Beneficiary.find(file, on: t.db)?.$branch.id == (try await t.headOffice().id))
            #expect(try await SupportRequest.find(request, on: t.db)?.branchID == (try await t.headOffice().id))
        }
    }

    /// A request on a meeting's agenda whose chair declared a conflict of interest in it.
    static func chairInConflict(_ t: TestContext) async throws -> (Crew, meeting: UUID, request: UUID) {
        let crew = try await Crew.make(t)
        let (_, request) = try await crew.inCommittee()
        let meeting = try await crew.meeting()
        try await crew.chair.get("/committee/\(meeting)")
        #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(request)/vote", ["conflict": "on"]).status == .seeOther)
        return (crew, meeting, request)
    }

    @Test("a chair with a conflict of interest cannot decide; the acting chair the organiser names does, and the minutes say so")
    func conflictedChair() async throws {
        try await withLamasat { t in
            let (crew, meeting, request) = try await Self.chairInConflict(t)
            // The two other members vote, one each way (a tie).
            #expect(try await crew.vote(1, meeting, request, .approve).status == .seeOther)
            #expect(try await crew.vote(2, meeting, request, .reject).status == .seeOther)
            let refused = try await crew.chair.post("/committee/\(meeting)/requests/\(request)/decide", ["outcome": "approve", "amount": "4500"])
            #expect(refused.status == .conflict)
            #expect(refused.contains(t.app.lamasat.localizer.text("committee.error.chairConflict", .ar)))
            #expect(try await crew.request(request).status == .committeeReview)
            // Only the organiser names the acting chair, and never the chair herself.
            #expect(try await crew.members[1].post("/committee/\(meeting)/requests/\(request)/acting-chair",
                                                   ["member": crew.memberUsers[1].id!.uuidString]).status == .forbidden)
            try await crew.manager.get("/committee/\(meeting)")
            #expect(try await crew.manager.post("/committee/\(meeting)/requests/\(request)/acting-chair",
                                                ["member": crew.memberUsers[0].id!.uuidString]).status == .unprocessableEntity)
            #expect(try await crew.manager.post("/committee/\(meeting)/requests/\(request)/acting-chair",
                                                ["member": crew.memberUsers[1].id!.uuidString]).status == .seeOther)
            // The chair still cannot; the acting chair breaks the tie.
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(request)/decide", ["outcome": "approve", "amount": "4500"]).status == .forbidden)
            try await crew.members[1].get("/committee/\(meeting)")
            #expect(try await crew.members[1].post("/committee/\(meeting)/requests/\(request)/decide",
                                                   ["outcome": "approve", "amount": "4500", "fundID": try await crew.funded()]).status == .seeOther)
            #expect(try await crew.request(request).status == .approved)
            let minutes = try await crew.manager.get("/committee/\(meeting)/minutes")
            #expect(minutes.contains(t.app.lamasat.localizer.text("committee.minutes.actingChair", .ar, [crew.memberUsers[1].fullName])))
            #expect(try await t.auditEntries(action: "committee.actingChair").count == 1)
        }
    }

    @Test("an acting chair who then declares a conflict of interest does not decide either")
    func conflictedActingChair() async throws {
        try await withLamasat { t in
            let (crew, meeting, request) = try await Self.chairInConflict(t)
            try await crew.manager.get("/committee/\(meeting)")
            #expect(try await crew.manager.post("/committee/\(meeting)/requests/\(request)/acting-chair",
                                                ["member": crew.memberUsers[1].id!.uuidString]).status == .seeOther)
            try await crew.members[1].get("/committee/\(meeting)")
            #expect(try await crew.members[1].post("/committee/\(meeting)/requests/\(request)/vote", ["conflict": "on"]).status == .seeOther)
            #expect(try await crew.vote(2, meeting, request, .approve).status == .seeOther)
            let refused = try await crew.members[1].post("/committee/\(meeting)/requests/\(request)/decide", ["outcome": "approve", "amount": "4500"])
            #expect(refused.status == .conflict && refused.contains(t.app.lamasat.localizer.text("committee.error.chairConflict", .ar)))
            #expect(try await crew.request(request).status == .committeeReview)
        }
    }

    @Test("an administrator without access to files sees that messages went, not to whom or what they said")
    func maskedOutbox() async throws {
        try await withLamasat { t in
            try await Outbox.enqueue(.init(channel: .sms, recipient: "+966501234567", subject: "قرار طلب R-2026-000042", body: "أهلًا نورة، استلمنا طلبك",
                                           idempotencyKey: "mask-1", branchID: try await t.headOffice().id!), now: t.clock.now(), on: t.db)
            let (admin, _) = try await t.signedIn(as: .admin)
            let masked = try await admin.get("/admin/outbox")
            #expect(masked.status == .ok)
            #expect(!masked.contains("أهلًا نورة") && !masked.contains("+966501234567"))
            #expect(masked.contains("•••567") && masked.contains("قرار طلب •••") && !masked.contains("R-2026-000042"))
            // Searching by a number or a tracking number would tell whether she is written to: a masked reader filters only.
            #expect(try await admin.get("/admin/outbox?q=R-2026-000042").contains("قرار طلب •••"))
            #expect(try await admin.get("/admin/outbox?q=R-2099-999999").contains("قرار طلب •••"))
            let (manager, _) = try await t.signedIn(as: .manager)
            let full = try await manager.get("/admin/outbox")
            #expect(full.contains("أهلًا نورة") && full.contains("+966501234567") && full.contains("R-2026-000042"))
            #expect(try await t.auditEntries(action: "outbox.viewed").count == 4)
        }
    }

    /// Routes on a person's own records (her notices) are signed-in, not branch-held: the walk above skips them, so
    /// each is walked here with another person's id.
    @Test("every route with a notice id answers 404 to anyone but the notice's own person, and changes nothing")
    func ownRecordsWalk() async throws {
        try await withLamasat { t in
            let (_, owner) = try await t.signedIn(as: .researcher)
            let (stranger, _) = try await t.signedIn(as: .manager)
            try await StaffNotifications.notify(.init(kind: .inquiryReferred, reference: "Q-2026-000001", link: "/inquiries", branchID: nil, key: "walk"),
                                                users: [owner.id!], now: t.clock.now(), on: t.db)
            let notice = try #require(try await StaffNotification.query(on: t.db).first())
            try await stranger.get("/notifications")
            var walked = 0
            for route in t.app.routes.all where route.path.contains(where: { $0 == .parameter("notificationID") }) {
                let path = "/" + route.path.map { $0 == .parameter("notificationID") ? notice.id!.uuidString : $0.description }.joined(separator: "/")
                let page = route.method == .GET ? try await stranger.get(path) : try await stranger.post(path, [:])
                #expect(page.status == .notFound, "\(route.method) \(path): \(page.status)")
                walked += 1
            }
            #expect(walked >= 1)
            #expect(try await StaffNotification.find(notice.id, on: t.db)?.readAt == nil)
        }
    }
}
