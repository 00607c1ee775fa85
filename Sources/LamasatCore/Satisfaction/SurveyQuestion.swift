import Foundation

/// What a survey question asks for. The score of the association is the share of 4s and 5s on the overall question.
public enum SurveyQuestionKind: String, CaseIterable, Codable, Sendable {
    /// 1 (very dissatisfied) to 5 (very satisfied).
    case scale
    case yesNo
    /// One of a few fixed answers.
    case choice
    /// Free text, always optional.
    case text

    public var localizationKey: String { "survey.kind.\(rawValue)" }
}

/// What a question is about, so results line up across templates ([P-18], [P-5], [P-8], [P-7]).
public enum SurveyAspect: String, CaseIterable, Codable, Sendable {
    case courtesy, ease, speed, clarity, overall, comment, other

    public var localizationKey: String { "survey.aspect.\(rawValue)" }
}

/// The rules for one answer, checked before anything is stored.
public enum SurveyAnswerRule {
    public static let textLimit = 1000

    public enum Problem: Error, Equatable, Sendable {
        case required, outOfRange, tooLong
        public var localizationKey: String {
            switch self {
            case .required: "survey.error.required"
            case .outOfRange: "survey.error.choose"
            case .tooLong: "validation.tooLong"
            }
        }
    }

    /// The stored value of a typed answer: a score for scale (1–5), yes/no (1/0) and choice (its index), or nil
    /// when unanswered. `choices` is the number of choices of a choice question.
    public static func score(_ typed: String, kind: SurveyQuestionKind, choices: Int, required: Bool) -> Result<Int?, Problem> {
        let value = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard kind != .text else { return .success(nil) }
        if value.isEmpty { return required ? .failure(.required) : .success(nil) }
        let number: Int?
        switch kind {
        case .scale: number = ArabicDigits.parseInt(value).flatMap { (1...5).contains($0) ? $0 : nil }
        case .yesNo: number = value == "yes" ? 1 : (value == "no" ? 0 : nil)
        case .choice: number = ArabicDigits.parseInt(value).flatMap { (0..<choices).contains($0) ? $0 : nil }
        case .text: number = nil
        }
        return number.map { .success($0) } ?? .failure(.outOfRange)
    }

    public static func text(_ typed: String) -> Result<String, Problem> {
        let value = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.count > textLimit ? .failure(.tooLong) : .success(value)
    }
}
