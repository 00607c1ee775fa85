import Fluent
import LamasatCore
import Vapor

/// The request's page: its facts, the stage it is in with the forms the signed-in role may use there, and one
/// timeline of every transition, visit, vote and delivery ([P-18]–[P-24]).
enum RequestPage {
    struct Step: Encodable { let at: Date; let time: String; let label: String; let actor: String; let note: String }
    struct Action: Encodable { let path: String; let label: String; let fields: [FormField]?; let danger: Bool }
    struct Check: Encodable { let type: String; let state: String; let stateCode: String; let reason: String }
    struct Visit: Encodable {
        let id: String; let kind: String; let when: String; let address: String; let status: String; let statusCode: String
        let outcome: String; let fields: [FormField]?
    }
    struct Declaration: Encodable { let method: String; let signedAt: String; let version: Int; let signer: String; let image: String? }
    struct Research: Encodable {
        let researcher: String; let reason: String; let visits: [Visit]?; let report: [FactRow]?
        let schedule: [FormField]?; let canFileReport: Bool
    }
    struct Decision: Encodable { let facts: [FactRow]; let letter: String; let approved: Bool }
    struct Delivery: Encodable { let when: String; let what: String; let amount: String; let place: String; let by: String; let proof: String?; let final: Bool; let receipt: String? }

    struct View: Encodable {
        let page: PageContext
        let id: String
        let fileID: String
        let fileName: String
        let tracking: String?
        let status: String
        let statusCode: String
        let facts: [FactRow]
        let expected: String?
        let overdue: Bool
        let declaration: Declaration?
        let canSign: Bool
        let checklist: [Check]?
        let checklistComplete: Bool
        let canStartVerification: Bool
        let referral: [FormField]?
        let returnReason: [FormField]?
        let research: Research?
        let reassign: [FormField]?
        let decision: Decision?
        /// Her appeal of a rejection, or the form to record one while its period runs (issue 20).
        let appeal: AppealPanel?
        let showDeliveries: Bool
        let deliveries: [Delivery]?
        let canDeliver: Bool
        let remaining: String?
        let actions: [Action]?
        let steps: [Step]
        let library: [LibraryLink]?
        let canLogContact: Bool
        /// Volunteers asked for this request (issue 17).
        let volunteers: RequestVolunteerPanel?
        /// Bank transfers of its aid (issue 18).
        let transfers: [String]?
        let error: String?
    }

    /// Runs a transition's writes in one transaction; a refusal rolls them back, is audited and returned. The API's
    /// actions run here too.
    static func run(_ action: SupportRequestAction, on request: SupportRequest, req: Request,
                    _ work: @escaping @Sendable (any Database) async throws -> SupportRequestRefusal?) async throws -> SupportRequestRefusal? {
        do {
            let id = try request.requireID()
            try await req.db.writeTransaction { db in
                // Whatever the action changed (status, decision, delivery), the kept counts follow in its transaction.
                try await RequestCounts.tracking(.request(id), on: db) {
                    if let refusal = try await work(db) { throw RequestWorkflow.Refused(refusal: refusal) }
                }
            }
            return nil
        } catch let refused as RequestWorkflow.Refused {
            try await RequestWorkflow.refused(action, refused.refusal, request: request, req: req)
            return refused.refusal
        }
    }

    /// `run`, then the page: back to the request, or the page with the refusal's reason.
    static func perform(_ action: SupportRequestAction, on request: SupportRequest, req: Request,
                        refusedPage: (@Sendable (String) async throws -> Response)? = nil,
                        _ work: @escaping @Sendable (any Database) async throws -> SupportRequestRefusal?) async throws -> Response {
        if let refusal = try await run(action, on: request, req: req, work) {
            if let refusedPage { return try await refusedPage(req.t(refusal.localizationKey)) }
            return try await show(req, error: req.t(refusal.localizationKey), status: .conflict)
        }
        let key = "request" + action.rawValue.prefix(1).uppercased() + action.rawValue.dropFirst()
        return req.redirect(to: "/requests/\(try request.requireID().uuidString)?done=\(key)")
    }

