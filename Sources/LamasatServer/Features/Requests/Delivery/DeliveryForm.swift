import LamasatCore
import Vapor

/// One delivery of an approved service: what, how much, when, where, by whom, whether it is the last, and her proof
/// of receipt (her signature on the pad, or an uploaded receipt).
struct DeliveryForm {
    var description = ""
    var amount = ""
    var quantity = ""
    var date = ""
    var place = DeliveryPlace.office.rawValue
    var deliveredBy = ""
    var isFinal = false
    var closingNote = ""
    var signature = ""
    var proof: File?
    /// The confirmed volunteer assignment that handed it over, when a volunteer did (issue 17).
    var assignment = ""
    /// The stock item handed out, for an in-kind service (issue 18); its count is `quantity`.
    var stockItem = ""

    /// What the multipart form sends; a receipt is a file, so the form is decoded whole rather than field by field.
    private struct Input: Content {
        var description: String?
        var amount: String?
        var quantity: String?
        var date: String?
        var place: String?
        var deliveredBy: String?
        var isFinal: String?
        var closingNote: String?
        var signature: String?
        var proof: File?
        var assignment: String?
        var stockItem: String?
    }

    /// A new delivery: the service's name, today, at the office, by the signed-in staff member.
    init(_ request: SupportRequest, staff: StaffUser, req: Request) {
        description = request.supportType.name(in: req.language)
        date = CalendarDay.today(req.now).description
        deliveredBy = staff.fullName
    }

    init(request req: Request) {
        let input = (try? req.content.decode(Input.self)) ?? Input()
        func text(_ value: String?) -> String { (value ?? "").trimmingWhitespace() }
        description = text(input.description)
        amount = text(input.amount)
        quantity = text(input.quantity)
        date = text(input.date)
        place = text(input.place)
        deliveredBy = text(input.deliveredBy)
        isFinal = input.isFinal == "on"
        closingNote = text(input.closingNote)
        signature = input.signature ?? ""
        proof = input.proof
        assignment = text(input.assignment)
        stockItem = text(input.stockItem)
    }

    struct Valid {
        let amount: Money; let quantity: Int; let day: CalendarDay; let place: DeliveryPlace
        let proof: (kind: UploadedFileKind, bytes: [UInt8]); let isFinal: Bool; let closingNote: String
    }

