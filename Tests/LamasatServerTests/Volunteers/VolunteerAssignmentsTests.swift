import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 17, part B: opportunities, matching, offers and confirmations, and a delivery handed over by a volunteer.
@Suite("Volunteer opportunities and assignments", .serialized)
struct VolunteerAssignmentsTests {
    /// An opportunity form two days ahead, Sunday-agnostic, 09:00–11:00 in Riyadh.
    static func form(_ t: TestContext, title: String = "يوم توزيع السلال", skills: [String] = ["packing"], slots: String = "2",
                     district: String = "النسيم", days: Double = 2) -> [(String, String)] {
        let day = OpportunityForm.riyadhParts(t.clock.now().addingTimeInterval(days * 86_400)).day
        return [("kind", "distributionDay"), ("title", title), ("description", "تعبئة وتوزيع"), ("place", "مقر الجمعية"), ("district", district),
                ("date", day), ("startTime", "09:00"), ("endTime", "11:00"), ("slots", slots)] + skills.map { ("skills[]", $0) }
    }

    static func publish(_ t: TestContext, _ coordinator: Browser, _ fields: [(String, String)]) async throws -> VolunteerOpportunity {
        try await coordinator.get("/volunteers/opportunities/new")
        let page = try await coordinator.postMany("/volunteers/opportunities", fields)
        #expect(page.status == .seeOther, "publish: \(page.status)")
        // The test clock stands still: the new one is found by its title, not by the time it was made.
        let title = fields.first { $0.0 == "title" }?.1 ?? ""
        return try #require(try await VolunteerOpportunity.query(on: t.db).filter(\.$title == title).first())
    }

    @Test("an opportunity is validated and re-rendered with its errors (422, nothing saved); a valid one is numbered, listed and audited")
    func publishing() async throws {
        try await withLamasat { t in
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            try await coordinator.get("/volunteers/opportunities/new")
            var bad = Self.form(t, slots: "0")
            bad = bad.map { $0.0 == "endTime" ? ("endTime", "08:00") : $0 }
            let refused = try await coordinator.postMany("/volunteers/opportunities", bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.contains(t.app.lamasat.localizer.text("volunteer.opportunity.error.endBeforeStart", .ar)))
            #expect(refused.contains(t.app.lamasat.localizer.text("volunteer.opportunity.error.slots", .ar)))
            #expect(refused.contains("يوم توزيع السلال"))
            let past = try await coordinator.postMany("/volunteers/opportunities", Self.form(t, days: -3))
            #expect(past.status == .unprocessableEntity && past.contains(t.app.lamasat.localizer.text("volunteer.opportunity.error.past", .ar)))
            #expect(try await VolunteerOpportunity.query(on: t.db).count() == 0)
            let made = try await Self.publish(t, coordinator, Self.form(t))
            #expect(made.number.hasPrefix("VO-") && made.status == .published && made.skillList == [.packing] && made.slots == 2)
            #expect(made.endsAt.timeIntervalSince(made.startsAt) == 7_200)
            #expect(try await t.auditEntries(action: "volunteer.opportunity.created").count == 1)
            #expect(try await coordinator.get("/volunteers/opportunities?when=upcoming&q=السلال").contains(made.number))
            #expect(!(try await coordinator.get("/volunteers/opportunities?when=past").contains(made.number)))
            #expect(!(try await coordinator.get("/volunteers/opportunities?kind=tutoring").contains(made.number)))
        }
    }

    @Test("the page ranks by skill, district and availability with reasons; the unsigned are apart, the overlapping left out")
    func matchingOnThePage() async throws {
        try await withLamasat { t in
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let near = try await t.makeVolunteer("هند في الحي", nationalID: "1000000024", mobile: "+966501000001", skills: [.packing], districts: ["النسيم"])
            let far = try await t.makeVolunteer("أمل بعيدة", nationalID: "1000000032", mobile: "+966501000002", skills: [.packing], districts: ["الروضة"])
            let unskilled = try await t.makeVolunteer("سارة بلا مهارة", nationalID: "1000000040", mobile: "+966501000003", skills: [.tutoring])
            let unavailable = try await t.makeVolunteer("ريم مشغولة الوقت", nationalID: "1000000057", mobile: "+966501000004", skills: [.packing],
                                                      districts: ["الروضة"], slots: [])
            _ = try await t.makeVolunteer("لمى لم توقع", nationalID: "1000000065", mobile: "+966501000005", skills: [.packing])
            for v in [near, far, unskilled, unavailable] { try await t.signPledges(v) }
            let opportunity = try await Self.publish(t, coordinator, Self.form(t))
            let page = try await coordinator.get("/volunteers/opportunities/\(opportunity.id!)")
            #expect(page.status == .ok)
            let body = page.body
            let order = ["هند في الحي", "أمل بعيدة", "ريم مشغولة الوقت"].map { body.range(of: $0)?.lowerBound }
            #expect(order.allSatisfy { $0 != nil } && order[0]! < order[1]! && order[1]! < order[2]!, "ranked by district, then availability")
            #expect(body.contains("في حيّها"))
            #expect(body.contains(t.app.lamasat.localizer.text("volunteer.match.lacking", .ar)) && body.contains("سارة بلا مهارة"))
            #expect(body.contains(t.app.lamasat.localizer.text("volunteer.match.unsigned", .ar)) && body.contains("لمى لم توقع"))
            // On another opportunity at the same time, she is no longer suggested.
            let other = try await Self.publish(t, coordinator, Self.form(t, title: "فرصة متزامنة"))
            try await coordinator.postMany("/volunteers/opportunities/\(other.id!)/offer", [("volunteers[]", near.id!.uuidString)])
            let again = try await coordinator.get("/volunteers/opportunities/\(opportunity.id!)")
            #expect(!again.contains("هند في الحي"))
        }
    }

