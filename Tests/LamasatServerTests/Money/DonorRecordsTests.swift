import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 18, part A: donor records with their Saudi checks, consent rules, edits that do not overwrite each other,
/// the search, the yearly statement, and who may see them.
@Suite("Donor records", .serialized)
struct DonorRecordsTests {
    static let personID = NationalID.make(kind: .citizen, body: 44_556_677).value

    static func form(_ branch: Branch, name: String = "منيرة سعد القحطاني", kind: String = "individual", identifier: String = personID,
                     mobile: String = "0551234567", channel: String = "sms", consents: Bool = true, version: String? = nil) -> [String: String] {
        var fields = ["kind": kind, "name": name, "contactPerson": "", "identifier": identifier, "mobile": mobile, "email": "",
                      "city": "الرياض", "preferredChannel": channel, "branch": branch.id!.uuidString, "notes": "", "active": "on"]
        if consents { fields["consents"] = "on" }
        if let version { fields["version"] = version }
        return fields
    }

    @Test("a new donor gets a number D-YYYY-NNNNNN, a +9665 mobile, consent with its day, and an audit entry naming fields only")
    func create() async throws {
        try await withLamasat { t in
            let hq = try await t.headOffice()
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            try await officer.get("/donors/new")
            let saved = try await officer.post("/donors/new", Self.form(hq, mobile: "٠٥٥١٢٣٤٥٦٧"))
            #expect(saved.status == .seeOther)
            let donor = try #require(try await Donor.query(on: t.db).first())
            #expect(donor.number.range(of: #"^D-\d{4}-\d{6}$"#, options: .regularExpression) != nil)
            #expect(donor.mobile == "+966551234567" && donor.identifier == Self.personID && donor.consentsToContact && donor.consentAt == t.clock.now())
            let audit = try #require(try await t.auditEntries(action: "money.donor.created").first)
            let detail = audit.detail ?? ""
            #expect(detail.contains("identifier") && !detail.contains(Self.personID))
            #expect(try await t.auditEntries(action: "money.donor.consentGiven").count == 1)
            let page = try await officer.get(saved.location!)
            #expect(page.status == .ok && page.contains("منيرة سعد القحطاني") && page.contains(donor.number))
        }
    }

    @Test("a wrong check digit, a short commercial registration, a bad mobile, an organization without a contact person are refused, typed values kept, nothing saved")
    func validation() async throws {
        try await withLamasat { t in
            let hq = try await t.headOffice()
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            try await officer.get("/donors/new")
            var badID = Self.form(hq)
            badID["identifier"] = String(Self.personID.dropLast()) + String((Int(String(Self.personID.last!))! + 1) % 10)
            let a = try await officer.post("/donors/new", badID)
            #expect(a.status == .unprocessableEntity && a.contains(#"id="field-identifier-error""#) && a.contains("منيرة سعد القحطاني"))
            let org = try await officer.post("/donors/new", Self.form(hq, name: "شركة الأفق", kind: "organization", identifier: "12345"))
            #expect(org.status == .unprocessableEntity && org.contains("السجل التجاري عشرة أرقام") && org.contains(#"id="field-contactPerson-error""#))
            let mobile = try await officer.post("/donors/new", Self.form(hq, mobile: "0412345678"))
            #expect(mobile.status == .unprocessableEntity && mobile.contains(#"id="field-mobile-error""#))
            var emailChannel = Self.form(hq, channel: "email")
            emailChannel["email"] = ""
            #expect(try await officer.post("/donors/new", emailChannel).contains(#"id="field-email-error""#))
            #expect(try await Donor.query(on: t.db).count() == 0)
            // An organization with a ten-digit registration and a contact person is fine.
            var good = Self.form(hq, name: "شركة الأفق", kind: "organization", identifier: "1010234567", mobile: "0551112200")
            good["contactPerson"] = "أحمد الملحم"
            #expect(try await officer.post("/donors/new", good).status == .seeOther)
        }
    }

