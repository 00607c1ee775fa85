import Fluent
import LamasatCore
import Vapor

/// Invented survey answers over the last six months, so the results page, the trend and the follow-ups have
/// something to show in a demonstration. Added once: nothing happens when answers already exist.
enum DemoSurveys {
    static let comments = ["الموظفة كانت لطيفة جدًا وشرحت لي كل شيء", "الانتظار في الفرع طويل", "نتمنى توفير مكان مناسب للأطفال",
                           "وصلتني الرسائل في وقتها", "تأخر الرد على طلبي أكثر من المتوقع", "الإجراءات أسهل مما توقعت"]

    static func load(branches: [UUID], staff: [StaffUser], now: Date, on db: any Database) async throws -> Int {
        guard try await SurveyResponse.query(on: db).count() == 0,
              let template = try await SurveyTemplate.query(on: db).filter(\.$isDefault == true).first(), !branches.isEmpty, !staff.isEmpty
        else { return 0 }
        let questions = try await SurveyQuestion.query(on: db).filter(\.$templateID == template.requireID()).filter(\.$isActive == true).all()
        let files = try await Beneficiary.query(on: db).limit(80).all()
        guard !files.isEmpty else { return 0 }
        var random = SplitMix64(seed: 1448)
        var added = 0
        // Enough that each branch's month passes the five-answer minimum, so the manager's monthly trend shows bars.
        for index in 0..<360 {
            let daysAgo = Int.random(in: 0..<180, using: &random)
            let at = now.addingTimeInterval(-Double(daysAgo) * 86_400)
            let file = files[index % files.count]
            let invitation = SurveyInvitation()
            invitation.id = UUID()
            invitation.templateID = try template.requireID()
            invitation.source = .inquiry
            invitation.sourceID = UUID()
            invitation.reference = "Q-DEMO-\(index + 1)"
            invitation.beneficiaryID = try file.requireID()
            invitation.branchID = file.$branch.id
            invitation.serviceType = ["rent", "food_basket", "inquiry", "financial_aid"][(index / 4) % 4]
            invitation.serviceChannel = ContactChannel.allCases[index % ContactChannel.allCases.count].rawValue
            // Someone of her branch served her.
            let colleagues = staff.filter { $0.$branch.id == file.$branch.id }
            invitation.staffID = colleagues.isEmpty ? nil : colleagues[index % colleagues.count].id
            invitation.createdAt = at
            invitation.expiresAt = at.addingTimeInterval(Double(SurveyToken.lifetimeDays) * 86_400)
            // About two in three answer; a third of those anonymously.
            invitation.isAnswered = index % 3 != 2
            try await invitation.create(on: db)
            guard invitation.isAnswered else { continue }
            let anonymous = index % 3 == 1
            // Satisfaction improves over the months, as it should after the improvements.
            let overall = min(5, max(1, Int.random(in: 1...5, using: &random) + (daysAgo < 90 ? 1 : 0)))
            let response = SurveyResponse()
            response.id = UUID()
            response.templateID = try template.requireID()
            response.month = String(CalendarDay.today(at).description.prefix(7))
            response.branchID = invitation.branchID
            response.serviceType = invitation.serviceType
            response.isAnonymous = anonymous
            response.contactConsent = !anonymous && overall <= 2
            if !anonymous {
                response.invitationID = invitation.id
                response.channel = invitation.serviceChannel
                response.staffID = invitation.staffID
                response.answeredAt = at
            }
            try await response.create(on: db)
            for question in questions {
                let answer = SurveyAnswer()
                answer.responseID = try response.requireID()
                answer.questionID = try question.requireID()
                answer.score = question.kind == .scale ? (question.aspect == .overall ? overall : min(5, max(1, overall + Int.random(in: -1...1, using: &random)))) : nil
                answer.text = question.kind == .text && (index / 4) % 2 == 0 ? comments[index % comments.count] : ""
                guard answer.score != nil || !answer.text.isEmpty else { continue }
                try await answer.create(on: db)
            }
            if response.contactConsent { try await (try SurveyFollowUp(response: response, invitation: invitation, at: at)).create(on: db) }
            added += 1
        }
        return added
    }
}
