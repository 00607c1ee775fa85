import Fluent
import Foundation
import LamasatCore
import Vapor

/// The form of one gift: money (method, amount, reference, fund) or items (lines of item, quantity and estimated
/// unit value), its designation, the day it came (Hijri or Gregorian, not in the future), the pledge it pays, and
/// whether to thank her. Kept as typed so a refused form comes back whole.
struct DonationForm {
    static let textFields = ["kind", "method", "amount", "reference", "receivedOn", "calendar", "designation", "fund", "pledge", "note"]
    /// Item lines offered on the form.
    static let lineCount = 4
    static let quantityRange = 1...100_000

    var values: [String: String] = [:]
    var lines: [(item: String, quantity: String, unitValue: String)] = Array(repeating: ("", "", ""), count: DonationForm.lineCount)
    var thank = true

    subscript(_ name: String) -> String {
        get { values[name] ?? "" }
        set { values[name] = newValue }
    }

    init(donor: Donor, today: CalendarDay) {
        values = ["kind": DonationKind.cash.rawValue, "method": DonationMethod.bankTransfer.rawValue, "calendar": CalendarDay.Calendar.gregorian.rawValue,
                  "receivedOn": today.description, "designation": Designation.general.rawValue]
        thank = donor.consentsToContact && donor.preferredChannel != .phone
    }

    init(request req: Request) {
        for name in Self.textFields { values[name] = req.formText(name) }
        lines = (0..<Self.lineCount).map { (item: req.formText("item\($0)"), quantity: req.formText("quantity\($0)"), unitValue: req.formText("unitValue\($0)")) }
        thank = req.formCheckbox("thank")
    }

    struct Line { let item: StockItem; let quantity: Int; let unitValue: Int64 }

    struct Valid {
        var kind: DonationKind
        var method: DonationMethod
        var amount: Int64
        var reference: String
        var receivedOn: CalendarDay
        var designation: Designation
        var fund: Fund?
        var pledge: Pledge?
        var lines: [Line]
        var note: String
    }

