import Fluent
import Foundation
import LamasatCore

/// An office of the association. Staff belong to one; records are kept per branch.
final class Branch: Model, @unchecked Sendable {
    static let schema = "branches"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name_ar") var nameArabic: String
    @Field(key: "name_en") var nameEnglish: String
    @Field(key: "city") var city: String
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(id: UUID? = nil, code: String, nameArabic: String, nameEnglish: String, city: String, now: Date) {
        self.id = id
        self.code = code
        self.nameArabic = nameArabic
        self.nameEnglish = nameEnglish
        self.city = city
        self.isActive = true
        self.createdAt = now
        self.updatedAt = now
    }

}

/// A record named in Arabic and, optionally, in English.
protocol BilingualNamed {
    var nameArabic: String { get }
    var nameEnglish: String { get }
}

extension BilingualNamed {
    /// The English name in English when there is one; Arabic otherwise.
    func name(in language: Language) -> String {
        language == .en && !nameEnglish.isEmpty ? nameEnglish : nameArabic
    }
}

extension Branch: BilingualNamed {}
