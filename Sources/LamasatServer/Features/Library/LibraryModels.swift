import Fluent
import Foundation
import LamasatCore

/// An entry of the officer's library ([P-17], [P-3]): the bylaws, the guides, the request form, the policy.
final class LibraryDocument: Model, @unchecked Sendable {
    static let schema = "library_documents"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "title_ar") var nameArabic: String
    @Field(key: "title_en") var nameEnglish: String
    /// Staff must acknowledge reading its current version.
    @Field(key: "is_required") var isRequired: Bool
    /// Screens it is linked from, comma separated (e.g. "intake,verification").
    @Field(key: "screens") var screens: String
    @Field(key: "sort_order") var sortOrder: Int

    init() {}

    init(code: String, nameArabic: String, nameEnglish: String, isRequired: Bool, screens: String, sortOrder: Int) {
        self.code = code
        self.nameArabic = nameArabic
        self.nameEnglish = nameEnglish
        self.isRequired = isRequired
        self.screens = screens
        self.sortOrder = sortOrder
    }
}

extension LibraryDocument: BilingualNamed {}

/// One approved version of a library document: text written in the app and/or an uploaded PDF.
final class LibraryVersion: Model, @unchecked Sendable {
    static let schema = "library_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "document_id") var documentID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "body_ar") var bodyArabic: String
    @Field(key: "body_en") var bodyEnglish: String
    @OptionalField(key: "file_id") var fileID: UUID?
    /// "YYYY-MM-DD"; "" while the association's file is awaited.
    @Field(key: "approved_on") var approvedOn: String
    @Field(key: "approved_by") var approvedBy: String
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    /// A placeholder has neither text nor file: the entry waits for the association's document.
    var isPlaceholder: Bool { bodyArabic.isEmpty && bodyEnglish.isEmpty && fileID == nil }
}

final class LibraryAcknowledgement: Model, @unchecked Sendable {
    static let schema = "library_acknowledgements"

    @ID(key: .id) var id: UUID?
    @Field(key: "document_id") var documentID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "user_id") var userID: UUID
    @Field(key: "at") var at: Date

    init() {}

    init(documentID: UUID, version: Int, userID: UUID, at: Date) {
        self.documentID = documentID
        self.version = version
        self.userID = userID
        self.at = at
    }
}

/// A question and answer in Arabic and English; internal ones help staff, published ones also reach the public.
final class FAQEntry: Model, @unchecked Sendable {
    static let schema = "faq_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "category") var category: String
    @Field(key: "question_ar") var questionArabic: String
    @Field(key: "answer_ar") var answerArabic: String
    @Field(key: "question_en") var questionEnglish: String
    @Field(key: "answer_en") var answerEnglish: String
    @Field(key: "is_published") var isPublished: Bool
    /// [P-11] A common misconception about the association's services, corrected.
    @Field(key: "is_misconception") var isMisconception: Bool
    /// Both languages through `ArabicSearch.normalize`, for search.
    @Field(key: "normalized") var normalized: String
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    func normalize() {
        normalized = ArabicSearch.normalize([questionArabic, answerArabic, questionEnglish.lowercased(), answerEnglish.lowercased()].joined(separator: " "))
    }

    func question(in language: Language) -> String { language == .en && !questionEnglish.isEmpty ? questionEnglish : questionArabic }
    func answer(in language: Language) -> String { language == .en && !answerEnglish.isEmpty ? answerEnglish : answerArabic }
}

/// A short reply for phone and social-media answers, with {name}, {tracking} and {expected}.
final class CannedReply: Model, @unchecked Sendable {
    static let schema = "canned_replies"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(title: String, body: String, at: Date) {
        self.title = title
        self.body = body
        self.isActive = true
        self.updatedAt = at
    }
}

/// FAQ categories, fixed: the association's common questions fall into these.
enum FAQCategory: String, CaseIterable {
    case services, registration, requests, documents, misconceptions, general
    var localizationKey: String { "faq.category.\(rawValue)" }
}
extension FAQCategory: LocalizedChoice {}