    @Test("an offer is refused without both pledges and when the places are taken; a good one is an SMS with the /v link and no beneficiary data")
    func offers() async throws {
        try await withLamasat { t in
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let unsigned = try await t.makeVolunteer("لمى لم توقع", nationalID: "1000000065", mobile: "+966501000005", skills: [.packing])
            let first = try await t.makeVolunteer("هند", nationalID: "1000000024", mobile: "+966501000001", skills: [.packing])
            let second = try await t.makeVolunteer("أمل", nationalID: "1000000032", mobile: "+966501000002", skills: [.packing])
            try await t.signPledges(first)
            try await t.signPledges(second)
            let opportunity = try await Self.publish(t, coordinator, Self.form(t, slots: "1"))
            let path = "/volunteers/opportunities/\(opportunity.id!)"
            let refused = try await coordinator.postMany("\(path)/offer", [("volunteers[]", unsigned.id!.uuidString)])
            #expect(refused.status == .conflict && refused.contains(t.app.lamasat.localizer.text("volunteer.assignment.refused.pledgesMissing", .ar, ["لمى لم توقع"])))
            #expect(try await VolunteerAssignment.query(on: t.db).count() == 0)
            #expect(try await coordinator.postMany("\(path)/offer", [("volunteers[]", first.id!.uuidString)]).status == .seeOther)
            let offered = try #require(try await VolunteerAssignment.query(on: t.db).first())
            #expect(offered.status == .offered && offered.volunteerID == first.id)
            let sms = try #require(try await OutboxMessage.query(on: t.db).filter(\.$recipient == first.mobile).first())
            #expect(sms.body.contains("\(t.app.lamasat.config.publicURL)/v") && sms.body.contains(opportunity.number))
            #expect(try await coordinator.postMany("\(path)/offer", [("volunteers[]", first.id!.uuidString)]).status == .conflict)
            // She accepts (part C's screen writes this): the single place is taken, and the coordinator is told.
            #expect(try await VolunteerAssignments.respond(offered, accept: true, now: t.clock.now(), on: t.db) == nil)
            #expect(try await StaffNotification.query(on: t.db).filter(\.$kind == .volunteerResponded).count() == 1)
            let full = try await coordinator.postMany("\(path)/offer", [("volunteers[]", second.id!.uuidString)])
            #expect(full.status == .conflict && full.contains(t.app.lamasat.localizer.text("volunteer.assignment.refused.full", .ar, ["أمل"])))
            // The coordinator confirms her; the counts say so.
            #expect(try await coordinator.post("/volunteers/assignments/\(offered.id!)/confirm").status == .seeOther)
            #expect(try await VolunteerAssignment.find(offered.id, on: t.db)?.status == .confirmed)
            #expect(try await coordinator.post("/volunteers/assignments/\(offered.id!)/confirm").status == .conflict)
            #expect(try await t.auditEntries(action: "volunteer.assignment.confirmed").count == 1)
        }
    }

