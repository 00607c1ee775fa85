import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Appointments: slots published, booked by the officer or from her portal, reminded the day before, attended or missed; reach", .serialized)
struct AppointmentTests {
    func text(_ t: TestContext, _ key: String) -> String { t.app.lamasat.localizer.text(key, .ar) }

    /// Tomorrow in Riyadh (the test clock is Wednesday 25 November 2026, 12:46).
    let tomorrow = "2026-11-26"

    func session(_ changes: [String: String] = [:]) -> [(String, String)] {
        let base = ["day": tomorrow, "from": "09:00", "to": "10:00", "minutes": "30", "capacity": "1"].merging(changes) { $1 }
        return base.map { ($0.key, $0.value) } + [("modes[]", "inPerson"), ("modes[]", "phone")]
    }

    /// A slot of head office that began an hour ago, booked for `file` — as yesterday's list would hold it.
    func pastBooking(_ t: TestContext, file: UUID) async throws -> Appointment {
        let slot = AppointmentSlot()
        (slot.branchID, slot.startsAt, slot.minutes, slot.modesText, slot.capacity) = (try await t.headOffice().id!, t.clock.now().addingTimeInterval(-3_600), 30, "inPerson", 1)
        (slot.isCancelled, slot.createdBy, slot.createdAt) = (false, UUID(), t.clock.now())
        try await slot.create(on: t.db)
        let a = Appointment()
        (a.slotID, a.beneficiaryID, a.branchID, a.mode, a.status, a.purpose) = (slot.id!, file, slot.branchID, .inPerson, .booked, "")
        (a.source, a.bookedAt, a.outcome, a.version) = (.staff, t.clock.now().addingTimeInterval(-86_400), "", 1)
        try await a.create(on: t.db)
        return a
    }