    /// `approved` and `left` are the committee's amount and what remains of it; `decided` the day it decided
    /// (a delivery falls between that day and today).
    func validate(_ req: Request, financial: Bool, approved: Int64, left: Int64, decided: String) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        if description.isEmpty { errors["description"] = req.t("validation.required") } else if description.count > 300 { errors["description"] = req.t("validation.tooLong") }
        var money = Money.zero
        if !amount.isEmpty {
            do { money = try Money(amount) } catch { errors["amount"] = req.t(error.localizationKey) }
        } else if financial {
            errors["amount"] = req.t("validation.required")
        }
        if approved > 0 && money.halalas > left { errors["amount"] = req.t("delivery.error.aboveRemaining", Money(halalas: left).formatted(req.language)) }
        let count = quantity.isEmpty ? 0 : (ArabicDigits.parseInt(quantity) ?? -1)
        if !(0...10_000).contains(count) { errors["quantity"] = req.t("validation.wholeNumber") }
        if !stockItem.isEmpty {
            if UUID(uuidString: stockItem) == nil { errors["stockItem"] = req.t("validation.choose") }
            if count < 1 { errors["quantity"] = req.t("stock.error.quantityForItem") }
        }
        let day = (try? CalendarDay.day(date, calendar: .gregorian)).flatMap { $0.description > CalendarDay.today(req.now).description || $0.description < decided ? nil : $0 }
        if day == nil { errors["date"] = req.t("delivery.error.date") }
        // Closing with part of the approved amount unpaid needs a word on why.
        if isFinal && approved > 0 && money.halalas < left && closingNote.isEmpty {
            errors["closingNote"] = req.t("delivery.error.closingNote", Money(halalas: left - money.halalas).formatted(req.language))
        }
        let chosen = DeliveryPlace(rawValue: place)
        if chosen == nil { errors["place"] = req.t("validation.choose") }
        if deliveredBy.isEmpty { errors["deliveredBy"] = req.t("validation.required") } else if deliveredBy.count > 120 { errors["deliveredBy"] = req.t("validation.tooLong") }
        var received: (UploadedFileKind, [UInt8])?
        switch StoredFiles.read(proof) {
        case .success(let upload?): received = (upload.kind, upload.bytes)
        case .failure(let problem): errors["proof"] = req.t(problem.localizationKey)
        case .success(nil):
            // No receipt uploaded: her signature on the pad is the proof.
            if let drawn = try? DrawnSignature.decode(signature) { received = (.png, drawn) } else { errors["proof"] = req.t("delivery.error.proof") }
        }
        guard errors.isEmpty, let day, let chosen, let received else { return (nil, errors) }
        // Delivering the whole approved amount is the last delivery, whatever the box says.
        return (Valid(amount: money, quantity: count, day: day, place: chosen, proof: received,
                      isFinal: isFinal || (approved > 0 && money.halalas == left), closingNote: String(closingNote.prefix(300))), errors)
    }

    /// `left` is said under the amount when the committee approved one. The proof (pad or file) is in the page.
    /// `volunteers`: the confirmed assignments of this request's delivery opportunities, by id, with her name.
    /// `stock`: the items an in-kind delivery may take from the branch's stock (nil otherwise).
    func fields(_ req: Request, errors: FieldErrors, financial: Bool, approved: Int64, left: Int64, volunteers: [(id: String, name: String)] = [],
                stock: [FormField.Option]? = nil) -> [FormField] {
        var fields = [
            FormField(name: "description", label: req.t("delivery.description"), value: description, error: errors["description"], required: true, maxlength: 300),
            FormField(name: "amount", label: req.t("delivery.amount"), value: amount, hint: approved > 0 ? req.t("delivery.remaining", Money(halalas: left).formatted(req.language)) : nil,
                      error: errors["amount"], required: financial, autocomplete: "off", inputmode: "decimal", dir: "ltr", maxlength: 16),
            FormField(name: "quantity", label: req.t("delivery.quantity"), value: quantity, error: errors["quantity"], inputmode: "numeric", dir: "ltr", maxlength: 5),
            FormField(name: "date", label: req.t("delivery.date"), kind: "date", value: date, error: errors["date"], required: true, dir: "ltr"),
            FormField(name: "place", label: req.t("delivery.place"), kind: "select", error: errors["place"], required: true,
                      options: FormField.Option.choices(DeliveryPlace.allCases, selected: place, req)),
            FormField(name: "deliveredBy", label: req.t("delivery.deliveredBy"), value: deliveredBy,
                      hint: req.t("delivery.deliveredByHint"), error: errors["deliveredBy"], required: true, maxlength: 120),
            FormField(name: "isFinal", label: req.t("delivery.isFinal"), kind: "checkbox", checked: isFinal),
            FormField(name: "closingNote", label: req.t("delivery.closingNote"), value: closingNote, hint: req.t("delivery.closingNoteHint"),
                      error: errors["closingNote"], maxlength: 300),
        ]
        if let stock {
            fields.insert(FormField(name: "stockItem", label: req.t("stock.deliveryItem"), kind: "select", hint: req.t("stock.deliveryItemHint"), error: errors["stockItem"],
                                    options: [FormField.Option(value: "", label: req.t("stock.noItem"), selected: stockItem.isEmpty)]
                                        + stock.map { FormField.Option(value: $0.value, label: $0.label, selected: $0.value == stockItem) }), at: 2)
        }
        if !volunteers.isEmpty {
            fields.insert(FormField(name: "assignment", label: req.t("delivery.volunteer"), kind: "select", hint: req.t("delivery.volunteerHint"), error: errors["assignment"],
                                    options: [FormField.Option(value: "", label: req.t("delivery.noVolunteer"), selected: assignment.isEmpty)]
                                        + volunteers.map { FormField.Option(value: $0.id, label: $0.name, selected: $0.id == assignment) }), at: 6)
        }
        return fields.prepared()
    }
}