    @Test("cancelling an opportunity cancels its open assignments with the reason and tells each volunteer by SMS")
    func cancelling() async throws {
        try await withLamasat { t in
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let volunteer = try await t.makeVolunteer(skills: [.packing])
            try await t.signPledges(volunteer)
            let opportunity = try await Self.publish(t, coordinator, Self.form(t))
            let path = "/volunteers/opportunities/\(opportunity.id!)"
            try await coordinator.postMany("\(path)/offer", [("volunteers[]", volunteer.id!.uuidString)])
            #expect(try await coordinator.post("\(path)/cancel", ["reason": ""]).status == .unprocessableEntity)
            #expect(try await coordinator.post("\(path)/cancel", ["reason": "تأجل التوزيع"]).status == .seeOther)
            let assignment = try #require(try await VolunteerAssignment.query(on: t.db).first())
            #expect(assignment.status == .cancelled && assignment.closeReason == "تأجل التوزيع" && assignment.closedAt != nil)
            #expect(try await VolunteerOpportunity.find(opportunity.id, on: t.db)?.status == .cancelled)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$recipient == volunteer.mobile).all().contains { $0.body.contains("تأجل التوزيع") })
        }
    }

    /// An approved request whose file lives in النسيم, a volunteer confirmed on a delivery asked from it.
    static func deliveryWithVolunteer(_ t: TestContext) async throws -> (Crew, file: UUID, request: UUID, Browser, VolunteerAssignment, Volunteer) {
        let crew = try await Crew.make(t)
        let (file, request, _) = try await crew.approved()
        let beneficiary = try #require(try await Beneficiary.find(file, on: t.db))
        beneficiary.addressDistrict = "النسيم"
        try await beneficiary.save(on: t.db)
        let ask = try await crew.service.get("/requests/\(request)/volunteer")
        #expect(ask.status == .ok && ask.contains("النسيم"))
        // Her name in a field the coordinator reads is refused.
        var fields = try Self.askFields(ask)
        fields["description"] = "سلة لأميرة القحطاني"
        #expect(try await crew.service.post("/requests/\(request)/volunteer", fields).status == .unprocessableEntity)
        fields = try Self.askFields(ask)
        #expect(try await crew.service.post("/requests/\(request)/volunteer", fields).status == .seeOther)
        let opportunity = try #require(try await VolunteerOpportunity.query(on: t.db).filter(\.$requestID == request).first())
        #expect(opportunity.kind == .delivery && opportunity.district == "النسيم")
        let volunteer = try await t.makeVolunteer(mobile: "+966509998887")
        try await t.signPledges(volunteer)
        let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
        #expect(try await coordinator.postMany("/volunteers/opportunities/\(opportunity.id!)/offer", [("volunteers[]", volunteer.id!.uuidString)]).status == .seeOther)
        let assignment = try #require(try await VolunteerAssignment.query(on: t.db).first())
        #expect(try await VolunteerAssignments.respond(assignment, accept: true, now: t.clock.now(), on: t.db) == nil)
        #expect(try await coordinator.post("/volunteers/assignments/\(assignment.id!)/confirm").status == .seeOther)
        return (crew, file, request, coordinator, try #require(try await VolunteerAssignment.find(assignment.id, on: t.db)), volunteer)
    }

    /// The values the request's "ask for a volunteer" form was filled with.
    static func askFields(_ page: Browser.Page) throws -> [String: String] {
        var fields: [String: String] = [:]
        for name in ["title", "description", "place", "district", "date", "startTime", "endTime", "slots"] {
            let pattern = try Regex("name=\"\(name)\"[^>]*value=\"([^\"]*)\"")
            if let match = page.body.firstMatch(of: pattern) { fields[name] = String(match.output[1].substring ?? "") }
            if name == "description", let match = page.body.firstMatch(of: try Regex("name=\"description\"[^>]*>([^<]*)</textarea>")) {
                fields[name] = String(match.output[1].substring ?? "")
            }
        }
        fields["skills[]"] = "driving"
        return fields
    }

    @Test("a delivery asked from a request reaches the coordinator without the beneficiary's name or ID, on every page she has")
    func coordinatorNeverSeesHer() async throws {
        try await withLamasat { t in
            let (_, file, request, coordinator, assignment, _) = try await Self.deliveryWithVolunteer(t)
            let beneficiary = try #require(try await Beneficiary.find(file, on: t.db))
            let opportunity = assignment.opportunityID
            for path in ["/volunteers/opportunities", "/volunteers/opportunities/\(opportunity)", "/volunteers/opportunities/\(opportunity)/edit"] {
                let page = try await coordinator.get(path)
                #expect(page.status == .ok, "\(path)")
                for secret in [beneficiary.nameFirst, beneficiary.nameFamily, beneficiary.nationalID, beneficiary.mobile] {
                    #expect(!page.contains(secret), "\(path) shows \(secret)")
                }
            }
            // Her file and request stay closed to the coordinator.
            #expect(try await coordinator.get("/requests/\(request)").status == .forbidden)
            #expect(try await coordinator.get("/beneficiaries/\(file)").status == .forbidden)
            // The SMS to the volunteer names no beneficiary either.
            for sms in try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "volunteer_assignment").all() {
                #expect(!sms.body.contains(beneficiary.nameFirst) && !sms.body.contains(beneficiary.nationalID))
            }
        }
    }

