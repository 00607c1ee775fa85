import Fluent
import LamasatCore
import Vapor

/// Signing the agreement and the confidentiality pledge ([P-2]): in person on the coordinator's screen, or on her own
/// phone in the volunteer area; drawn on the pad or by typing her full name as on her record. One signature covers
/// every wording she has not signed yet; signatures never change, and a new wording asks again.
struct VolunteerPledgeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped("volunteers", ":volunteerID", "pledges")
        staff.get { req in try await self.page(req, try await VolunteerRecordController.volunteer(req), side: .coordinator) }.requires(.manageVolunteers)
        staff.post { req in try await self.sign(req, try await VolunteerRecordController.volunteer(req), side: .coordinator) }.requires(.manageVolunteers)
        let own = routes.grouped("v", "pledges")
        own.get { req async throws -> Response in
            guard let her = req.volunteer else { return req.redirect(to: "/v/signin") }
            return try await self.page(req, her.volunteer, side: .herself)
        }.declare(.public)
        own.post { req async throws -> Response in
            guard let her = req.volunteer else { return req.redirect(to: "/v/signin") }
            return try await self.sign(req, her.volunteer, side: .herself)
        }.declare(.public)
    }

    enum Side { case coordinator, herself }

    struct PageView: Encodable {
        struct Text: Encodable { let kind: String; let version: Int; let text: String; let signed: Bool }
        let page: PageContext
        let action: String
        let back: String
        let name: String
        let texts: [Text]
        let missing: [String]?
        let error: String?
        let typedName: String
        let read: Bool
        let dir: String
    }

    func page(_ req: Request, _ v: Volunteer, side: Side, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let id = try v.requireID()
        // On the coordinator's screen the texts are read in her language; on her phone, in the page's.
        let language: Language = side == .herself ? req.language : (CodeList.parse(v.languages).first == "en" ? .en : .ar)
        let current = try await VolunteerPledgeText.current(on: req.db)
        let missing = try await VolunteerPledges.missing(for: id, on: req.db)
        return try await req.render("volunteers/pledges", PageView(
            page: PageContext(req, title: req.t("volunteer.pledge.title")),
            action: side == .herself ? "/v/pledges" : "/volunteers/\(id.uuidString)/pledges",
            back: side == .herself ? "/v" : "/volunteers/\(id.uuidString)", name: v.name,
            texts: PledgeKind.allCases.compactMap { kind in
                current[kind].map { .init(kind: req.t(kind.localizationKey), version: $0.version, text: $0.text(in: language), signed: !missing.contains(kind)) }
            },
            missing: missing.map { req.t($0.localizationKey) }.nonEmpty, error: error,
            typedName: req.method == .POST ? req.formText("typedName") : "", read: req.method == .POST && req.formCheckbox("read"),
            dir: language.direction
        )).encodeResponse(status: status, for: req)
    }

    /// Her typed name counts when it is her record's name, spelled with any hamza, diacritics or spacing.
    static func matches(_ typed: String, _ name: String) -> Bool {
        !typed.isEmpty && ArabicSearch.normalize(typed) == ArabicSearch.normalize(name)
    }

    func sign(_ req: Request, _ v: Volunteer, side: Side) async throws -> Response {
        let id = try v.requireID()
        let done = side == .herself ? "/v/pledges?done=volunteerPledged" : "/volunteers/\(id.uuidString)?done=volunteerPledged"
        let missing = try await VolunteerPledges.missing(for: id, on: req.db)
        guard !missing.isEmpty else { return req.redirect(to: done) }
        guard req.formCheckbox("read") else { return try await page(req, v, side: side, error: req.t("volunteer.pledge.error.read"), status: .unprocessableEntity) }
        let method: DeclarationMethod
        var image: [UInt8]?
        if req.formText("method") == DeclarationMethod.drawn.rawValue {
            do { image = try DrawnSignature.decode(req.formText("signature")) } catch {
                return try await page(req, v, side: side, error: req.t(error == .tooLarge ? "declaration.error.tooLarge" : "declaration.error.noSignature"),
                                      status: .unprocessableEntity)
            }
            method = .drawn
        } else {
            guard Self.matches(req.formText("typedName"), v.name) else {
                return try await page(req, v, side: side, error: req.t("volunteer.pledge.error.name"), status: .unprocessableEntity)
            }
            method = .typed
        }
        let current = try await VolunteerPledgeText.current(on: req.db)
        var staffID: UUID?
        if side == .coordinator { staffID = try req.requireStaff().userID }
        let (recordedBy, drawing) = (staffID, image)
        try await req.db.writeTransaction { db in
            var signed: [String] = []
            for kind in missing {
                guard let text = current[kind] else { continue }
                let pledge = VolunteerPledge()
                pledge.volunteerID = id
                pledge.kind = kind
                pledge.textVersion = text.version
                pledge.method = method
                pledge.signerName = method == .typed ? req.formText("typedName") : v.name
                pledge.signatureType = drawing == nil ? nil : "image/png"
                pledge.signature = drawing.map { Data($0) }
                pledge.recordedBy = recordedBy
                pledge.signedAt = req.now
                try await pledge.create(on: db)
                signed.append("\(kind.rawValue) v\(text.version)")
            }
            try await req.audit("volunteer.pledged", record: ("volunteer", id.uuidString),
                                detail: signed.joined(separator: ",") + " \(method.rawValue) " + (side == .herself ? "herself" : "coordinator"), on: db)
        }
        return req.redirect(to: done)
    }
}
