import LamasatCore
import Vapor

/// A beneficiary's message preferences as posted from her file: channel, language, "stop messages" and a note.
/// Its fields are drawn on her file's interactions tab (`InteractionsFilePart`).
struct MessagePreferenceForm {
    var channel = ""
    var language = ""
    var optedOut = false
    var note = ""

    init(request req: Request) {
        channel = req.formText("channel")
        language = req.formText("language")
        optedOut = req.formCheckbox("optedOut")
        note = req.formText("note")
    }

    struct Valid { let channel: MessageChannel; let language: String; let note: String }

    /// nil for a channel not offered, which only a tampered form sends; the language is Arabic unless English is
    /// chosen, and the note is cut to 300 characters as the box allows.
    func validate() -> Valid? {
        guard let channel = MessageChannel(rawValue: self.channel) else { return nil }
        return Valid(channel: channel, language: language == "en" ? "en" : "ar", note: String(note.prefix(300)))
    }
}