    @Test("a mobile or an identifier already on a donor names that donor and saves nothing")
    func duplicate() async throws {
        try await withLamasat { t in
            let hq = try await t.headOffice()
            let existing = try await t.makeDonor(mobile: "+966551234567")
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            try await officer.get("/donors/new")
            let page = try await officer.post("/donors/new", Self.form(hq, name: "اسم آخر"))
            #expect(page.status == .unprocessableEntity && page.contains(existing.number) && page.contains(existing.name))
            existing.identifier = Self.personID
            existing.mobile = "+966500000001"
            try await existing.save(on: t.db)
            let byID = try await officer.post("/donors/new", Self.form(hq, name: "اسم آخر"))
            #expect(byID.status == .unprocessableEntity && byID.contains(#"id="field-identifier-error""#) && byID.contains(existing.number))
            #expect(try await Donor.query(on: t.db).count() == 1)
        }
    }

    @Test("withdrawing consent clears its day and is audited; an edit with an old version changes nothing (409)")
    func consentAndVersion() async throws {
        try await withLamasat { t in
            let hq = try await t.headOffice()
            let donor = try await t.makeDonor(mobile: "+966551234567")
            let id = donor.id!.uuidString
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            try await officer.get("/donors/\(id)/edit")
            let withdrawn = try await officer.post("/donors/\(id)/edit", Self.form(hq, name: donor.name, consents: false, version: "1"))
            #expect(withdrawn.status == .seeOther)
            let after = try #require(try await Donor.find(donor.id, on: t.db))
            #expect(!after.consentsToContact && after.consentAt == nil && after.version == 2 && after.identifier == Self.personID)
            #expect(try await t.auditEntries(action: "money.donor.consentWithdrawn").first?.recordID == id)
            let stale = try await officer.post("/donors/\(id)/edit", Self.form(hq, name: "اسم قديم", version: "1"))
            #expect(stale.status == .conflict && stale.contains("اسم قديم"))
            #expect(try await Donor.find(donor.id, on: t.db)?.name == donor.name)
            t.clock.advance(by: 60)
            #expect(try await officer.post("/donors/\(id)/edit", Self.form(hq, name: donor.name, consents: true, version: "2")).status == .seeOther)
            let again = try #require(try await Donor.find(donor.id, on: t.db))
            #expect(again.consentsToContact && again.consentAt == t.clock.now())
        }
    }

