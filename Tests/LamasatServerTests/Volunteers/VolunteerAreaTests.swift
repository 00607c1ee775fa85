import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// The volunteer's mobile in these tests: not the beneficiary's, so that finding one never stands for the other.
private let herMobile = "+966551112233"

/// Asks for a volunteer's sign-in code as she would and reads it from the message the worker queued (nil when no
/// message was queued, as for a mobile nobody has); returns the code page.
private func askVolunteerCode(_ t: TestContext, _ b: Browser, mobile: String) async throws -> (page: String, code: String?) {
    try await b.get("/v/signin")
    let asked = try await b.post("/v/signin", ["mobile": mobile])
    #expect(asked.status == .seeOther)
    let before = try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "volunteer_code").count()
    while try await JobWorker(application: t.app).runDueJobs() > 0 {}
    let messages = try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "volunteer_code").sort(\.$createdAt, .descending).all()
    let code = messages.count > before ? messages[0].body.range(of: #"\d{6}"#, options: .regularExpression).map { String(messages[0].body[$0]) } : nil
    return (try #require(asked.location), code)
}

/// A beneficiary's approved request with a street address on her file, an opportunity serving it and an assignment
/// of `volunteer` on it in `status`, starting `startsIn` seconds from now.
private struct Scene {
    let crew: Crew
    let file: UUID
    let request: UUID

    static func make(_ t: TestContext) async throws -> Scene {
        let crew = try await Crew.make(t)
        let (file, request, _) = try await crew.approved()
        let her = try #require(try await Beneficiary.find(file, on: t.db))
        her.addressStreet = "شارع الأمير سلطان"
        her.addressDistrict = "حي النسيم"
        try await her.save(on: t.db)
        return Scene(crew: crew, file: file, request: request)
    }

    func assign(_ t: TestContext, _ volunteer: Volunteer, kind: OpportunityKind = .delivery, status: AssignmentStatus = .confirmed,
                startsIn: TimeInterval = 2 * 3600) async throws -> VolunteerAssignment {
        let now = t.clock.now()
        let opportunity = try await VolunteerOpportunity.numbered(
            kind, "توصيل سلة غذائية", description: "سلة غذائية واحدة", place: "عند المستفيدة", district: "النسيم", branch: volunteer.branchID,
            starts: now.addingTimeInterval(startsIn), ends: now.addingTimeInterval(startsIn + 3 * 3600), requestID: request,
            by: UUID(), at: now, on: t.db)
        let assignment = try VolunteerAssignment.offered(opportunity, to: volunteer, by: UUID(), at: now)
        assignment.status = status
        try await assignment.create(on: t.db)
        return assignment
    }
}

@Suite("Volunteer area on her phone", .serialized)
struct VolunteerAreaTests {
    @Test("sign-in by SMS code to her mobile (Arabic-Indic digits too); unknown and paused mobiles get the same answer and no message")
    func signIn() async throws {
        try await withLamasat { t in
            let volunteer = try await t.makeVolunteer(mobile: herMobile)
            _ = try await t.makeVolunteer("هند", nationalID: "1000000024", mobile: "+966551112244", status: .paused)
            let her = t.browser(), stranger = t.browser(), paused = t.browser()
            let (page, code) = try await askVolunteerCode(t, her, mobile: "٠٥٥١١١٢٢٣٣")
            let (strangerPage, none) = try await askVolunteerCode(t, stranger, mobile: "0559998877")
            let (pausedPage, noneEither) = try await askVolunteerCode(t, paused, mobile: "0551112244")
            #expect(code != nil && none == nil && noneEither == nil)
            let a = try await her.get(page), b = try await stranger.get(strangerPage)
            #expect(a.status == .ok && b.status == .ok)
            #expect(a.body.replacingOccurrences(of: page, with: "") == b.body.replacingOccurrences(of: strangerPage, with: "")
                .replacingOccurrences(of: stranger.csrf ?? "", with: her.csrf ?? ""))
            // Any code for a mobile nobody has (or a paused volunteer's) fails like a wrong one.
            #expect(try await paused.post(pausedPage, ["code": "123456"]).status == .unprocessableEntity)
            let signedIn = try await her.post(page, ["code": try #require(code)])
            #expect(signedIn.status == .seeOther && signedIn.location == "/v")
            #expect(try await her.get("/v").contains("نورة"))
            #expect(try await t.auditEntries(action: "volunteer.signedIn").first?.recordID == volunteer.id!.uuidString)
            // A malformed mobile is told so.
            #expect(try await stranger.post("/v/signin", ["mobile": "12"]).status == .unprocessableEntity)
            // Signing out ends the session.
            #expect(try await her.post("/v/signout").status == .seeOther)
            let after = try await her.get("/v")
            #expect(after.status == .seeOther && after.location == "/v/signin")
        }
    }

    @Test("a code: five wrong tries end it, it expires after ten minutes, it works once, and a portal ticket never opens the area")
    func codeRules() async throws {
        try await withLamasat { t in
            _ = try await t.makeVolunteer(mobile: herMobile)
            let her = t.browser()
            let (page, code) = try await askVolunteerCode(t, her, mobile: herMobile)
            let right = try #require(code)
            let wrong = right == "999999" ? "888888" : "999999"
            for left in [4, 3, 2, 1] {
                let refused = try await her.post(page, ["code": wrong])
                #expect(refused.status == .unprocessableEntity && refused.contains(t.app.lamasat.localizer.text("portal.error.wrongCode", .ar, [String(left)])))
            }
            #expect(try await her.post(page, ["code": wrong]).status == .unprocessableEntity)
            #expect(try await her.post(page, ["code": right]).status == .unprocessableEntity, "exhausted")
            #expect(try await VolunteerSession.query(on: t.db).count() == 0)
            // Expired after ten minutes.
            let (late, lateCode) = try await askVolunteerCode(t, her, mobile: herMobile)
            t.clock.advance(by: 601)
            #expect(try await her.post(late, ["code": try #require(lateCode)]).status == .unprocessableEntity)
            // Once.
            let (once, onceCode) = try await askVolunteerCode(t, her, mobile: herMobile)
            #expect(try await her.post(once, ["code": try #require(onceCode)]).status == .seeOther)
            let again = t.browser()
            try await again.get(once)
            #expect(try await again.post(once, ["code": onceCode!]).status == .unprocessableEntity)
            // A portal challenge's ticket is not a volunteer's.
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            _ = try await registerFile(officer, try await fileForm(t))
            let beneficiary = t.browser()
            let (portalPage, portalCode) = try await askForCode(t, beneficiary)
            let ticket = try #require(portalPage.split(separator: "/").last)
            #expect(try await beneficiary.post("/v/code/\(ticket)", ["code": portalCode]).status == .unprocessableEntity)
            #expect(try await VolunteerSession.query(on: t.db).count() == 1)
        }
    }

    @Test("accepting is refused while her pledges are missing, and allowed once signed; declining keeps her reason")
    func acceptNeedsPledges() async throws {
        try await withLamasat { t in
            let scene = try await Scene.make(t)
            let volunteer = try await t.makeVolunteer(mobile: herMobile)
            let offered = try await scene.assign(t, volunteer, status: .offered)
            let her = try await t.volunteerBrowser(volunteer)
            let home = try await her.get("/v")
            #expect(home.status == .ok && home.contains("/v/pledges") && home.contains("/v/assignments/\(offered.id!)"))
            let refused = try await her.post("/v/assignments/\(offered.id!)/accept")
            #expect(refused.status == .unprocessableEntity && refused.contains(t.app.lamasat.localizer.text("volunteerArea.error.pledges", .ar)))
            #expect(try await VolunteerAssignment.find(offered.id, on: t.db)?.status == .offered)
            try await t.signPledges(volunteer)
            #expect(!(try await her.get("/v").contains("id=\"pledges-missing\"")))
            #expect(try await her.post("/v/assignments/\(offered.id!)/accept").status == .seeOther)
            #expect(try await VolunteerAssignment.find(offered.id, on: t.db)?.status == .accepted)
            // Accepting twice is refused, nothing changes.
            #expect(try await her.post("/v/assignments/\(offered.id!)/accept").status == .unprocessableEntity)
            let other = try await scene.assign(t, volunteer, status: .offered)
            #expect(try await her.post("/v/assignments/\(other.id!)/decline", ["reason": "سفر"]).status == .seeOther)
            let declined = try #require(try await VolunteerAssignment.find(other.id, on: t.db))
            #expect(declined.status == .declined && declined.closeReason == "سفر")
        }
    }

    @Test("she sees the minimum while it is open, the address only on the day, nothing of the beneficiary once closed; every view is audited")
    func minimumData() async throws {
        try await withLamasat { t in
            let scene = try await Scene.make(t)
            let volunteer = try await t.makeVolunteer(mobile: herMobile)
            let today = try await scene.assign(t, volunteer)
            let later = try await scene.assign(t, volunteer, startsIn: 3 * 86_400)
            let her = try await t.volunteerBrowser(volunteer)
            let page = try await her.get("/v/assignments/\(today.id!)")
            #expect(page.status == .ok && page.contains("أميرة") && page.contains("حي النسيم") && page.contains("شارع الأمير سلطان"))
            for secret in ["1045789326", "القحطاني", "0501234567", "+966501234567", "عبد الله"] { #expect(!page.contains(secret), "\(secret) shown") }
            let before = try await her.get("/v/assignments/\(later.id!)")
            #expect(before.contains("أميرة") && !before.contains("شارع الأمير سلطان"))
            // Each view is on the trail, with her as the actor and the assignment's id.
            let views = try await t.auditEntries(action: "volunteer.view")
            #expect(views.count == 2 && Set(views.compactMap(\.recordID)) == [today.id!.uuidString, later.id!.uuidString])
            #expect(views.allSatisfy { $0.actorID == volunteer.id!.uuidString && $0.actorName == "volunteer:\(volunteer.number)" })
            // Cancelled: her view closes.
            let cancelled = try #require(try await VolunteerAssignment.find(today.id, on: t.db))
            cancelled.status = .cancelled
            try await cancelled.save(on: t.db)
            let closed = try await her.get("/v/assignments/\(today.id!)")
            #expect(closed.status == .ok && closed.contains("توصيل سلة غذائية"))
            #expect(!closed.contains("أميرة") && !closed.contains("شارع الأمير سلطان") && !closed.contains("حي النسيم"))
            // Once the opportunity is over, the same.
            t.clock.advance(by: 4 * 86_400)
            #expect(!(try await her.get("/v/assignments/\(later.id!)").contains("أميرة")))
        }
    }

    @Test("the hand-over on a confirmed delivery creates the delivery with her id and her proof, and completes the assignment; her view then closes")
    func handover() async throws {
        try await withLamasat { t in
            let scene = try await Scene.make(t)
            let volunteer = try await t.makeVolunteer(mobile: herMobile)
            try await t.signPledges(volunteer)
            let assignment = try await scene.assign(t, volunteer)
            let her = try await t.volunteerBrowser(volunteer)
            try await her.get("/v/assignments/\(assignment.id!)")
            // Not a proof: refused, nothing written.
            let refused = try await her.upload("/v/assignments/\(assignment.id!)/handover", [:], file: Array("not an image".utf8), filename: "x.png", field: "proof")
            #expect(refused.status == .unprocessableEntity)
            #expect(try await ServiceDelivery.query(on: t.db).filter(\.$volunteerID == volunteer.id!).count() == 0)
            #expect(try await her.post("/v/assignments/\(assignment.id!)/attended").status == .seeOther)
            let done = try await her.upload("/v/assignments/\(assignment.id!)/handover", [:], file: samplePNG, filename: "receipt.png", field: "proof")
            #expect(done.status == .seeOther)
            let delivery = try #require(try await ServiceDelivery.query(on: t.db).filter(\.$volunteerID == volunteer.id!).first())
            #expect(delivery.requestID == scene.request && delivery.place == .volunteer && delivery.deliveredBy == volunteer.name && delivery.proofAttachmentID != nil)
            let completed = try #require(try await VolunteerAssignment.find(assignment.id, on: t.db))
            #expect(completed.status == .completed && completed.deliveryID == delivery.id && completed.attendedAt != nil)
            #expect(try await t.auditEntries(action: "volunteer.handover").first?.recordID == assignment.id!.uuidString)
            let after = try await her.get("/v/assignments/\(assignment.id!)")
            #expect(after.status == .ok && !after.contains("أميرة") && !after.contains("شارع الأمير سلطان"))
            // A second hand-over is refused.
            #expect(try await her.upload("/v/assignments/\(assignment.id!)/handover", [:], file: samplePNG, filename: "r.png", field: "proof").status == .unprocessableEntity)
        }
    }

    @Test("hours: more than nothing and at most a day, whole numbers; logged ones wait for approval")
    func hours() async throws {
        try await withLamasat { t in
            let scene = try await Scene.make(t)
            let volunteer = try await t.makeVolunteer(mobile: herMobile)
            let assignment = try await scene.assign(t, volunteer)
            let her = try await t.volunteerBrowser(volunteer)
            let path = "/v/assignments/\(assignment.id!)/hours"
            for bad in [["hours": "0", "minutes": "0"], ["hours": "25"], ["hours": "24", "minutes": "1"], ["hours": "ساعتان"], ["minutes": "75"],
                        ["hours": "1", "note": String(repeating: "م", count: 201)]] {
                let refused = try await her.post(path, bad)
                #expect(refused.status == .unprocessableEntity, "\(bad)")
            }
            #expect(try await VolunteerAssignment.find(assignment.id, on: t.db)?.hoursStatus == HoursStatus.none)
            #expect(try await her.post(path, ["hours": "٢", "minutes": "30", "note": "توصيل"]).status == .seeOther)
            let logged = try #require(try await VolunteerAssignment.find(assignment.id, on: t.db))
            #expect(logged.minutes == 150 && logged.hoursStatus == .pending && logged.hoursNote == "توصيل")
            // Not on an offer she has not accepted.
            let offered = try await scene.assign(t, volunteer, status: .offered)
            #expect(try await her.post("/v/assignments/\(offered.id!)/hours", ["hours": "1"]).status == .unprocessableEntity)
        }
    }

    @Test("another volunteer's assignment, or none, is 404 and audited as a probe; without her session the area asks her to sign in")
    func othersAssignment() async throws {
        try await withLamasat { t in
            let scene = try await Scene.make(t)
            let mine = try await t.makeVolunteer(mobile: herMobile)
            let other = try await t.makeVolunteer("سارة", nationalID: "1000000024", mobile: "+966551112244")
            let theirs = try await scene.assign(t, other)
            let her = try await t.volunteerBrowser(mine)
            #expect(try await her.get("/v/assignments/\(theirs.id!)").status == .notFound)
            try await her.get("/v")
            let posted = try await her.post("/v/assignments/\(theirs.id!)/hours", ["hours": "1"])
            #expect(posted.status == .notFound, "\(posted.status)")
            #expect(try await her.get("/v/assignments/\(UUID())").status == .notFound)
            let probes = try await t.auditEntries(action: "volunteer.probe")
            #expect(probes.count == 3 && probes.allSatisfy { $0.actorID == mine.id!.uuidString })
            #expect(try await VolunteerAssignment.find(theirs.id, on: t.db)?.minutes == 0)
            // Staff are not volunteers.
            let staffPage = try await scene.crew.officer.get("/v/assignments/\(theirs.id!)")
            #expect(staffPage.status == .seeOther && staffPage.location == "/v/signin")
            #expect(try await t.browser().post("/v/assignments/\(theirs.id!)/accept").status == .unauthorized)
        }
    }

    @Test("route walk: with her volunteer cookie alone, nothing outside her area and the public pages answers, and nothing shows the beneficiary")
    func routeWalk() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let records = try await BranchReachTests.headOfficeRecords(t, crew)
            let fileID = try #require(records["beneficiaryID"]).id
            let file = try #require(try await Beneficiary.find(fileID, on: t.db))
            let scene = Scene(crew: crew, file: fileID, request: try #require(records["requestID"]).id)
            let volunteer = try await t.makeVolunteer(mobile: herMobile)
            let assignment = try await scene.assign(t, volunteer)
            let her = try await t.volunteerBrowser(volunteer)
            try await her.get("/v")
            // Her ID, family name and mobile as stored and as written ("050 123 4567").
            let secrets = [file.nationalID, file.nameFamily, file.mobile, try SaudiMobile(file.mobile).local]
            var walked = 0
            for route in t.app.routes.all where [.GET, .POST].contains(route.method) {
                let path = "/" + route.path.map { component -> String in
                    guard case .parameter(let name) = component else { return component.description }
                    if name == "assignmentID" { return assignment.id!.uuidString }
                    return records[name]?.value ?? UUID().uuidString
                }.joined(separator: "/")
                if path == "/v/signout" || path == "/signout" { continue }
                let page = route.method == .GET ? try await her.get(path) : try await her.post(path, [:])
                walked += 1
                for secret in secrets { #expect(!page.contains(secret), "\(route.method) \(path) shows \(secret)") }
                if !path.hasPrefix("/v") { #expect(!page.contains(file.nameFirst), "\(route.method) \(path) shows her first name") }
                switch route.access {
                case .permission?, .signedIn?:
                    let toSignIn = page.status == .seeOther && (page.location ?? "").hasPrefix("/signin")
                    #expect(toSignIn || [.unauthorized, .forbidden].contains(page.status), "\(route.method) \(path): \(page.status)")
                case .beneficiary?:
                    let toPortal = page.status == .seeOther && page.location == "/portal/signin"
                    #expect(toPortal || page.status == .unauthorized, "\(route.method) \(path): \(page.status)")
                default:
                    break
                }
            }
            #expect(walked > 200)
            // Her session survived the walk (no route signed her out), and her own assignment still shows the minimum.
            #expect(try await her.get("/v/assignments/\(assignment.id!)").contains(file.nameFirst))
        }
    }
}
