import Foundation
import LamasatCore

/// What each workflow step leaves besides its transition row, as the real screens write it.
extension DemoStory {
    mutating func record(_ action: SupportRequestAction, request: SupportRequest, file: DemoActivity.File, type: SupportType,
                         from: SupportRequestStatus, to: SupportRequestStatus, at: Date, meeting: UUID?, approvedAmount: Int64,
                         officer: UUID, note: String) {
        let id = request.id!
        var actor = officer
        switch action {
        case .submit:
            request.trackingNumber = ReferenceNumber("R", sequence: next("support_request"), at: at).description
            request.submittedAt = at
            request.expectedDecisionAt = DecisionPeriod.expectedDecisionDate(submittedAt: at, periodDays: periodDays)
            message(file, kind: "request.submitted", "استلمنا طلبك رقم \(request.trackingNumber!) وسيصلك القرار في موعده", at: at, related: id)
        case .returnToApplicant:
            message(file, kind: "request.returned", "طلبك \(request.trackingNumber ?? "") يحتاج استكمال: \(note)", at: at, related: id)
        case .completeVerification:
            let assignment = ResearchAssignment()
            assignment.requestID = id
            assignment.researcherID = cast.researcher
            assignment.reason = "دراسة الحالة الاجتماعية"
            assignment.assignedBy = officer
            assignment.assignedAt = at
            assignment.isCurrent = true
            assignments.append(assignment)
        case .signDeclaration:
            let declaration = RequestDeclaration()
            declaration.requestID = id
            declaration.textVersion = declarationVersion
            declaration.method = [.typed, .drawn][roll(0...1)]
            declaration.signerName = file.fullName
            declaration.fileVersion = file.version
            declaration.recordedBy = officer
            declaration.signedAt = at
            declarations.append(declaration)
            request.declarationSigned = true
            let visitAt = at.addingTimeInterval(days(2...5))
            visit(id, file: file, at: visitAt)
        case .fileResearchReport:
            actor = cast.researcher
            let report = ResearchReport()
            report.requestID = id
            report.researcherID = cast.researcher
            report.housing = ["شقة مستأجرة من غرفتين", "تسكن مع أهلها", "منزل شعبي قديم"][roll(0...2)]
            report.incomeCheck = ["الدخل من الضمان الاجتماعي فقط", "لا دخل ثابت", "راتب تقاعدي محدود"][roll(0...2)]
            report.needs = request.description
            report.recommendation = chance(85) ? .approve : .reject
            report.recommendedAmount = approvedAmount
            report.filedAt = at
            reports.append(report)
        case .approve, .reject:
            actor = cast.members[0]
            decide(request, file: file, type: type, approve: action == .approve, at: at, meeting: meeting, amount: approvedAmount, reason: note)
        case .deliverPart, .deliverFinal:
            actor = cast.service
            deliver(request, type: type, final: action == .deliverFinal, at: at, amount: approvedAmount)
        case .startVerification, .close, .withdraw, .cancel, .reopen, .overturn: break
        }
        transitions.append(RequestTransition(requestID: id, from: from, to: to, action: action.rawValue, actorID: actor, at: at, note: note))
    }

    /// The researcher's visit: done when its time has passed, still scheduled otherwise.
    mutating func visit(_ request: UUID, file: DemoActivity.File, at: Date) {
        let visit = ResearchVisit()
        visit.requestID = request
        visit.researcherID = cast.researcher
        visit.kind = [.homeVisit, .homeVisit, .officeInterview, .phone, .video][roll(0...4)]
        visit.scheduledAt = at
        visit.address = visit.kind.needsAddress ? "حي \(DemoFiles.districts[roll(0...(DemoFiles.districts.count - 1))])" : ""
        visit.status = at < now ? .done : .scheduled
        visit.outcome = at < now ? "تمت الزيارة والتحقق من الوضع" : ""
        visit.createdAt = at.addingTimeInterval(-2 * 86_400)
        visit.doneAt = at < now ? at : nil
        visits.append(visit)
    }

