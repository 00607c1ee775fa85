import Fluent
import Foundation
import Vapor

/// A few replies that came in by SMS and WhatsApp (issue 16), routed as the webhooks route them: on her case, as a
/// contact on her file, or as a new inquiry from an unknown number. Their fixed provider ids keep them added once.
enum DemoInbound {
    static func load(now: Date, on app: Application) async throws -> Int {
        let files = try await Beneficiary.query(on: app.db).sort(\.$fileSequence).limit(3).all()
        var replies: [InboundRouter.Incoming] = files.enumerated().map { index, file in
            InboundRouter.Incoming(provider: index == 1 ? "whatsapp" : "sms-gateway", messageID: "demo-\(index + 1)", from: file.mobile,
                                   text: ["شكرًا لكم، وصلتني الرسالة", "متى موعد زيارة الباحثة؟", "هل أحتاج إحضار صك الإعالة؟"][index])
        }
        replies.append(InboundRouter.Incoming(provider: "whatsapp", messageID: "demo-4", from: "966598765432", text: "السلام عليكم، كيف أسجل في الجمعية؟",
                                              profileName: "ريم"))
        var added = 0
        for (index, reply) in replies.enumerated() {
            let at = now.addingTimeInterval(Double(index - replies.count) * 3600)
            let key = app.lamasat.secrets.audit
            let taken = try await app.db.writeTransaction { db -> Bool in
                guard let row = try await InboundLog.claim(provider: reply.provider, id: reply.messageID, sender: reply.sender, kind: .text, at: at, on: db)
                else { return false }
                let outcome = try await InboundRouter.route(reply, now: at, auditKey: key, on: db)
                try await InboundLog.settle(row, outcome.result, id: outcome.id, on: db)
                return true
            }
            if taken { added += 1 }
        }
        return added
    }
}