    /// An officer of head office, her file, tomorrow's first slot and her booking in it.
    func bookedTomorrow(_ t: TestContext) async throws -> (Browser, UUID, AppointmentSlot, Appointment) {
        let (officer, _) = try await t.signedIn(as: .relationsOfficer)
        let file = try await registerFile(officer, try await fileForm(t))
        _ = try await officer.postMany("/appointments/slots", session())
        let slot = try #require(try await AppointmentSlot.query(on: t.db).sort(\.$startsAt).first())
        _ = try await officer.post("/beneficiaries/\(file)/appointments/new", ["slot": slot.id!.uuidString, "mode": "inPerson"])
        return (officer, file, slot, try #require(try await Appointment.query(on: t.db).first()))
    }

    @Test("published as a session of slots; booked for her with her message; one upcoming booking at a time; a full slot refuses; reminded once the day before")
    func publishBookRemind() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let other = try await registerFile(officer, try await fileForm(t, id: "1122334459", mobile: "0559876543", first: "هند"))
            #expect(try await officer.postMany("/appointments/slots", session()).status == .seeOther)
            let slots = try await AppointmentSlot.query(on: t.db).sort(\.$startsAt).all()
            #expect(slots.count == 2 && slots.allSatisfy { $0.minutes == 30 && $0.modes == [.inPerson, .phone] })
            #expect(CalendarDay.dayAndTime(slots[0].startsAt) == (tomorrow, "09:00") && CalendarDay.dayAndTime(slots[1].startsAt).time == "09:30")
            let form = try await officer.get("/beneficiaries/\(file)/appointments/new")
            #expect(form.status == .ok && form.contains(slots[0].id!.uuidString))
            let video = try await officer.post("/beneficiaries/\(file)/appointments/new", ["slot": slots[0].id!.uuidString, "mode": "video"])
            #expect(video.status == .unprocessableEntity && video.contains(text(t, "appointment.error.mode")))
            #expect(try await officer.post("/beneficiaries/\(file)/appointments/new", ["slot": slots[0].id!.uuidString, "mode": "phone",
                                                                                       "purpose": "استكمال المستندات"]).status == .seeOther)
            let booked = try #require(try await Appointment.query(on: t.db).first())
            #expect(booked.status == .booked && booked.mode == .phone && booked.source == .staff)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$beneficiaryID == file).all().contains { $0.body.contains("حُجز موعدك") })
            let twice = try await officer.post("/beneficiaries/\(file)/appointments/new", ["slot": slots[1].id!.uuidString, "mode": "inPerson"])
            #expect(twice.status == .unprocessableEntity && twice.contains(text(t, "appointment.error.alreadyBooked")))
            let full = try await officer.post("/beneficiaries/\(other)/appointments/new", ["slot": slots[0].id!.uuidString, "mode": "inPerson"])
            #expect(full.status == .unprocessableEntity && full.contains(text(t, "appointment.error.full")))
            #expect(try await Appointment.query(on: t.db).count() == 1)
            // The day list shows her; the file has a card and a tab.
            let day = try await officer.get("/appointments?day=\(tomorrow)")
            #expect(day.contains("أميرة") && day.contains("استكمال المستندات"))
            #expect(try await officer.get("/beneficiaries/\(file)").contains(text(t, "appointment.card.title")))
            // The reminder goes once, the day before.
            #expect(try await AppointmentReminders.run(now: t.clock.now(), localizer: t.app.lamasat.localizer, on: t.db) == 1)
            #expect(try await AppointmentReminders.run(now: t.clock.now(), localizer: t.app.lamasat.localizer, on: t.db) == 0)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$beneficiaryID == file).all().contains { $0.body.contains("نذكّرك بموعدك غدًا") })
            #expect(try await t.auditEntries(action: "appointment.booked").count == 1)
        }
    }

    @Test("bad sessions are refused with their message and publish nothing")
    func validation() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let cases: [([(String, String)], String)] = [
                (session(["minutes": "5"]), "appointment.error.minutes"),
                (session(["day": "2026-11-20"]), "appointment.error.past"),
                (session(["to": "08:00"]), "appointment.error.session"),
                (session(["capacity": "40"]), "appointment.error.capacity"),
                (session(["day": "2027-06-01"]), "appointment.error.horizon"),
                (session().filter { $0.0 != "modes[]" }, "appointment.error.modes"),
            ]
            for (form, key) in cases {
                let page = try await officer.postMany("/appointments/slots", form)
                #expect(page.status == .unprocessableEntity && page.contains(text(t, key)), "\(key)")
            }
            #expect(try await AppointmentSlot.query(on: t.db).count() == 0)
        }
    }

    @Test("from her portal she books and cancels; a slot cancelled by the branch cancels its bookings and tells her")
    func portal() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            _ = try await officer.postMany("/appointments/slots", session())
            let slots = try await AppointmentSlot.query(on: t.db).sort(\.$startsAt).all()
            let her = try await portalSignIn(t)
            #expect(try await her.get("/portal/appointments").contains(slots[1].id!.uuidString))
            let asked = try await her.post("/portal/appointments", ["slot": slots[1].id!.uuidString, "mode": "inPerson"])
            #expect(asked.status == .seeOther && asked.location == "/portal/appointments?done=portalAppointmentBooked")
            let mine = try #require(try await Appointment.query(on: t.db).first())
            #expect(mine.source == .portal && mine.bookedBy == nil)
            #expect(try await her.post("/portal/appointments/\(mine.id!)/cancel").status == .seeOther)
            #expect(try await Appointment.find(mine.id, on: t.db)?.status == .cancelled)
            #expect(try await her.post("/portal/appointments/\(UUID())/cancel").status == .notFound)
            _ = try await her.post("/portal/appointments", ["slot": slots[0].id!.uuidString, "mode": "phone"])
            #expect(try await officer.post("/appointments/slots/\(slots[0].id!)/cancel").status == .seeOther)
            let again = try #require(try await Appointment.query(on: t.db).filter(\.$slotID == slots[0].id!).first())
            let cancelledSlot = try await AppointmentSlot.find(slots[0].id, on: t.db)
            #expect(again.status == .cancelled && cancelledSlot?.isCancelled == true)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$beneficiaryID == file).all().filter { $0.body.contains("أُلغي موعدك") }.count == 2)
        }
    }

    @Test("who came is recorded once the slot began: attended, or missed and counted on her file")
    func attendance() async throws {
        try await withLamasat { t in
            let (officer, file, _, ahead) = try await bookedTomorrow(t)
            let early = try await officer.post("/appointments/\(ahead.id!)/no-show")
            #expect(early.status == .conflict && early.contains(text(t, "appointment.error.markEarly")))
            #expect(try await Appointment.find(ahead.id, on: t.db)?.status == .booked)
            let past = try await pastBooking(t, file: file)
            #expect(try await officer.post("/appointments/\(past.id!)/no-show").status == .seeOther)
            #expect(try await Appointment.find(past.id, on: t.db)?.status == .noShow)
            #expect(try await officer.post("/appointments/\(past.id!)/attended").status == .conflict)
            let tab = try await officer.get("/beneficiaries/\(file)?tab=appointments")
            #expect(tab.contains(t.app.lamasat.localizer.text("appointment.tab.missed", .ar, ["1"])))
            #expect(try await t.auditEntries(action: "appointment.noShow").count == 1)
        }
    }

    @Test("wrong role and other branch: a researcher gets 403; another branch's officer gets 404 on its slots, bookings and files")
    func reach() async throws {
        try await withLamasat { t in
            let (_, file, slot, booking) = try await bookedTomorrow(t)
            let (researcher, _) = try await t.signedIn(as: .researcher)
            #expect(try await researcher.get("/appointments").status == .forbidden)
            #expect(try await researcher.postMany("/appointments/slots", session()).status == .forbidden)
            #expect(try await researcher.post("/appointments/\(booking.id!)/cancel").status == .forbidden)
            let north = try await t.makeBranch("NTH")
            let (other, _) = try await t.signedIn(as: .relationsOfficer, username: "north", branch: north, scope: .ownBranch)
            #expect(try await other.post("/appointments/\(booking.id!)/cancel").status == .notFound)
            #expect(try await other.post("/appointments/slots/\(slot.id!)/cancel").status == .notFound)
            #expect(try await other.get("/beneficiaries/\(file)/appointments/new").status == .notFound)
            let theirs = try await other.get("/appointments?day=\(tomorrow)&branch=\(slot.branchID)")
            #expect(theirs.status == .ok && !theirs.contains("أميرة"))
            #expect(try await Appointment.find(booking.id, on: t.db)?.status == .booked)
            #expect(try await AppointmentSlot.find(slot.id, on: t.db)?.isCancelled == false)
        }
    }
}
