import LamasatCore
import Vapor

/// A campaign as typed: the segment's filters (also read from the address, for the preview link) and the message.
struct CampaignForm {
    var category = ""
    var branch = ""
    var city = ""
    var status = ""
    var minimumHousehold = ""
    var noContactDays = ""
    var childMinimumAge = ""
    var childMaximumAge = ""
    var schoolAgeChildren = false
    var documentsIncomplete = false
    var name = ""
    var channel = ""
    var body = ""
    var date = ""
    var time = ""
    /// The button pressed: "count and sample" asks for the preview only.
    var previewOnly = false

    init() {}

    /// The posted form; on a GET, the segment's filters in the address.
    init(request req: Request) {
        let posted = req.method == .POST
        func value(_ name: String) -> String { posted ? req.formText(name) : (req.query[String.self, at: name] ?? "").trimmingWhitespace() }
        category = value("category")
        branch = value("branch")
        city = value("city")
        status = value("status")
        minimumHousehold = value("minimumHousehold")
        noContactDays = value("noContactDays")
        childMinimumAge = value("childMinimumAge")
        childMaximumAge = value("childMaximumAge")
        schoolAgeChildren = ["on", "1"].contains(value("schoolAgeChildren"))
        documentsIncomplete = ["on", "1"].contains(value("documentsIncomplete"))
        name = value("name")
        channel = value("channel")
        body = value("body")
        date = value("date")
        time = value("time")
        previewOnly = posted && req.formText("intent") == "preview"
    }

    /// The segment typed, and what in it cannot be read. Own-branch staff reach their branch only.
    func segment(_ req: Request) throws -> (segment: Segment, errors: FieldErrors) {
        let staff = try req.requireStaff()
        var errors: FieldErrors = [:]
        /// A whole number up to `limit`; anything else is refused rather than silently read as "any".
        func number(_ name: String, _ typed: String, limit: Int) -> Int {
            guard !typed.isEmpty else { return 0 }
            guard let parsed = ArabicDigits.parseInt(typed), (0...limit).contains(parsed) else {
                errors[name] = req.t("campaign.error.number", String(limit))
                return 0
            }
            return parsed
        }
        var segment = Segment()
        segment.categoryID = UUID(uuidString: category)
        segment.branchID = staff.ownBranchOnly ?? UUID(uuidString: branch)
        segment.city = String(city.prefix(60))
        segment.status = BeneficiaryStatus(rawValue: status)
        segment.minimumHousehold = number("minimumHousehold", minimumHousehold, limit: 30)
        segment.schoolAgeChildren = schoolAgeChildren
        segment.documentsIncomplete = documentsIncomplete
        segment.noContactDays = number("noContactDays", noContactDays, limit: 3650)
        segment.childMinimumAge = number("childMinimumAge", childMinimumAge, limit: 30)
        segment.childMaximumAge = number("childMaximumAge", childMaximumAge, limit: 30)
        if segment.childMaximumAge > 0 && segment.childMaximumAge < segment.childMinimumAge {
            (segment.childMinimumAge, segment.childMaximumAge) = (segment.childMaximumAge, segment.childMinimumAge)
        }
        return (segment, errors)
    }

    struct Valid { let channel: MessageChannel; let when: Date }

    /// The message: a name, a text of at most 600 characters using only {name}, SMS or WhatsApp, and a time within a year.
    func validate(_ req: Request) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        if name.isEmpty || name.count > 120 { errors["name"] = req.t("validation.required") }
        if body.isEmpty || body.count > 600 { errors["body"] = req.t("outreach.error.message") }
        let unknown = ReplyTemplate.unknownVariables(in: body).filter { $0 != "name" }
        if !unknown.isEmpty { errors["body"] = req.t("reply.error.variables", unknown.joined(separator: "، ")) }
        let channel = MessageChannel(rawValue: self.channel)
        if channel == nil || channel == .letter || channel == .email { errors["channel"] = req.t("validation.choose") }
        var when = req.now
        if !date.isEmpty {
            if let moment = ResearchController.moment(day: date, time: time.isEmpty ? "10:00" : time),
               moment >= req.now.addingTimeInterval(-60), moment <= req.now.addingTimeInterval(366 * 86_400) {
                when = moment
            } else { errors["date"] = req.t("campaign.error.date") }
        }
        guard errors.isEmpty, let channel else { return (nil, errors) }
        return (Valid(channel: channel, when: when), [:])
    }
}
