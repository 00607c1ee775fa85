import Fluent
import Foundation
import LamasatCore
import Vapor

/// The declaration she signs ([P-21]). A new wording is a new version; signed declarations keep the version they saw.
final class DeclarationText: Model, @unchecked Sendable {
    static let schema = "declaration_texts"

    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "text_ar") var arabic: String
    @Field(key: "text_en") var english: String
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(version: Int, arabic: String, english: String, createdBy: UUID?, at: Date) {
        self.version = version
        self.arabic = arabic
        self.english = english
        self.createdBy = createdBy
        self.createdAt = at
    }

    func text(in language: Language) -> String { language == .en && !english.isEmpty ? english : arabic }

    static func current(on db: any Database) async throws -> DeclarationText {
        guard let text = try await DeclarationText.query(on: db).sort(\.$version, .descending).first() else {
            throw Abort(.internalServerError, reason: "no declaration text")
        }
        return text
    }

}

/// One signature of the declaration for one request: which wording, how, when, and on which version of her file.
final class RequestDeclaration: Model, @unchecked Sendable {
    static let schema = "request_declarations"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "text_version") var textVersion: Int
    @Field(key: "method") var method: DeclarationMethod
    @Field(key: "signer_name") var signerName: String
    /// A change to her file after signing asks for a new declaration.
    @Field(key: "file_version") var fileVersion: Int
    @OptionalField(key: "attachment_id") var attachmentID: UUID?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "signed_at") var signedAt: Date

    init() {}

    /// The newest declaration of a request, if it still stands for the file as it is now.
    static func standing(for request: SupportRequest, fileVersion: Int, on db: any Database) async throws -> RequestDeclaration? {
        let latest = try await RequestDeclaration.query(on: db).filter(\.$requestID == request.requireID()).sort(\.$signedAt, .descending).first()
        return latest?.fileVersion == fileVersion ? latest : nil
    }
}

/// A signature image or scanned paper kept with a request. The bytes stay in the database, like documents.
final class RequestAttachment: Model, @unchecked Sendable {
    static let schema = "request_attachments"

    enum Purpose: String, Codable { case declaration, deliveryProof }

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "purpose") var purpose: Purpose
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "data") var data: Data
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(requestID: UUID, purpose: Purpose, kind: UploadedFileKind, bytes: [UInt8], by: UUID, at: Date) {
        self.id = UUID()
        self.requestID = requestID
        self.purpose = purpose
        self.contentType = kind.contentType
        self.size = bytes.count
        self.sha256 = sha256Hex(bytes)
        self.data = Data(bytes)
        self.createdBy = by
        self.createdAt = at
    }
}
