import Fluent
import LamasatCore
import Vapor

/// What she sees of one assignment. The beneficiary appears only while the assignment is open and the opportunity
/// still runs, and then only her first name, district, the time and what to deliver; the street address only on
/// the day itself (Riyadh). Never her ID, phone, full name, family or documents.
enum VolunteerAssignmentView {
    struct Card: Encodable {
        let path: String
        let title: String
        let kind: String
        let place: String
        let district: String?
        let gregorian: String
        let hijri: String
        let status: String
        let statusCode: String
    }

    /// The minimum of the beneficiary while it is open.
    struct Beneficiary: Encodable {
        let firstName: String
        let district: String
        let what: String
        let details: String
        /// nil before the day (Leaf's `#if` takes an empty string for true, so what may be missing is optional).
        let address: String?
        let addressLater: String?
    }

    struct Page: Encodable {
        let page: PageContext
        let card: Card
        let ends: String
        let description: String?
        let beneficiary: Beneficiary?
        let hours: String?
        let hoursStatus: String?
        let attended: Bool
        let canRespond: Bool
        let canDecline: Bool
        let canAttend: Bool
        let canHandOver: Bool
        let canLogHours: Bool
        let pledgesMissing: Bool
        let error: String?
        let reason: String
        let reasonError: String?
        let hoursFields: [FormField]
        let proofFile: [FormField]
        let proofError: String?
        let handoverAction: String
    }

    /// Open and not over: what she may still act on and see the beneficiary for.
    static func isLive(_ assignment: VolunteerAssignment, _ opportunity: VolunteerOpportunity, now: Date) -> Bool {
        assignment.status.isOpen && opportunity.status == .published && now < opportunity.endsAt
    }

    static func card(_ assignment: VolunteerAssignment, _ opportunity: VolunteerOpportunity, req: Request) throws -> Card {
        let when = DualCalendarFormatter(language: req.language).dateTime(opportunity.startsAt)
        return Card(path: "/v/assignments/\(try assignment.requireID().uuidString)", title: opportunity.title, kind: req.t(opportunity.kind.localizationKey),
                    place: opportunity.place, district: opportunity.district.isEmpty ? nil : opportunity.district, gregorian: when.gregorian, hijri: when.hijri,
                    status: req.t(assignment.status.localizationKey), statusCode: assignment.status.rawValue)
    }

    /// The page, audited as her view (`volunteer.view`) with the assignment's id. `typed` keeps what she typed when
    /// a form is refused.
    static func render(_ assignment: VolunteerAssignment, _ opportunity: VolunteerOpportunity, req: Request, error: String? = nil,
                       errors: FieldErrors = [:], typed: VolunteerHoursForm? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let me = try req.volunteerOrSignIn()
        let id = try assignment.requireID()
        let live = isLive(assignment, opportunity, now: req.now)
        let shown = live && opportunity.kind.meetsBeneficiary ? try await beneficiary(of: opportunity, req: req) : nil
        try await req.audit("volunteer.view", record: ("volunteer_assignment", id.uuidString), detail: shown == nil ? nil : "beneficiary")
        let minutes = assignment.minutes
        let confirmed = assignment.status == .confirmed && live
        let handedOver = assignment.deliveryID != nil
        return try await req.render("volunteer-area/assignment", Page(
            page: PageContext(req, title: opportunity.title), card: try card(assignment, opportunity, req: req),
            ends: DualCalendarFormatter(language: req.language).dateTime(opportunity.endsAt).gregorian,
            description: live && !opportunity.description.isEmpty ? opportunity.description : nil, beneficiary: shown,
            hours: minutes > 0 ? req.t("volunteerArea.hours.logged", String(minutes / 60), String(minutes % 60)) : nil,
            hoursStatus: assignment.hoursStatus == .none ? nil : req.t(assignment.hoursStatus.localizationKey),
            attended: assignment.attendedAt != nil,
            canRespond: live && assignment.status == .offered, canDecline: live && [.offered, .accepted].contains(assignment.status),
            canAttend: confirmed && assignment.attendedAt == nil,
            canHandOver: confirmed && opportunity.kind == .delivery && opportunity.requestID != nil && !handedOver,
            canLogHours: VolunteerAreaActions.mayLogHours(assignment),
            pledgesMissing: try await !VolunteerPledges.missing(for: me.volunteerID, on: req.db).isEmpty,
            error: error, reason: String(req.formText("reason").prefix(300)), reasonError: errors["reason"],
            hoursFields: (typed ?? VolunteerHoursForm()).fields(req, errors: errors),
            proofFile: [FormField.upload(req, name: "proof", label: req.t("volunteerArea.handover.photo"))].prepared(), proofError: errors["proof"],
            handoverAction: "/v/assignments/\(id.uuidString)/handover?_csrf=\(req.csrfToken ?? "")"))
            .encodeResponse(status: status, for: req)
    }

    /// Her first name, district and what to deliver; the address only on the opportunity's own day in Riyadh.
    private static func beneficiary(of opportunity: VolunteerOpportunity, req: Request) async throws -> Beneficiary? {
        guard let requestID = opportunity.requestID,
              let request = try await SupportRequest.query(on: req.db).filter(\.$id == requestID).with(\.$supportType).with(\.$beneficiary).first()
        else { return nil }
        let file = request.beneficiary
        let onTheDay = CalendarDay.today(req.now).description == CalendarDay.today(opportunity.startsAt).description
        let address = [file.addressStreet, file.addressBuilding, file.addressDistrict].filter { !$0.isEmpty }.joined(separator: "، ")
        return Beneficiary(firstName: file.nameFirst, district: file.addressDistrict.isEmpty ? opportunity.district : file.addressDistrict,
                           what: request.supportType.name(in: req.language), details: opportunity.description,
                           address: onTheDay && !address.isEmpty ? address : nil, addressLater: onTheDay ? nil : req.t("volunteerArea.beneficiary.addressOnTheDay"))
    }
}