    /// One form of the page sent back with what was typed and its errors; `key` says which (a visit's is its id).
    struct Redo { let key: String; let fields: [FormField] }

    static func show(_ req: Request, error: String? = nil, status: HTTPStatus = .ok, redo: Redo? = nil) async throws -> Response {
        let staff = try req.requireStaff()
        let (request, file) = try await req.reachableRequest()
        let id = try request.requireID()
        try await req.auditView("support_request", id: id.uuidString)
        let formatter = DualCalendarFormatter(language: req.language)
        let money = { (halalas: Int64) in halalas == 0 ? "—" : Money(halalas: halalas).formatted(req.language) }
        let path = "/requests/\(id.uuidString)"
        let state = request.status

        let history = try await RequestHistory.load(id, on: req.db)
        let (assignments, visits, report, deliveries) = (history.assignments, history.visits, history.report, history.deliveries)
        let decision = try await RequestDecision.query(on: req.db).filter(\.$requestID == id).first()
        // Deliveries follow the decision in force: an accepted appeal's, when there is one.
        let inForce = try await RequestDecision.inForce(id, on: req.db)
        func name(_ id: UUID) -> String { history.name(id, file: file, req: req) }

        let standing = try await RequestDeclaration.standing(for: request, fileVersion: file.version, on: req.db)
        let current = assignments.last { $0.isCurrent }
        let isResearcher = staff.can(.writeResearch) && current?.researcherID == staff.userID
        let inResearch = [SupportRequestStatus.awaitingDeclaration, .socialResearch].contains(state)
        let checklist = try await RequestWorkflow.checklist(request, file: file, req: req, on: req.db)
        let showChecklist = [SupportRequestStatus.submitted, .verification, .returnedToApplicant].contains(state)
        let mayVerify = staff.can(.verifyDocuments)
        let researcherOptions = mayVerify && (state == .verification || inResearch) ? try await Researchers.options(for: request.branchID, req: req) : []
        /// The form sent back on an error, or the empty one.
        func form(_ key: String, _ empty: @autoclosure () -> [FormField]) -> [FormField] {
            redo.flatMap { $0.key == key ? $0.fields : nil } ?? empty()
        }

        let steps = history.steps(file: file, req: req)

        var decisionView: Decision?
        if let decision {
            let reason = try await decision.reasonID.asyncMap { try await RejectionReason.find($0, on: req.db) } ?? nil
            let meeting = try await CommitteeMeeting.find(decision.meetingID, on: req.db)
            var rows = [FactRow(label: req.t("committee.decision"), value: req.t(decision.outcome.localizationKey), dir: nil),
                        FactRow(label: req.t("committee.meeting"), value: meeting?.number ?? "—", dir: "ltr"),
                        FactRow(label: req.t("committee.decidedAt"), value: formatter.date(decision.decidedAt).combined, dir: nil),
                        FactRow(label: req.t("letter.number"), value: decision.letterNumber, dir: "ltr")]
            if decision.outcome == .approved { rows.append(FactRow(label: req.t("committee.approvedAmount"), value: money(decision.approvedAmount), dir: nil)) }
            if let fund = try await req.application.requestFundLinks.paidFrom(decision, req: req) { rows.append(FactRow(label: req.t("fund.paidFrom"), value: fund, dir: nil)) }
            if let reason { rows.append(FactRow(label: req.t("committee.rejectionReason"), value: reason.name(in: req.language), dir: nil)) }
            if !decision.note.isEmpty { rows.append(FactRow(label: req.t("committee.note"), value: decision.note, dir: nil)) }
            decisionView = Decision(facts: rows, letter: "\(path)/letter", approved: decision.outcome == .approved)
        }
        let delivered = deliveries.reduce(Int64(0)) { $0 + $1.amount }

        var actions: [Action] = []
        var probe = SupportRequestFacts()
        probe.reason = "probe"
        if state == .rejected {
            probe.appealPending = try await RequestAppeal.query(on: req.db).filter(\.$requestID == id).filter(\.$status == .lodged).count() > 0
        }
        // Reopening is offered while its period runs; cancelling even with a transfer at the bank, whose refusal says why.
        if state == .withdrawn {
            let lifecycle = try await RequestLifecycleController.facts(request, reason: "probe", req: req)
            (probe.reopenTo, probe.reopenPeriodOpen) = (lifecycle.reopenTo, lifecycle.reopenPeriodOpen)
        }
        for action in [SupportRequestAction.submit, .close, .withdraw, .reopen, .cancel] where staff.can(action.permission) {
            if case .success = state.applying(action, facts: probe) {
                let reason: [FormField]? = switch action {
                case .withdraw: form("withdraw", ReasonForm().withdrawFields(req, errors: [:]))
                case .cancel, .reopen:
                    form(action.rawValue, [ReasonForm().field(req, label: req.t("request.\(action.rawValue)Reason"), key: action.rawValue, kind: "text", errors: [:])].prepared())
                default: nil
                }
                actions.append(Action(path: "\(path)/\(action.rawValue)", label: req.t(action.localizationKey), fields: reason,
                                      danger: action == .withdraw || action == .cancel))
            }
        }

        let facts = [
            FactRow(label: req.t("beneficiary.fileNumber"), value: file.fileNumber, dir: "ltr"),
            FactRow(label: req.t("request.field.supportType"), value: request.supportType.name(in: req.language), dir: nil),
            FactRow(label: req.t("request.field.channel"), value: req.t(request.channel.localizationKey), dir: nil),
            FactRow(label: req.t("request.field.requestedAmount"), value: money(request.requestedAmount), dir: nil),
            FactRow(label: req.t("request.field.description"), value: request.description, dir: nil),
        ] + (request.submittedAt.map { [FactRow(label: req.t("request.submitted"), value: formatter.dateTime($0).combined, dir: nil)] } ?? [])
            + (state.awaitsDecision ? request.submittedAt.map { [FactRow(label: req.t("request.elapsed"), value: req.t("request.days", String(Self.days(from: $0, to: req.now))), dir: nil)] } ?? [] : [])

        let view = View(
            page: PageContext(req, title: req.t("request.title", request.supportType.name(in: req.language))),
            id: id.uuidString, fileID: try file.requireID().uuidString, fileName: file.name.full, tracking: request.trackingNumber,
            status: req.t(state.localizationKey), statusCode: state.rawValue, facts: facts,
            expected: state.awaitsDecision ? request.expectedDecisionAt.map { formatter.date($0).combined } : nil,
            overdue: request.isOverdue(now: req.now),
            declaration: standing.map { d in
                Declaration(method: req.t(d.method.localizationKey), signedAt: formatter.dateTime(d.signedAt).combined, version: d.textVersion,
                            signer: d.signerName, image: d.attachmentID.map { "\(path)/attachments/\($0.uuidString)" })
            },
            canSign: staff.can(.takeRequests) && standing == nil && (state.isOpen && state != .socialResearch && state != .committeeReview),
            checklist: showChecklist ? checklist.items.map {
                Check(type: $0.type.name(in: req.language), state: req.t($0.state.localizationKey), stateCode: $0.state.rawValue,
                      reason: $0.document?.verificationReason ?? "")
            }.nonEmpty : nil,
            checklistComplete: checklist.isComplete,
            canStartVerification: mayVerify && state == .submitted,
            referral: mayVerify && state == .verification
                ? form("referral", ReferralForm().referralFields(req, errors: [:], options: researcherOptions)) : nil,
            returnReason: mayVerify && state == .verification
                ? form("return", ReasonForm().returnFields(req, errors: [:])) : nil,
            research: try current.map { assignment in
                Research(researcher: name(assignment.researcherID), reason: assignment.reason,
                         visits: try visits.map { visit in
                             let visitID = try visit.requireID().uuidString
                             return Visit(id: visitID, kind: req.t(visit.kind.localizationKey), when: formatter.dateTime(visit.scheduledAt).combined,
                                          address: visit.address, status: req.t(visit.status.localizationKey), statusCode: visit.status.rawValue,
                                          outcome: visit.outcome,
                                          fields: isResearcher && visit.status == .scheduled && inResearch
                                              ? form(visitID, VisitOutcomeForm().fields(req, errors: [:], visit: visitID)) : nil)
                         }.nonEmpty,
                         report: report.map { r in [
                             FactRow(label: req.t("research.housing"), value: r.housing, dir: nil),
                             FactRow(label: req.t("research.incomeCheck"), value: r.incomeCheck, dir: nil),
                             FactRow(label: req.t("research.needs"), value: r.needs, dir: nil),
                             FactRow(label: req.t("research.recommendation"), value: req.t(r.recommendation.localizationKey), dir: nil),
                             FactRow(label: req.t("research.recommendedAmount"), value: money(r.recommendedAmount), dir: nil),
                         ] },
                         schedule: isResearcher && inResearch ? form("schedule", VisitScheduleForm().fields(req, errors: [:])) : nil,
                         canFileReport: isResearcher && state == .socialResearch && report == nil)
            },
            reassign: mayVerify && inResearch && report == nil
                ? form("reassign", ReferralForm().reassignFields(req, errors: [:], options: researcherOptions)) : nil,
            decision: decisionView,
            appeal: try await AppealPanel.make(request, staff: staff, path: path, redo: redo.flatMap { $0.key == "appeal" ? $0.fields : nil }, req: req),
            showDeliveries: inForce?.outcome == .approved,
            deliveries: try deliveries.map { d in
                Delivery(when: CalendarDay(stored: d.deliveredOn).map { formatter.date($0.moment).combined } ?? d.deliveredOn, what: d.description,
                         amount: d.amount == 0 ? (d.quantity > 0 ? String(d.quantity) : "—") : money(d.amount),
                         place: req.t(d.place.localizationKey), by: d.deliveredBy,
                         proof: d.proofAttachmentID.map { "\(path)/attachments/\($0.uuidString)" }, final: d.isFinal,
                         receipt: staff.can(.deliverServices) ? "\(path)/deliveries/\(try d.requireID().uuidString)/receipt" : nil)
            }.nonEmpty,
            canDeliver: staff.can(.deliverServices) && [.approved, .inService].contains(state),
            remaining: inForce.flatMap { $0.approvedAmount > 0 ? Money(halalas: max(0, $0.approvedAmount - delivered)).formatted(req.language) : nil },
            actions: actions.nonEmpty, steps: steps, library: try await LibraryLink.for(Self.screen(of: state), req: req), canLogContact: staff.can(.logContacts),
            volunteers: try await req.application.requestVolunteerLinks.panel(request, req: req),
            transfers: try await req.application.requestPaymentLinks.transfers(for: id, req: req).nonEmpty, error: error)
        return try await req.render("requests/show", view).encodeResponse(status: status, for: req)
    }

    /// Which library entries apply to the stage the request is in.
    static func screen(of status: SupportRequestStatus) -> String {
        switch status {
        case .submitted, .verification, .returnedToApplicant: "verification"
        case .awaitingDeclaration, .socialResearch: "research"
        case .committeeReview: "committee"
        default: "intake"
        }
    }

    static func days(from start: Date, to end: Date) -> Int { max(0, Int(end.timeIntervalSince(start) / 86_400)) }
}

extension SupportRequest {
    /// Still waiting for the committee after the date she was given ([P-22]).
    func isOverdue(now: Date) -> Bool {
        status.awaitsDecision && (expectedDecisionAt.map { $0 < now } ?? false)
    }
}