    @Test("the delivery form names a confirmed volunteer: the delivery records her, and her assignment completes on it")
    func handover() async throws {
        try await withLamasat { t in
            let (crew, _, request, _, assignment, volunteer) = try await Self.deliveryWithVolunteer(t)
            let form = try await crew.service.get("/requests/\(request)/deliveries/new")
            #expect(form.contains(volunteer.name))
            let base = ["description": "إيجار", "amount": "1000", "date": "2026-11-25", "deliveredBy": "موظفة", "signature": Crew.signature,
                        "assignment": assignment.id!.uuidString]
            // At the office, a volunteer cannot have handed it over.
            var office = base
            office["place"] = "office"
            #expect(try await crew.service.post("/requests/\(request)/deliveries", office).status == .unprocessableEntity)
            var there = base
            there["place"] = "herLocation"
            #expect(try await crew.service.post("/requests/\(request)/deliveries", there).status == .seeOther)
            let delivery = try #require(try await ServiceDelivery.query(on: t.db).filter(\.$requestID == request).first())
            #expect(delivery.volunteerID == volunteer.id && delivery.deliveredBy == volunteer.name)
            let done = try #require(try await VolunteerAssignment.find(assignment.id, on: t.db))
            #expect(done.status == .completed && done.deliveryID == delivery.id && done.closedAt != nil)
            // The request's page shows the opportunity and its state.
            let page = try await crew.service.get("/requests/\(request)")
            #expect(page.contains(t.app.lamasat.localizer.text("volunteer.ask.heading", .ar)) && page.contains(volunteer.name))
        }
    }

    @Test("the shared hand-over refuses an assignment that is not a confirmed delivery of that request")
    func handoverRefusal() async throws {
        try await withLamasat { t in
            let (_, file, request, _, assignment, _) = try await Self.deliveryWithVolunteer(t)
            assignment.status = .accepted
            try await assignment.save(on: t.db)
            let delivery = ServiceDelivery()
            delivery.requestID = request
            delivery.beneficiaryID = file
            delivery.place = .herLocation
            let result = try await VolunteerHandover.record(assignment: assignment, delivery: delivery, now: t.clock.now(), on: t.db)
            guard case .failure(.notHers) = result else { Issue.record("an accepted assignment handed over"); return }
            #expect(try await ServiceDelivery.query(on: t.db).count() == 0)
        }
    }

    @Test("a researcher asks for a volunteer to accompany a home visit while the research is open; a delivery is asked only once approved")
    func homeVisit() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (file, request) = try await crew.inResearch()
            let beneficiary = try #require(try await Beneficiary.find(file, on: t.db))
            beneficiary.addressDistrict = "الروضة"
            try await beneficiary.save(on: t.db)
            #expect(try await crew.researcher.get("/requests/\(request)").contains("/requests/\(request)/volunteer/visit"))
            let ask = try await crew.researcher.get("/requests/\(request)/volunteer/visit")
            #expect(ask.status == .ok)
            var fields = try Self.askFields(ask)
            fields["skills[]"] = "socialWork"
            #expect(try await crew.researcher.post("/requests/\(request)/volunteer/visit", fields).status == .seeOther)
            let opportunity = try #require(try await VolunteerOpportunity.query(on: t.db).filter(\.$requestID == request).first())
            #expect(opportunity.kind == .homeVisit && opportunity.district == "الروضة" && opportunity.skillList == [.socialWork])
            #expect(try await crew.service.get("/requests/\(request)/volunteer").status == .conflict)
        }
    }

    @Test("roles without the permission get 403 on every route of this part")
    func wrongRole() async throws {
        try await withLamasat { t in
            let (researcher, _) = try await t.signedIn(as: .researcher)
            let id = UUID().uuidString
            for path in ["/volunteers/opportunities", "/volunteers/opportunities/new", "/volunteers/opportunities/\(id)"] {
                #expect(try await researcher.get(path).status == .forbidden, "\(path)")
            }
            for path in ["/volunteers/opportunities", "/volunteers/opportunities/\(id)/offer", "/volunteers/opportunities/\(id)/cancel",
                         "/volunteers/assignments/\(id)/confirm", "/volunteers/assignments/\(id)/cancel"] {
                #expect(try await researcher.post(path).status == .forbidden, "\(path)")
            }
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            #expect(try await coordinator.get("/requests/\(id)/volunteer").status == .forbidden)
            #expect(try await coordinator.get("/requests/\(id)/volunteer/visit").status == .forbidden)
        }
    }
}
