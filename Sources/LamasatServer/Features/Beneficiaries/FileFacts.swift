import Fluent
import LamasatCore
import Vapor

/// What her file says about her and her household, as her file's summary and family tabs show it.
struct FileFacts: Encodable {
    typealias Fact = FactRow

    struct MemberRow: Encodable {
        let id: String
        let name: String
        let relation: String
        let age: String
        let schooling: String
        let dependant: Bool
        let schoolAge: Bool
    }

    let identity: [Fact]
    let contact: [Fact]
    let social: [Fact]
    let household: [Fact]
    let consent: [Fact]
    let members: [MemberRow]?

    init(of b: Beneficiary, req: Request, formatter: DualCalendarFormatter) async throws {
        let members = try await FamilyMember.query(on: req.db).filter(\.$beneficiary.$id == b.requireID()).sort(\.$birthDate).all()
        let household = Household(members: members.map(\.householdMember), today: req.now)
        func fact(_ key: String, _ value: String, dir: String? = nil) -> Fact {
            Fact(label: req.t("beneficiary.field.\(key)"), value: value.isEmpty ? "—" : value, dir: dir)
        }
        let birth = CalendarDay(stored: b.birthDate)
        let birthText = birth.map { "\(formatter.date($0.moment).combined) (\(req.t("beneficiary.age", String($0.age(on: req.now)))))" } ?? b.birthDate
        let money = { (halalas: Int64) in halalas == 0 ? "" : Money(halalas: halalas).formatted(req.language) }
        let address = [b.addressBuilding, b.addressStreet, b.addressDistrict, b.addressCity, b.addressPostalCode, b.addressAdditional]
            .filter { !$0.isEmpty }.joined(separator: "، ")
        identity = [
            fact("nationalID", b.anonymisedAt == nil ? b.nationalID : "", dir: "ltr"), fact("nameLatin", b.nameLatin, dir: "ltr"), fact("birthDate", birthText),
            fact("category", b.category.name(in: req.language)), fact("nationality", b.nationality),
            Fact(label: req.t("user.branch"), value: b.branch.name(in: req.language), dir: nil),
        ]
        contact = [
            fact("mobile", (try? SaudiMobile(b.mobile))?.local ?? b.mobile, dir: "ltr"), fact("alternatePhone", b.alternatePhone, dir: "ltr"),
            fact("email", b.email, dir: "ltr"), Fact(label: req.t("beneficiary.nationalAddress"), value: address.isEmpty ? "—" : address, dir: nil),
            fact("addressShort", b.addressShort, dir: "ltr"),
        ]
        social = [
            fact("education", req.t(b.education.localizationKey)), fact("employment", req.t(b.employment.localizationKey)),
            fact("monthlyIncome", money(b.monthlyIncome)), fact("incomeSources", b.incomeSources),
            fact("housing", req.t(b.housing.localizationKey)), fact("monthlyRent", money(b.monthlyRent)),
            fact("healthNotes", b.healthNotes), fact("hasDisability", req.t(b.hasDisability ? "common.yes" : "common.no")),
            fact("iban", (try? SaudiIBAN(b.iban))?.grouped ?? "", dir: "ltr"),
        ]
        self.household = [
            Fact(label: req.t("household.size"), value: String(household.size), dir: nil),
            Fact(label: req.t("household.dependants"), value: String(household.dependants), dir: nil),
            Fact(label: req.t("household.schoolAge"), value: String(household.schoolAgeChildren), dir: nil),
        ]
        consent = [
            Fact(label: req.t("beneficiary.field.consentGiven"), value: req.t(b.consentGiven ? "common.yes" : "common.no"), dir: nil),
            fact("consentMethod", req.t(b.consentMethod.localizationKey)),
            Fact(label: req.t("consent.noticeVersion"), value: b.consentNoticeVersion, dir: "ltr"),
            Fact(label: req.t("consent.at"), value: b.consentAt.map { formatter.dateTime($0).combined } ?? "—", dir: nil),
        ]
        self.members = try members.map { member in
            let age = CalendarDay(stored: member.birthDate)?.age(on: req.now)
            return MemberRow(id: try member.requireID().uuidString, name: member.fullName, relation: req.t(member.relation.localizationKey),
                             age: age.map { String($0) } ?? "—", schooling: req.t(member.schooling.localizationKey),
                             dependant: member.isDependant, schoolAge: age.map { Household.schoolAges.contains($0) } ?? false)
        }.nonEmpty
    }
}
