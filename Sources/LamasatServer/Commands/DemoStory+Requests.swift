import Foundation
import LamasatCore

/// The requests of the story: each gets a destiny, then walks the workflow's actions one after another until the
/// destiny is reached or the next step would fall after now — so old requests are finished and recent ones open.
extension DemoStory {
    enum Destiny { case draft, returned, withdrawn, stalled, rejected, approved }

    /// More requests each month (the association grows) with a bump in the two months before the school year.
    static func requestsInMonth(_ offset: Int, now: Date) -> Int {
        let month = RiyadhMonths.calendar.component(.month, from: RiyadhMonths.start(-offset, from: now))
        return 22 + (DemoActivity.months - offset) + ([7, 8].contains(month) ? 12 : 0)
    }

    mutating func inventRequests() {
        for offset in stride(from: DemoActivity.months - 1, through: 0, by: -1) {
            var moments = (0..<share(Self.requestsInMonth(offset, now: now), ofMonth: offset)).map { _ in moment(inMonth: offset) }
            moments.sort()
            for created in moments { request(created: created) }
        }
    }

    mutating func destiny() -> Destiny {
        switch roll(1...100) {
        case 1...4: .draft
        case 5...10: .returned
        case 11...17: .withdrawn
        case 18...21: .stalled
        case 22...40: .rejected
        default: .approved
        }
    }

    mutating func request(created: Date) {
        let file = self.file(at: created)
        let type = types[roll(0...(types.count - 1))]
        let destiny = destiny()
        let request = SupportRequest()
        request.id = UUID()
        request.$beneficiary.id = file.id
        request.branchID = file.branch
        request.$supportType.id = type.id!
        request.channel = ContactChannel.allCases[roll(0...(ContactChannel.allCases.count - 1))]
        request.description = ["تحتاج دعمًا لسداد الإيجار المتأخر", "سلة غذائية للأسرة", "رسوم دراسية للأبناء", "فواتير كهرباء متراكمة",
                               "علاج أحد الأبناء", "تدريب على الخياطة لبدء مشروع منزلي", "استشارة في قضية نفقة", "كسوة العيد للأبناء"][roll(0...7)]
        let ceiling = type.maximumAmount
        request.requestedAmount = ceiling > 0 ? Int64(roll(2...10)) * ceiling / 10 / 10_000 * 10_000 : 0
        request.status = .draft
        request.declarationSigned = false
        request.createdBy = cast.officer(file.branch)
        request.createdAt = created
        request.updatedAt = created
        requests.append(request)
        counts.requests += 1
        transitions.append(RequestTransition(requestID: request.id!, from: nil, to: .draft, action: "create", actorID: request.createdBy, at: created, note: ""))
        walk(request, file: file, type: type, destiny: destiny)
    }

    /// Applies the destiny's actions in time order through the Core state machine; stops at the first one after now.
    mutating func walk(_ request: SupportRequest, file: DemoActivity.File, type: SupportType, destiny: Destiny) {
        if destiny == .draft { return }
        var at = request.createdAt.addingTimeInterval(hours(1...4))
        let officer = cast.officer(file.branch)
        let approve = destiny == .approved
        var facts = SupportRequestFacts()
        facts.checklistComplete = true
        facts.researchReportFiled = true
        facts.quorumReached = true
        facts.approvals = approve ? 2 : 1
        facts.rejections = approve ? 0 : 2
        facts.amountRequired = false
        let approvedAmount = request.requestedAmount
        var plan: [SupportRequestAction] = [.submit, .startVerification]
        let research: [SupportRequestAction] = [.completeVerification, .signDeclaration, .fileResearchReport]
        switch destiny {
        case .returned: plan.append(.returnToApplicant)
        case .withdrawn: plan.append(.withdraw)
        case .stalled:
            // Held in research or before the committee long past the expected date: the overdue list.
            plan += research
            if chance(50) { plan.removeLast() }
        case .rejected:
            plan += research
            plan.append(.reject)
            if chance(50) { plan.append(.close) }
        case .approved:
            plan += research
            plan.append(.approve)
            if chance(25) { plan.append(.deliverPart) }
            plan.append(.deliverFinal)
            if chance(75) { plan.append(.close) }
        case .draft: break
        }
        var decisionMeeting: (id: UUID, at: Date)?
        for action in plan {
            switch action {
            case .submit: break
            case .startVerification, .completeVerification, .returnToApplicant, .withdraw, .signDeclaration: at += days(1...4)
            case .fileResearchReport: at += days(5...12)
            case .approve, .reject:
                decisionMeeting = meeting(after: at, branch: file.branch)
                at = decisionMeeting.map { $0.at.addingTimeInterval(hours(1...3)) } ?? now.addingTimeInterval(86_400)
            case .deliverPart, .deliverFinal: at += days(3...20)
            case .close: at += days(1...10)
            case .cancel, .reopen, .overturn: at += days(1...4)
            }
            guard at < now else { break }
            facts.reason = [.returnToApplicant, .withdraw, .reject].contains(action) ? reasonText(action) : ""
            // Signed after verification, as most are: verification leads to "awaiting declaration", signing out of it.
            facts.declarationSigned = action == .signDeclaration
            guard case .success(let target) = request.status.applying(action, facts: facts) else { break }
            record(action, request: request, file: file, type: type, from: request.status, to: target, at: at,
                   meeting: decisionMeeting?.id, approvedAmount: approvedAmount, officer: officer, note: facts.reason)
            request.status = target
            request.updatedAt = at
        }
        // Waiting for the committee: on the agenda of the branch's next meeting.
        if request.status == .committeeReview, let open = meetingTimes[file.branch]?.last {
            addToAgenda(meeting: open.id, request: request.id!)
        }
    }

    mutating func reasonText(_ action: SupportRequestAction) -> String {
        switch action {
        case .returnToApplicant: ["ينقص عقد الإيجار الموثق", "صورة الهوية منتهية", "شهادة الآيبان غير مطابقة للاسم"][roll(0...2)]
        case .withdraw: ["لم تعد بحاجة إلى الدعم", "انتقلت إلى مدينة أخرى", "حصلت على الدعم من جهة أخرى"][roll(0...2)]
        case .reject: rejectionReasons.isEmpty ? "لا تنطبق الشروط" : rejectionReasons[roll(0...(rejectionReasons.count - 1))].nameArabic
        default: ""
        }
    }
}
