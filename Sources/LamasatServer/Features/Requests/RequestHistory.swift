import Fluent
import LamasatCore
import Vapor

/// Everything that happened to a request, loaded once: the request page draws its panels from it, and its steps are
/// the one timeline both the page and the API show.
struct RequestHistory {
    let transitions: [RequestTransition]
    let declarations: [RequestDeclaration]
    let assignments: [ResearchAssignment]
    let visits: [ResearchVisit]
    let report: ResearchReport?
    let votes: [MemberVote]
    let deliveries: [ServiceDelivery]
    let names: [UUID: String]

    static func load(_ id: UUID, on db: any Database) async throws -> RequestHistory {
        let transitions = try await RequestTransition.query(on: db).filter(\.$requestID == id).sort(\.$at).all()
        let declarations = try await RequestDeclaration.query(on: db).filter(\.$requestID == id).sort(\.$signedAt).all()
        let assignments = try await ResearchAssignment.query(on: db).filter(\.$requestID == id).sort(\.$assignedAt).all()
        let visits = try await ResearchVisit.query(on: db).filter(\.$requestID == id).sort(\.$scheduledAt).all()
        let report = try await ResearchReport.query(on: db).filter(\.$requestID == id).first()
        let votes = try await MemberVote.query(on: db).filter(\.$requestID == id).sort(\.$at).all()
        let deliveries = try await ServiceDelivery.query(on: db).filter(\.$requestID == id).sort(\.$recordedAt).all()
        let people = Set(transitions.map(\.actorID) + declarations.map(\.recordedBy) + assignments.map(\.researcherID)
            + votes.map(\.memberID) + deliveries.map(\.recordedBy) + visits.map(\.researcherID))
        return RequestHistory(transitions: transitions, declarations: declarations, assignments: assignments, visits: visits, report: report,
                              votes: votes, deliveries: deliveries, names: try await StaffUser.names(people, on: db))
    }

    /// A staff member by name; the beneficiary acting from the portal as "herself".
    func name(_ id: UUID, file: Beneficiary, req: Request) -> String {
        names[id] ?? (id == file.id ? req.t("request.byHerself") : "—")
    }

    /// Every transition, declaration, assignment, visit, report, vote and delivery, oldest first, in the reader's language.
    func steps(file: Beneficiary, req: Request) -> [RequestPage.Step] {
        let formatter = DualCalendarFormatter(language: req.language)
        func name(_ id: UUID) -> String { self.name(id, file: file, req: req) }
        /// Notes that are codes (the channel, the declaration's method, the recommendation) are shown in the reader's language.
        func note(_ t: RequestTransition) -> String {
            let key = ContactChannel(rawValue: t.note)?.localizationKey ?? DeclarationMethod(rawValue: t.note)?.localizationKey
                ?? ResearchRecommendation(rawValue: t.note)?.localizationKey
            return key.map { req.t($0) } ?? t.note
        }
        typealias Step = RequestPage.Step
        var steps: [Step] = transitions.map {
            Step(at: $0.at, time: "", label: req.t($0.fromStatus == nil ? "request.step.created" : $0.toStatus.localizationKey), actor: name($0.actorID),
                 note: note($0))
        }
        steps += declarations.map { Step(at: $0.signedAt, time: "", label: req.t("declaration.signedStep"), actor: name($0.recordedBy), note: req.t($0.method.localizationKey)) }
        steps += assignments.map { Step(at: $0.assignedAt, time: "", label: req.t("research.assignedStep", name($0.researcherID)), actor: name($0.assignedBy), note: $0.reason) }
        steps += visits.map { Step(at: $0.doneAt ?? $0.createdAt, time: "", label: req.t($0.kind.localizationKey) + " · " + req.t($0.status.localizationKey), actor: name($0.researcherID), note: $0.outcome) }
        steps += report.map { [Step(at: $0.filedAt, time: "", label: req.t("research.reportFiled"), actor: name($0.researcherID), note: req.t($0.recommendation.localizationKey))] } ?? []
        steps += votes.map { Step(at: $0.at, time: "", label: $0.hasConflict ? req.t("committee.conflictDeclared") : req.t($0.vote?.localizationKey ?? ""), actor: name($0.memberID), note: $0.note) }
        steps += deliveries.map { Step(at: $0.recordedAt, time: "", label: req.t($0.isFinal ? "delivery.finalStep" : "delivery.partStep"), actor: name($0.recordedBy), note: $0.description) }
        return steps.sorted { $0.at < $1.at }.map { Step(at: $0.at, time: formatter.dateTime($0.at).combined, label: $0.label, actor: $0.actor, note: $0.note) }
    }
}
