import Vapor

/// The one-box forms of surveys and their follow-ups.
extension TextBoxForm.Box {
    static func templateName(_ req: Request) -> Self {
        Self(name: "name", label: req.t("survey.templateName"), limit: 120, maxlength: 120, missing: req.t("survey.error.name"))
    }

    static func followUpNote(_ req: Request) -> Self {
        Self(name: "note", label: req.t("satisfaction.whatWasDone"), kind: "textarea", hint: req.t("satisfaction.noteHint"), limit: 2000, maxlength: 2000,
             missing: req.t("satisfaction.error.note"))
    }
}
