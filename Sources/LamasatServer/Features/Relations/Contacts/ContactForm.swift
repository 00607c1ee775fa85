import LamasatCore
import Vapor

/// A contact logged by staff: the channel and direction, what it was about, notes, minutes, the outcome and a
/// follow-up day. Which file, request or call it belongs to comes with the address, not from what was typed.
struct ContactForm {
    struct Valid {
        let channel: ContactChannel
        let direction: ContactDirection
        let subject: String
        let notes: String
        let duration: Int
        let outcome: ContactOutcome
        /// A stored day ("yyyy-mm-dd"), or "" for none.
        let followUpOn: String
        /// The volunteer who carried a volunteer-service contact (issue 17).
        let volunteerID: UUID?
    }

    var channel = ContactChannel.phone.rawValue
    var direction = ContactDirection.incoming.rawValue
    var subject = ""
    var notes = ""
    var duration = ""
    var outcome = ContactOutcome.answered.rawValue
    var followUpOn = ""
    var volunteer = ""

    init() {}

    /// A call from a call list is an outgoing phone call.
    static func call() -> ContactForm {
        var form = ContactForm()
        form.direction = ContactDirection.outgoing.rawValue
        return form
    }

    init(request req: Request) {
        channel = req.formText("channel")
        direction = req.formText("direction")
        subject = req.formText("subject")
        notes = req.formText("notes")
        duration = req.formText("duration")
        outcome = req.formText("outcome")
        followUpOn = req.formText("followUpOn")
        volunteer = req.formText("volunteer")
    }

    /// Coded values from their lists, a subject up to 200, notes up to 4,000, up to 600 minutes, a follow-up within a
    /// year from today, and a scan (`scanned`) only for a letter.
    /// `volunteers`: the active volunteers of the contact's branch, one of whom a volunteer-service contact may name.
    func validate(_ req: Request, scanned: Bool, volunteers: [ContactVolunteer] = []) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let chosenChannel = ContactChannel(rawValue: channel)
        if chosenChannel == nil { errors["channel"] = req.t("validation.choose") }
        let chosenDirection = ContactDirection(rawValue: direction)
        if chosenDirection == nil { errors["direction"] = req.t("validation.choose") }
        let chosenOutcome = ContactOutcome(rawValue: outcome)
        if chosenOutcome == nil { errors["outcome"] = req.t("validation.choose") }
        if subject.isEmpty { errors["subject"] = req.t("validation.required") } else if subject.count > 200 { errors["subject"] = req.t("validation.tooLong") }
        if notes.count > 4000 { errors["notes"] = req.t("validation.tooLong") }
        let minutes = duration.isEmpty ? 0 : (ArabicDigits.parseInt(duration) ?? -1)
        if !(0...600).contains(minutes) { errors["duration"] = req.t("contact.error.duration") }
        var followUp = ""
        if !followUpOn.isEmpty {
            if let day = try? CalendarDay.day(followUpOn, calendar: .gregorian), day.description >= CalendarDay.today(req.now).description,
               day.description <= CalendarDay.today(req.now.addingTimeInterval(366 * 86_400)).description {
                followUp = day.description
            } else { errors["followUpOn"] = req.t("contact.error.followUp") }
        }
        if scanned && chosenChannel != .letter { errors["scan"] = req.t("contact.error.scanOnlyLetters") }
        let volunteerID = volunteers.first { $0.id.uuidString == volunteer }?.id
        if !volunteer.isEmpty {
            if volunteerID == nil { errors["volunteer"] = req.t("validation.choose") }
            else if chosenChannel != .volunteerService { errors["volunteer"] = req.t("contact.error.volunteerOnlyChannel") }
        }
        guard errors.isEmpty, let chosenChannel, let chosenDirection, let chosenOutcome else { return (nil, errors) }
        return (Valid(channel: chosenChannel, direction: chosenDirection, subject: subject, notes: notes, duration: minutes, outcome: chosenOutcome,
                      followUpOn: followUp, volunteerID: volunteerID), errors)
    }

    func fields(_ req: Request, errors: FieldErrors, volunteers: [ContactVolunteer] = []) -> [FormField] {
        var fields = [
            FormField(name: "channel", label: req.t("request.field.channel"), kind: "select", error: errors["channel"], required: true,
                      options: FormField.Option.choices(ContactChannel.allCases, selected: channel, req)),
            FormField(name: "direction", label: req.t("contact.direction"), kind: "select", error: errors["direction"], required: true,
                      options: FormField.Option.choices(ContactDirection.allCases, selected: direction, req)),
            FormField(name: "subject", label: req.t("contact.subject"), value: subject, error: errors["subject"], required: true, maxlength: 200),
            FormField(name: "notes", label: req.t("contact.notes"), kind: "textarea", value: notes, error: errors["notes"], maxlength: 4000),
            FormField(name: "duration", label: req.t("contact.duration"), value: duration, error: errors["duration"], inputmode: "numeric", dir: "ltr", maxlength: 4),
            FormField(name: "outcome", label: req.t("contact.outcome"), kind: "select", error: errors["outcome"], required: true,
                      options: FormField.Option.choices(ContactOutcome.allCases, selected: outcome, req)),
            FormField(name: "followUpOn", label: req.t("contact.followUpOn"), kind: "date", value: followUpOn, hint: req.t("contact.followUpHint"),
                      error: errors["followUpOn"], dir: "ltr"),
        ]
        if !volunteers.isEmpty {
            fields.insert(FormField(name: "volunteer", label: req.t("contact.volunteer"), kind: "select", hint: req.t("contact.volunteerHint"), error: errors["volunteer"],
                                    options: [FormField.Option(value: "", label: req.t("contact.noVolunteer"), selected: volunteer.isEmpty)]
                                        + volunteers.map { .init(value: $0.id.uuidString, label: $0.label, selected: $0.id.uuidString == volunteer) }),
                          at: 1)
        }
        return fields.prepared()
    }
}