    @Test("the list finds a donor by another spelling of her name, by number and by mobile, and filters by consent")
    func search() async throws {
        try await withLamasat { t in
            let noura = try await t.makeDonor("نورة أحمد الشهري", mobile: "+966551110001")
            _ = try await t.makeDonor("هيا ناصر العتيبي", mobile: "+966551110002", consents: false)
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            let byName = try await officer.get("/donors?q=" + "نوره احمد".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            #expect(byName.contains("نورة أحمد الشهري") && !byName.contains("هيا ناصر"))
            #expect(try await officer.get("/donors?q=\(noura.number)").contains("نورة أحمد الشهري"))
            let byMobile = try await officer.get("/donors?q=0551110002")
            #expect(byMobile.contains("هيا ناصر") && !byMobile.contains("نورة أحمد"))
            let noConsent = try await officer.get("/donors?consent=no")
            #expect(noConsent.contains("هيا ناصر") && !noConsent.contains("نورة أحمد"))
        }
    }

    @Test("a relations officer and a finance officer get 403 on donor routes; a donor officer of another branch gets 404 on every id route")
    func access() async throws {
        try await withLamasat { t in
            let jed = try await t.makeBranch("JED")
            let donor = try await t.makeDonor(branch: jed)
            let gift = try await t.giveCash(100, to: "general", from: donor)
            let pledge = Pledge()
            pledge.donorID = donor.id!
            pledge.branchID = jed.id!
            pledge.designation = .general
            pledge.fundID = try await t.fund("general").id
            pledge.amount = 10_000
            pledge.frequencyMonths = 1
            pledge.instalments = 0
            pledge.startsOn = "2026-01-01"
            pledge.nextDueOn = "2026-01-01"
            pledge.status = .active
            pledge.note = ""
            pledge.createdBy = UUID()
            pledge.createdAt = t.clock.now()
            try await pledge.create(on: t.db)
            let d = donor.id!.uuidString, g = gift.id!.uuidString, p = pledge.id!.uuidString
            let paths = ["/donors", "/donors/new", "/donations", "/pledges", "/donors/\(d)", "/donors/\(d)/edit", "/donors/\(d)/donations/new",
                         "/donors/\(d)/pledges/new", "/donors/\(d)/statement?year=2026", "/donations/\(g)", "/pledges/\(p)"]
            let (relations, _) = try await t.signedIn(as: .relationsOfficer)
            let (finance, _) = try await t.signedIn(as: .financeOfficer)
            for path in paths {
                #expect(try await relations.get(path).status == .forbidden, "\(path)")
                #expect(try await finance.get(path).status == .forbidden, "\(path)")
            }
            let (hqOfficer, _) = try await t.signedIn(as: .donorOfficer, scope: .ownBranch)
            for path in paths.dropFirst(4) { #expect(try await hqOfficer.get(path).status == .notFound, "\(path)") }
            try await hqOfficer.get("/donors")
            for path in ["/donors/\(d)/edit", "/donors/\(d)/donations/new", "/donors/\(d)/pledges/new", "/donors/\(d)/statement/send",
                         "/donations/\(g)/cancel", "/pledges/\(p)/cancel"] {
                #expect(try await hqOfficer.post(path, ["reason": "x"]).status == .notFound, "\(path)")
            }
            #expect(try await Donation.find(gift.id, on: t.db)?.status == .received)
            // Her own list does not show the other branch's donor; an officer of that branch sees it.
            #expect(try await !hqOfficer.get("/donors").contains(donor.name))
            let (jedOfficer, _) = try await t.signedIn(as: .donorOfficer, username: "jed.donors", branch: jed, scope: .ownBranch)
            #expect(try await jedOfficer.get("/donors/\(d)").status == .ok)
        }
    }

    @Test("the yearly statement lists the year's received gifts with receipt numbers and totals by designation; sending it needs consent and is audited")
    func statement() async throws {
        try await withLamasat { t in
            let donor = try await t.makeDonor(mobile: "+966551234567")
            let silent = try await t.makeDonor("هيا ناصر العتيبي", mobile: "+966551234568", consents: false)
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            let year = CalendarDay.today(t.clock.now()).year
            for (riyals, code) in [(100, "general"), (250, "zakat")] {
                let gift = try await t.giveCash(Int64(riyals), to: code, from: donor)
                _ = try await Receipt.issue(for: gift, by: UUID(), at: t.clock.now(), on: t.db)
            }
            let cancelled = try await t.giveCash(999, to: "general", from: donor)
            cancelled.status = .cancelled
            try await cancelled.save(on: t.db)
            let receipts = try await Receipt.query(on: t.db).all().map(\.number)
            let page = try await officer.get("/donors/\(donor.id!.uuidString)/statement?year=\(year)")
            #expect(page.status == .ok && receipts.allSatisfy(page.contains) && page.contains("350.00") && !page.contains("999.00"))
            try await officer.get("/donors/\(donor.id!.uuidString)/statement?year=\(year)")
            let sent = try await officer.post("/donors/\(donor.id!.uuidString)/statement/send", ["year": String(year)])
            #expect(sent.status == .seeOther)
            let message = try #require(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "donor").first())
            #expect(message.recipient == "+966551234567" && message.body.contains("350.00") && !message.body.contains("http"))
            #expect(try await t.auditEntries(action: "money.donor.statementSent").count == 1)
            _ = try await officer.post("/donors/\(silent.id!.uuidString)/statement/send", ["year": String(year)])
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$relatedID == silent.id!.uuidString).count() == 0)
            #expect(try await t.auditEntries(action: "money.donor.statementRefused").count == 1)
        }
    }
}