    func validate(_ req: Request, funds: [Fund], items: [StockItem], pledges: [Pledge]) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let kind = DonationKind(rawValue: self["kind"])
        if kind == nil { errors["kind"] = req.t("validation.choose") }
        let designation = Designation(rawValue: self["designation"])
        if designation == nil { errors["designation"] = req.t("validation.choose") }
        var receivedOn: CalendarDay?
        do {
            let day = try CalendarDay.day(self["receivedOn"], calendar: CalendarDay.Calendar(rawValue: self["calendar"]) ?? .gregorian)
            if CalendarDay.today(req.now) < day { errors["receivedOn"] = req.t("donation.error.future") } else { receivedOn = day }
        } catch { errors["receivedOn"] = req.t(error == .empty ? "validation.required" : "donation.error.day") }
        var pledge: Pledge?
        if !self["pledge"].isEmpty {
            pledge = pledges.first { $0.id?.uuidString == self["pledge"] }
            if pledge == nil { errors["pledge"] = req.t("validation.choose") }
        }
        var method = DonationMethod.none, amount: Int64 = 0, fund: Fund?, chosen: [Line] = []
        switch kind {
        case .cash?:
            if let m = DonationMethod(rawValue: self["method"]), m != .none { method = m } else { errors["method"] = req.t("validation.choose") }
            do {
                amount = try Money(self["amount"]).halalas
                if amount == 0 { errors["amount"] = req.t("donation.error.zero") }
            } catch { errors["amount"] = req.t(error.localizationKey) }
            if (method == .bankTransfer || method == .cardTerminal) && self["reference"].isEmpty {
                errors["reference"] = req.t("donation.error.reference")
            }
            fund = funds.first { $0.id?.uuidString == self["fund"] }
            if let f = fund, let designation {
                if !f.isActive { errors["fund"] = req.t("money.fund.refused.inactive") } else if !designation.fits(fund: f.designation) {
                    errors["fund"] = req.t("donation.error.fundMismatch", req.t(designation.localizationKey), f.name(in: req.language))
                }
            } else if fund == nil { errors["fund"] = req.t("donation.error.fund") }
        case .inKind?:
            for (index, line) in lines.enumerated() where !(line.item.isEmpty && line.quantity.isEmpty && line.unitValue.isEmpty) {
                guard let item = items.first(where: { $0.id?.uuidString == line.item }) else { errors["item\(index)"] = req.t("validation.choose"); continue }
                guard let quantity = ArabicDigits.parseInt(line.quantity), Self.quantityRange.contains(quantity) else {
                    errors["quantity\(index)"] = req.t("donation.error.quantity"); continue
                }
                guard let value = try? Money(line.unitValue).halalas, value > 0 else { errors["unitValue\(index)"] = req.t("donation.error.unitValue"); continue }
                chosen.append(Line(item: item, quantity: quantity, unitValue: value))
            }
            if chosen.isEmpty && !errors.keys.contains(where: { $0.hasPrefix("item") || $0.hasPrefix("quantity") || $0.hasPrefix("unitValue") }) {
                errors["item0"] = req.t("donation.error.noItems")
            }
            amount = chosen.reduce(0) { $0 + Int64($1.quantity) * $1.unitValue }
            if amount > Money.maximumHalalas { errors["item0"] = req.t("validation.money.tooLarge") }
        case nil: break
        }
        if self["reference"].count > 80 { errors["reference"] = req.t("validation.tooLong") }
        if self["note"].count > 500 { errors["note"] = req.t("validation.tooLong") }
        guard errors.isEmpty, let kind, let designation, let receivedOn else { return (nil, errors) }
        return (Valid(kind: kind, method: method, amount: amount, reference: kind == .cash ? self["reference"] : "", receivedOn: receivedOn,
                      designation: designation, fund: fund, pledge: pledge, lines: chosen, note: self["note"]), [:])
    }

    struct ItemLine: Encodable { let index: Int; let item: FormField; let quantity: FormField; let unitValue: FormField }

    func fields(_ req: Request, donor: Donor, funds: [Fund], items: [StockItem], pledges: [Pledge], errors: FieldErrors) -> (main: [FormField], cash: [FormField], lines: [ItemLine], end: [FormField]) {
        func text(_ name: String, required: Bool = false, dir: String? = nil, inputmode: String? = nil, hint: String? = nil, maxlength: Int = 80) -> FormField {
            FormField(name: name, label: req.t("donation.field.\(name)"), value: self[name], hint: hint, error: errors[name], required: required,
                      autocomplete: "off", inputmode: inputmode, dir: dir, maxlength: maxlength)
        }
        func choice<T: RawRepresentable>(_ name: String, _ cases: [T], kind: String = "select", key: (T) -> String) -> FormField where T.RawValue == String {
            FormField(name: name, label: req.t("donation.field.\(name)"), kind: kind, error: errors[name], required: true,
                      options: cases.map { FormField.Option(value: $0.rawValue, label: req.t(key($0)), selected: $0.rawValue == self[name]) })
        }
        let formatter = DualCalendarFormatter(language: req.language)
        var main = [
            choice("kind", DonationKind.allCases, kind: "radios", key: \.localizationKey),
            choice("designation", Designation.allCases, key: \.localizationKey),
            text("receivedOn", required: true, dir: "ltr", inputmode: "numeric", hint: req.t("donation.field.receivedOn.hint"), maxlength: 12),
            choice("calendar", CalendarDay.Calendar.allCases, kind: "radios") { "donation.calendar.\($0.rawValue)" },
        ]
        if !pledges.isEmpty {
            main.append(FormField(name: "pledge", label: req.t("donation.field.pledge"), kind: "select", error: errors["pledge"],
                                  options: [FormField.Option(value: "", label: req.t("donation.noPledge"), selected: self["pledge"].isEmpty)]
                                    + pledges.map { p in
                                        FormField.Option(value: p.id!.uuidString,
                                                         label: req.t("donation.pledgeOption", Money(halalas: p.amount).formatted(req.language),
                                                                      CalendarDay(stored: p.nextDueOn).map { formatter.date($0.moment).combined } ?? p.nextDueOn),
                                                         selected: p.id?.uuidString == self["pledge"])
                                    }))
        }
        let cash = [
            choice("method", DonationMethod.allCases.filter { $0 != .none }, key: \.localizationKey),
            text("amount", required: true, dir: "ltr", inputmode: "decimal", hint: req.t("donation.field.amount.hint"), maxlength: 20),
            text("reference", dir: "ltr", hint: req.t("donation.field.reference.hint")),
            FormField(name: "fund", label: req.t("donation.field.fund"), kind: "select", error: errors["fund"], required: true,
                      options: [FormField.Option.choose(req)] + FormField.Option.records(funds, selected: self["fund"]) {
                          "\($0.name(in: req.language)) — \(req.t($0.designation.localizationKey))"
                      }),
        ]
        let lines = (0..<Self.lineCount).map { index in
            ItemLine(index: index,
                     item: FormField(name: "item\(index)", label: req.t("donation.field.item"), kind: "select", error: errors["item\(index)"],
                                     options: [FormField.Option.choose(req)] + FormField.Option.records(items, selected: self.lines[index].item) {
                                         "\($0.name(in: req.language)) (\($0.unit))"
                                     }),
                     quantity: FormField(name: "quantity\(index)", label: req.t("donation.field.quantity"), value: self.lines[index].quantity,
                                         error: errors["quantity\(index)"], inputmode: "numeric", dir: "ltr", maxlength: 7),
                     unitValue: FormField(name: "unitValue\(index)", label: req.t("donation.field.unitValue"), value: self.lines[index].unitValue,
                                          error: errors["unitValue\(index)"], inputmode: "decimal", dir: "ltr", maxlength: 14))
        }
        var end = [FormField(name: "note", label: req.t("donation.field.note"), kind: "textarea", value: self["note"], error: errors["note"], maxlength: 500, wide: true)]
        if donor.consentsToContact {
            end.append(FormField(name: "thank", label: req.t("donation.field.thank"), kind: "checkbox",
                                 hint: req.t(donor.preferredChannel == .phone ? "donation.field.thank.phone" : "donation.field.thank.hint"), checked: thank))
        }
        // Tied to hints and errors, with the focus on the first field in error, across the whole form.
        let all = (main + cash + lines.flatMap { [$0.item, $0.quantity, $0.unitValue] } + end).prepared()
        var rest = all[...]
        func take(_ n: Int) -> [FormField] { defer { rest = rest.dropFirst(n) }; return Array(rest.prefix(n)) }
        let preparedMain = take(main.count), preparedCash = take(cash.count)
        let preparedLines = lines.map { line -> ItemLine in let f = take(3); return ItemLine(index: line.index, item: f[0], quantity: f[1], unitValue: f[2]) }
        return (preparedMain, preparedCash, preparedLines, take(end.count))
    }
}
