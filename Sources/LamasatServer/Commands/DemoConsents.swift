import Fluent
import Foundation
import LamasatCore
import Vapor

/// Issue 20's consents in the demo, through the ledger: each demo file's registration consents, then what some of
/// them changed since: messages stopped (by an officer, by her portal, by a "stop" reply), surveys declined, data
/// shared with a partner and one sharing withdrawn. Added once.
enum DemoConsents {
    static func load(officer username: String, now: Date, on db: any Database) async throws -> Int {
        guard try await ConsentRecord.query(on: db).count() == 0,
              let officer = try await StaffUser.query(on: db).filter(\.$username == username).first() else { return 0 }
        let files = try await Beneficiary.query(on: db).filter(\.$consentGiven == true).sort(\.$fileSequence).all()
        let day: TimeInterval = 86_400
        for file in files {
            try await ConsentLedger.registered(file, method: file.consentMethod, by: file.consentBy, now: file.consentAt ?? file.createdAt, on: db)
        }
        func change(_ n: Int, _ purpose: ConsentPurpose, granted: Bool, source: ConsentSource, partner: String = "", note: String = "", daysAgo: Double) async throws {
            guard files.indices.contains(n) else { return }
            let method: ConsentMethod? = switch source { case .portal: .portal; case .reply: nil; default: .recordedVerbal }
            try await ConsentLedger.record(.init(purpose: purpose, partner: partner, granted: granted, method: method, source: source, note: note),
                                           file: files[n], by: source == .staff ? officer.id : nil, now: now.addingTimeInterval(-daysAgo * day), on: db)
        }
        try await change(3, .messages, granted: false, source: .staff, note: "طلبت في اتصال هاتفي إيقاف الرسائل", daysAgo: 12)
        try await change(8, .messages, granted: false, source: .portal, daysAgo: 9)
        try await change(13, .messages, granted: false, source: .reply, note: "sms", daysAgo: 6)
        try await change(13, .messages, granted: true, source: .staff, note: "عادت ووافقت عند زيارتها", daysAgo: 2)
        for n in [5, 17, 21] { try await change(n, .surveys, granted: false, source: n == 5 ? .portal : .staff, daysAgo: Double(n)) }
        for n in [2, 6, 10, 14] {
            try await change(n, .sharing, granted: true, source: .staff, partner: "جمعية البر الخيرية", note: "لبرنامج السلال الرمضانية", daysAgo: 30)
        }
        try await change(10, .sharing, granted: false, source: .portal, partner: "جمعية البر الخيرية", daysAgo: 4)
        return files.count
    }
}