    /// Each member votes (one sometimes declares a conflict and stays out), the chair records the decision and its letter.
    mutating func decide(_ request: SupportRequest, file: DemoActivity.File, type: SupportType, approve: Bool, at: Date, meeting: UUID?,
                         amount: Int64, reason: String) {
        guard let meeting else { return }
        addToAgenda(meeting: meeting, request: request.id!)
        let conflicted = chance(10) ? 2 : -1
        for (index, member) in cast.members.enumerated() {
            let vote = MemberVote()
            vote.meetingID = meeting
            vote.requestID = request.id!
            vote.memberID = member
            vote.hasConflict = index == conflicted
            vote.vote = index == conflicted ? nil : (index < 2 ? (approve ? .approve : .reject) : [.approve, .reject, .abstain][roll(0...2)])
            vote.note = vote.hasConflict ? "قرابة مع المستفيدة" : ""
            vote.at = at.addingTimeInterval(-1_800)
            votes.append(vote)
        }
        let decision = RequestDecision()
        decision.requestID = request.id!
        decision.meetingID = meeting
        decision.outcome = approve ? .approved : .rejected
        decision.approvedAmount = approve ? amount : 0
        decision.reasonID = approve ? nil : rejectionReasons.first { $0.nameArabic == reason }?.id
        decision.note = ""
        decision.letterNumber = ReferenceNumber("L", sequence: next("outgoing_letter"), at: at).description
        decision.decidedBy = cast.members[0]
        decision.decidedAt = at
        decisions.append(decision)
        let amountText = approve && amount > 0 ? " بمبلغ \(Money(halalas: amount).formatted(.ar))" : ""
        message(file, kind: approve ? "request.approved" : "request.rejected",
                approve ? "تمت الموافقة على طلبك \(request.trackingNumber ?? "")\(amountText)" : "نعتذر، لم تتم الموافقة على طلبك \(request.trackingNumber ?? ""): \(reason)",
                at: at, related: request.id!)
    }

    /// A delivery in cash (the approved amount, half of it when partial) or in kind (a quantity), at the office or at her place.
    mutating func deliver(_ request: SupportRequest, type: SupportType, final: Bool, at: Date, amount: Int64) {
        let delivery = ServiceDelivery()
        delivery.requestID = request.id!
        delivery.beneficiaryID = request.$beneficiary.id
        delivery.supportTypeID = type.id!
        delivery.description = type.kind == .inKind ? "سلة غذائية متكاملة" : type.nameArabic
        let partial = amount / 2 / 100 * 100
        let delivered = deliveries.filter { $0.requestID == request.id! }.reduce(Int64(0)) { $0 + $1.amount }
        delivery.amount = amount == 0 ? 0 : (final ? amount - delivered : partial)
        delivery.quantity = type.kind == .inKind ? roll(1...3) : (amount == 0 ? 1 : 0)
        delivery.deliveredOn = WorkingCalendar().dayString(at)
        delivery.place = roll(1...100) <= 40 ? .herLocation : (chance(90) ? .office : .online)
        delivery.deliveredBy = cast.serviceName
        delivery.isFinal = final
        delivery.recordedBy = cast.service
        delivery.recordedAt = at
        deliveries.append(delivery)
    }

    /// An SMS (now and then a WhatsApp message) already through the gateway; about one in twelve failed.
    mutating func message(_ file: DemoActivity.File, kind: String, _ body: String, at: Date, related: UUID) {
        let message = OutboxMessage()
        message.channel = chance(80) ? .sms : .whatsapp
        message.recipient = file.mobile
        message.subject = kind
        message.body = body
        let failed = chance(8)
        message.status = failed ? .failed : .sent
        message.provider = message.channel == .sms ? "sms-gateway" : "whatsapp-cloud"
        message.idempotencyKey = "demo:\(kind):\(related.uuidString):\(messages.count)"
        message.attempts = failed ? 5 : 1
        message.lastError = failed ? "gateway timeout (504)" : nil
        message.relatedType = "support_request"
        message.relatedID = related.uuidString
        message.branchID = file.branch
        message.beneficiaryID = file.id
        message.createdAt = at
        message.sentAt = failed ? nil : at.addingTimeInterval(60)
        // Receipts (issue 16), by the message's place rather than the seeded dice, so the rest of the story stays as it was:
        // seven in ten sent messages delivered, three of those read.
        if !failed {
            message.providerMessageID = message.channel == .sms ? message.idempotencyKey : "wamid.demo\(messages.count)"
            let place = messages.count % 10
            if place < 7 {
                message.status = place < 3 ? .read : .delivered
                message.deliveredAt = at.addingTimeInterval(120)
                message.readAt = place < 3 ? at.addingTimeInterval(3600) : nil
            }
        } else if message.channel == .whatsapp {
            message.lastError = "131026 Message undeliverable"
        }
        messages.append(message)
        counts.messages += 1
    }
}
