import Fluent
import LamasatCore
import Vapor

/// What a survey's service is called on the page and in the results (a support type's name, "inquiry"). The
/// features that serve register their names (`routes.swift`); Satisfaction names none of them.
enum SurveyServiceName {
    typealias Names = @Sendable (_ language: Language, _ db: any Database) async throws -> [String: String]

    static func label(_ code: String, req: Request) async throws -> String {
        try await labels(req)[code] ?? code
    }

    static func labels(_ req: Request) async throws -> [String: String] {
        var names = [String: String]()
        for source in req.application.surveyServiceNames.all {
            names.merge(try await source(req.language, req.db)) { first, _ in first }
        }
        return names
    }
}

extension Application {
    private struct SurveyServiceNamesKey: StorageKey { typealias Value = Registry<SurveyServiceName.Names> }

    var surveyServiceNames: Registry<SurveyServiceName.Names> { registry(SurveyServiceNamesKey.self) }
}
