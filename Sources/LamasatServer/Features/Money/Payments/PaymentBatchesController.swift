import Fluent
import LamasatCore
import Vapor

/// Issue 18, paying her: the finance officer's batches. One officer collects the due payments into a draft and
/// submits it (the maker), another approves it (the checker); the approved batch is exported as the bank's
/// bulk-payment file and printed for signatures; the bank's result is entered or uploaded back.
struct PaymentBatchesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let payments = routes.grouped("payments")
        payments.get { try await self.index(req: $0) }.requires(.preparePayments)
        payments.get("due") { try await self.due(req: $0, posted: nil, status: .ok) }.requires(.preparePayments)
        payments.post("batches") { try await self.create(req: $0) }.requires(.preparePayments)
        let batch = payments.grouped("batches", ":batchID")
        batch.get { try await self.show(req: $0) }.requires(.preparePayments)
        batch.post("add") { try await self.add(req: $0) }.requires(.preparePayments)
        batch.post("payments", ":paymentID", "remove") { try await self.remove(req: $0) }.requires(.preparePayments)
        batch.post("submit") { try await self.submit(req: $0) }.requires(.preparePayments)
        batch.post("approve") { try await self.approve(req: $0) }.requires(.approvePayments)
        batch.post("return") { try await self.giveBack(req: $0) }.requires(.approvePayments)
        batch.post("cancel") { try await self.cancel(req: $0) }.requires(.preparePayments)
        batch.get("bank-file") { try await self.bankFile(req: $0) }.requires(.preparePayments)
        batch.get("print") { try await self.print(req: $0) }.requires(.preparePayments)
        batch.post("payments", ":paymentID", "result") { try await self.result(req: $0) }.requires(.preparePayments)
        batch.on(.POST, "results", body: .collect(maxSize: "2mb")) { try await self.upload(req: $0) }.requires(.preparePayments)
    }

    // MARK: - The list of batches

    struct BatchRow: Encodable {
        let id: String; let number: String; let status: String; let statusCode: String; let count: Int; let total: String
        let maker: String; let checker: String; let made: String
    }
    struct IndexView: Encodable { let page: PageContext; let filters: [FormField]; let rows: [BatchRow]?; let paging: Paging; let dueCount: String; let toFix: String? }

    func index(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let typed = ["q", "status"].reduce(into: [String: String]()) { $0[$1] = (req.query[String.self, at: $1] ?? "").trimmingWhitespace() }
        let query = PaymentBatch.query(on: req.db).sort(\.$madeAt, .descending).sort(\.$number, .descending)
        query.withinReach(of: staff, \.$branchID)
        let q = ArabicDigits.westernized(typed["q"]!).uppercased()
        if !q.isEmpty { query.filter(\.$number ~~ q) }
        if let status = PaymentBatchStatus(rawValue: typed["status"]!) { query.filter(\.$status == status) }
        let page = Paging.requestedPage(req)
        let (items, total) = try await query.page(page)
        let names = try await StaffUser.names(Set(items.map(\.madeBy) + items.compactMap(\.approvedBy)), on: req.db)
        let formatter = DualCalendarFormatter(language: req.language)
        let due = try await PaymentDue.list(for: staff, on: req.db)
        try await req.audit("view", record: ("payment_batches", "list"))
        return try await req.render("money/payments/index", IndexView(
            page: PageContext(req, title: req.t("payment.title")),
            filters: [FormField.search(req, value: typed["q"]!, hint: req.t("payment.searchHint"), dir: "ltr"),
                      FormField.filter(req, name: "status", label: req.t("payment.status"), selected: typed["status"]!,
                                       choices: PaymentBatchStatus.allCases.map { ($0.rawValue, req.t($0.localizationKey)) })],
            rows: items.map { b in
                BatchRow(id: b.id!.uuidString, number: b.number, status: req.t(b.status.localizationKey), statusCode: b.status.rawValue,
                         count: b.paymentCount, total: Money(halalas: b.controlTotal).formatted(req.language), maker: names[b.madeBy] ?? "—",
                         checker: b.approvedBy.flatMap { names[$0] } ?? "—", made: formatter.date(b.madeAt).combined)
            }.nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/payments", filters: typed),
            dueCount: String(due.filter(\.collectable).count), toFix: due.contains { !$0.collectable } ? String(due.count { !$0.collectable }) : nil)).encodeResponse(for: req)
    }

    // MARK: - Payments due

    struct DueRow: Encodable {
        let id: String; let tracking: String; let requestID: String; let name: String; let iban: String; let amount: String; let fund: String
        let decided: String; let branch: String; let problem: String?; let checked: Bool
    }
    struct DueView: Encodable {
        let page: PageContext; let rows: [DueRow]?; let toFix: [DueRow]?; let fields: [FormField]; let error: String?; let total: String
    }
    /// What was typed on the due page, sent back with its errors.
    struct Posted { var chosen: Set<String> = []; var debitAccount = ""; var errors: FieldErrors = [:] }

    func rows(_ due: [DuePayment], req: Request, chosen: Set<String>) async throws -> [DueRow] {
        let formatter = DualCalendarFormatter(language: req.language)
        let branches = Dictionary(uniqueKeysWithValues: try await Branch.query(on: req.db).all().compactMap { b in b.id.map { ($0, b.name(in: req.language)) } })
        return due.map { item in
            let id = item.commitment.id!.uuidString
            let problem: String? = item.iban == nil
                ? req.t(item.file.iban.isEmpty ? "payment.due.ibanMissing" : "payment.due.ibanInvalid")
                : item.refusal.map { req.t($0.localizationKey, "") }
            return DueRow(id: id, tracking: item.request.trackingNumber ?? "—", requestID: item.request.id!.uuidString, name: item.file.name.full,
                          iban: item.iban.map { PaymentDue.masked($0.value) } ?? "—", amount: Money(halalas: item.commitment.amount).formatted(req.language),
                          fund: item.fund.name(in: req.language), decided: item.decidedAt.map { formatter.date($0).combined } ?? "—",
                          branch: branches[item.commitment.branchID] ?? "—", problem: problem, checked: chosen.contains(id))
        }
    }

    /// The association's account to debit: the last batch's, until the settings keep one.
    func defaultDebitAccount(_ staff: StaffContext, on db: any Database) async throws -> String {
        let query = PaymentBatch.query(on: db).sort(\.$madeAt, .descending)
        query.withinReach(of: staff, \.$branchID)
        return try await query.first()?.debitAccount ?? ""
    }

    func due(req: Request, posted: Posted?, status: HTTPStatus) async throws -> Response {
        let staff = try req.requireStaff()
        let due = try await PaymentDue.list(for: staff, on: req.db)
        let all = try await rows(due, req: req, chosen: posted?.chosen ?? [])
        let ready = zip(due, all).filter { $0.0.collectable }.map(\.1)
        var debit = posted?.debitAccount ?? ""
        if posted == nil { debit = try await defaultDebitAccount(staff, on: req.db) }
        try await req.audit("view", record: ("payment_due", "list"))
        return try await req.render("money/payments/due", DueView(
            page: PageContext(req, title: req.t("payment.due.title")), rows: ready.nonEmpty,
            toFix: zip(due, all).filter { !$0.0.collectable }.map(\.1).nonEmpty,
            fields: [FormField(name: "debitAccount", label: req.t("payment.debitAccount"), value: debit, hint: req.t("payment.debitAccountHint"),
                               error: posted?.errors["debitAccount"], required: true, autocomplete: "off", dir: "ltr", maxlength: 34)].prepared(),
            error: posted?.errors["chosen"],
            total: Money(halalas: due.filter(\.collectable).reduce(0) { $0 + $1.commitment.amount }).formatted(req.language)))
            .encodeResponse(status: status, for: req)
    }

    /// Chosen commitment ids that are all due and collectable now; nil when one is not.
    private func chosenDue(_ chosen: [String], staff: StaffContext, branch: UUID? = nil, on db: any Database) async throws -> [DuePayment]? {
        let ids = chosen.compactMap(UUID.init(uuidString:))
        guard !ids.isEmpty, ids.count == chosen.count, ids.count <= 500 else { return nil }
        let due = try await PaymentDue.list(for: staff, branch: branch, only: Set(ids), on: db).filter(\.collectable)
        return due.count == Set(ids).count ? due : nil
    }

    /// A new draft from the chosen due payments of one branch.
    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        var posted = Posted(chosen: Set(req.formTexts("chosen")), debitAccount: req.formText("debitAccount"))
        var debit: SaudiIBAN?
        do { debit = try SaudiIBAN(posted.debitAccount) } catch { posted.errors["debitAccount"] = req.t(error.localizationKey) }
        let due = try await chosenDue(Array(posted.chosen), staff: staff, on: req.db)
        if posted.chosen.isEmpty { posted.errors["chosen"] = req.t("payment.error.choose") } else if due == nil { posted.errors["chosen"] = req.t("payment.error.notDue") }
        if let due, Set(due.map(\.commitment.branchID)).count > 1 { posted.errors["chosen"] = req.t("payment.error.oneBranch") }
        guard posted.errors.isEmpty, let due, let debit, let branch = due.first?.commitment.branchID else {
            if posted.errors["chosen"] != nil || posted.errors["debitAccount"] != nil {
                try await req.audit("money.batch.refused", outcome: .denied, detail: posted.errors.values.joined(separator: " | "))
            }
            return try await self.due(req: req, posted: posted, status: .unprocessableEntity)
        }
        let ids = Set(due.compactMap(\.commitment.id))
        let batch: PaymentBatch
        do {
            batch = try await req.db.writeTransaction { db in
                try await PaymentBatchWork.open(ids, branch: branch, debitAccount: debit.value, req: req, on: db)
            }
        } catch PaymentBatchWork.Refusal.notDue {
            posted.errors["chosen"] = req.t("payment.error.notDue")
            return try await self.due(req: req, posted: posted, status: .unprocessableEntity)
        }
        return req.redirect(to: "/payments/batches/\(batch.id!.uuidString)?done=created")
    }

    // MARK: - One batch

    struct PaymentRow: Encodable {
        let id: String; let name: String; let iban: String; let amount: String; let reference: String; let requestID: String
        let status: String; let statusCode: String; let failure: String?; let bankReference: String?; let canRemove: Bool
        let resultFields: [FormField]?
    }
    struct BatchView: Encodable {
        let page: PageContext
        let id: String; let number: String; let status: String; let statusCode: String; let branch: String; let debitAccount: String
        let count: Int; let total: String; let maker: String; let checker: String?; let made: String; let submitted: String?
        let approved: String?; let exported: String?; let closed: String?; let sha256: String?; let note: String?
        let payments: [PaymentRow]?
        let addable: [DueRow]?
        let isDraft: Bool; let isSubmitted: Bool; let mayApprove: Bool; let waitsForChecker: Bool; let mayExport: Bool; let takesResults: Bool; let mayCancel: Bool
        let reasonFields: [FormField]
        let uploadField: [FormField]
        let error: String?
        let problems: [String]?
        let notice: String?
    }

    /// The page's own refusal or upload findings, sent back with the status they answer.
    struct Shown { var error: String?; var problems: [String] = []; var reason = ""; var reasonError: String?; var resultFor: String?; var result: [String: String] = [:]; var resultErrors: FieldErrors = [:] }

    private func batch(_ req: Request) async throws -> PaymentBatch {
        try await req.scoped(PaymentBatch.self, id: req.parameters.get("batchID"), branch: \.$branchID)
    }

    func show(req: Request) async throws -> Response {
        try await page(req, batch: try await batch(req), shown: Shown(), status: .ok)
    }

    func resultFields(_ req: Request, id: String, typed: [String: String], errors: FieldErrors) -> [FormField] {
        [FormField(name: "outcome", label: req.t("payment.result.outcome"), kind: "select", error: errors["outcome"], required: true,
                   options: [FormField.Option(value: "paid", label: req.t("money.paymentStatus.paid"), selected: typed["outcome"] != "failed"),
                             FormField.Option(value: "failed", label: req.t("money.paymentStatus.failed"), selected: typed["outcome"] == "failed")], key: id),
         FormField(name: "bankReference", label: req.t("payment.result.bankReference"), value: typed["bankReference"] ?? "", hint: req.t("payment.result.bankReferenceHint"),
                   error: errors["bankReference"], autocomplete: "off", dir: "ltr", maxlength: 60, key: id),
         FormField(name: "reason", label: req.t("payment.result.reason"), kind: "select", error: errors["reason"],
                   options: [FormField.Option(value: "", label: req.t("payment.result.reasonNone"), selected: (typed["reason"] ?? "").isEmpty)]
                       + PaymentFailureReason.allCases.map { FormField.Option(value: $0.rawValue, label: req.t($0.localizationKey), selected: typed["reason"] == $0.rawValue) }, key: id),
         FormField(name: "reasonText", label: req.t("payment.result.reasonText"), value: typed["reasonText"] ?? "", error: errors["reasonText"], maxlength: 300, key: id)].prepared()
    }

    func page(_ req: Request, batch: PaymentBatch, shown: Shown, status: HTTPStatus) async throws -> Response {
        let staff = try req.requireStaff()
        let id = try batch.requireID()
        let payments = try await PaymentBatchWork.payments(of: id, on: req.db)
        let names = try await StaffUser.names(Set([batch.madeBy] + [batch.approvedBy].compactMap { $0 }), on: req.db)
        let formatter = DualCalendarFormatter(language: req.language)
        let when = { (date: Date?) in date.map { formatter.dateTime($0).combined } }
        var addable: [DueRow] = []
        if batch.status == .draft {
            addable = try await rows(PaymentDue.list(for: staff, branch: batch.branchID, on: req.db).filter(\.collectable), req: req, chosen: [])
        }
        let branch = try await Branch.find(batch.branchID, on: req.db)?.name(in: req.language) ?? "—"
        let done = req.query[String.self, at: "done"].flatMap { key in key.allSatisfy(\.isLetter) && req.lamasat.localizer.has("payment.done.\(key)") ? req.t("payment.done.\(key)") : nil }
        try await req.audit("view", record: ("payment_batch", id.uuidString))
        return try await req.render("money/payments/batch", BatchView(
            page: PageContext(req, title: req.t("payment.batch.title", batch.number)),
            id: id.uuidString, number: batch.number, status: req.t(batch.status.localizationKey), statusCode: batch.status.rawValue, branch: branch,
            debitAccount: (try? SaudiIBAN(batch.debitAccount))?.grouped ?? batch.debitAccount, count: batch.paymentCount,
            total: Money(halalas: batch.controlTotal).formatted(req.language), maker: names[batch.madeBy] ?? "—",
            checker: batch.approvedBy.flatMap { names[$0] }, made: when(batch.madeAt) ?? "", submitted: when(batch.submittedAt),
            approved: when(batch.approvedAt), exported: when(batch.exportedAt), closed: when(batch.closedAt),
            sha256: batch.fileSHA256.isEmpty ? nil : batch.fileSHA256, note: batch.note.isEmpty ? nil : batch.note,
            payments: payments.map { p in
                let pid = p.id!.uuidString
                let failure: String? = p.status == .failed ? PaymentFailureReason.describe(p.failureReason, req) : nil
                return PaymentRow(id: pid, name: p.payeeName, iban: (try? SaudiIBAN(p.iban))?.grouped ?? p.iban, amount: Money(halalas: p.amount).formatted(req.language),
                                  reference: p.reference, requestID: p.requestID.uuidString, status: req.t(p.status.localizationKey), statusCode: p.status.rawValue,
                                  failure: failure, bankReference: p.bankReference.isEmpty ? nil : p.bankReference, canRemove: batch.status == .draft,
                                  resultFields: batch.status == .exported && p.status == .pending
                                    ? resultFields(req, id: pid, typed: shown.resultFor == pid ? shown.result : [:], errors: shown.resultFor == pid ? shown.resultErrors : [:]) : nil)
            }.nonEmpty,
            addable: addable.nonEmpty,
            isDraft: batch.status == .draft, isSubmitted: batch.status == .submitted,
            // The maker is not offered the approval she may not give (maker ≠ checker); she is told who gives it.
            mayApprove: batch.status == .submitted && staff.can(.approvePayments) && batch.madeBy != staff.userID,
            waitsForChecker: batch.status == .submitted && batch.madeBy == staff.userID,
            mayExport: [.approved, .exported, .closed].contains(batch.status), takesResults: batch.status == .exported,
            mayCancel: [.draft, .submitted].contains(batch.status),
            reasonFields: [FormField(name: "reason", label: req.t("payment.batch.reason"), value: shown.reason, hint: req.t("payment.batch.reasonHint"),
                                     error: shown.reasonError, maxlength: 300)].prepared(),
            uploadField: [FormField.upload(req, name: "file", label: req.t("payment.upload.file"), hint: req.t("payment.upload.hint"), accept: ".csv,text/csv")].prepared(),
            error: shown.error, problems: shown.problems.nonEmpty, notice: done)).encodeResponse(status: status, for: req)
    }

    /// Runs a change of `batch` in one transaction; a refusal rolls it back, is audited, and shows the page with it.
    private func change(_ req: Request, _ batch: PaymentBatch, action: String, shown: Shown = Shown(), done: String,
                        _ work: @escaping @Sendable (any Database) async throws -> Void) async throws -> Response {
        do {
            try await req.db.writeTransaction { db in try await work(db) }
        } catch let refusal as PaymentBatchWork.Refusal {
            try await req.audit("money.batch.refused", record: ("payment_batch", try batch.requireID().uuidString), outcome: .denied,
                                detail: "\(action): \(refusal.localizationKey)")
            var shown = shown
            shown.error = req.t(refusal.localizationKey)
            let fresh = try await PaymentBatch.find(batch.requireID(), on: req.db) ?? batch
            let status: HTTPStatus = switch refusal {
            case .makerCannotApprove: .forbidden
            case .locked, .wrongStatus, .changed, .tampered, .request: .conflict
            default: .unprocessableEntity
            }
            return try await page(req, batch: fresh, shown: shown, status: status)
        }
        return req.redirect(to: "/payments/batches/\(try batch.requireID().uuidString)?done=\(done)")
    }

    func add(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let batch = try await batch(req)
        let chosen = req.formTexts("chosen")
        return try await change(req, batch, action: "add", done: "added") { db in
            try await PaymentBatchWork.claim(batch, from: [.draft], on: db)
            guard !chosen.isEmpty else { throw PaymentBatchWork.Refusal.empty }
            guard let due = try await chosenDue(chosen, staff: staff, branch: batch.branchID, on: db) else { throw PaymentBatchWork.Refusal.notDue }
            try await PaymentBatchWork.add(due, to: batch, on: db)
            try await PaymentBatchWork.refreshTotals(batch, on: db)
            try await req.audit("money.batch.added", record: ("payment_batch", try batch.requireID().uuidString),
                                detail: "count=\(due.count) total=\(batch.controlTotal)", on: db)
        }
    }

    func remove(req: Request) async throws -> Response {
        let batch = try await batch(req)
        guard let paymentID = req.parameters.get("paymentID").flatMap(UUID.init(uuidString:)),
              let payment = try await Payment.query(on: req.db).filter(\.$id == paymentID).filter(\.$batchID == batch.requireID()).first()
        else { throw Abort(.notFound) }
        return try await change(req, batch, action: "remove", done: "removed") { db in
            try await PaymentBatchWork.claim(batch, from: [.draft], on: db)
            try await payment.delete(on: db)
            try await PaymentBatchWork.refreshTotals(batch, on: db)
            try await req.audit("money.batch.removed", record: ("payment_batch", try batch.requireID().uuidString),
                                detail: "\(payment.reference) \(payment.amount)", on: db)
        }
    }

    func submit(req: Request) async throws -> Response {
        let batch = try await batch(req)
        return try await change(req, batch, action: "submit", done: "submitted") { db in
            try await PaymentBatchWork.submit(batch, req: req, on: db)
        }
    }

    /// The checker approves: never the maker. The count and control total are kept as they are now.
    func approve(req: Request) async throws -> Response {
        let batch = try await batch(req)
        return try await change(req, batch, action: "approve", done: "approved") { db in
            try await PaymentBatchWork.approve(batch, req: req, on: db)
        }
    }

    private func typedReason(_ req: Request) -> (String, String?) {
        let reason = req.formText("reason")
        if reason.isEmpty { return (reason, req.t("payment.error.reason")) }
        if reason.count > 300 { return (reason, req.t("validation.tooLong")) }
        return (reason, nil)
    }

    /// The checker gives a submitted batch back to its maker, saying why.
    func giveBack(req: Request) async throws -> Response {
        let batch = try await batch(req)
        let (reason, error) = typedReason(req)
        if let error { return try await page(req, batch: batch, shown: Shown(reason: reason, reasonError: error), status: .unprocessableEntity) }
        return try await change(req, batch, action: "return", shown: Shown(reason: reason), done: "returned") { db in
            try await PaymentBatchWork.claim(batch, from: [.submitted], to: .draft, on: db)
            try await PaymentBatch.query(on: db).filter(\.$id == batch.requireID()).set(\.$note, to: reason).update()
            try await req.audit("money.batch.returned", record: ("payment_batch", try batch.requireID().uuidString), detail: reason, on: db)
        }
    }

    /// A draft or submitted batch is cancelled with its reason; its payments are due again.
    func cancel(req: Request) async throws -> Response {
        let batch = try await batch(req)
        let (reason, error) = typedReason(req)
        if let error { return try await page(req, batch: batch, shown: Shown(reason: reason, reasonError: error), status: .unprocessableEntity) }
        return try await change(req, batch, action: "cancel", shown: Shown(reason: reason), done: "cancelled") { db in
            try await PaymentBatchWork.claim(batch, from: [.draft, .submitted], to: .cancelled, on: db)
            try await PaymentBatch.query(on: db).filter(\.$id == batch.requireID()).set(\.$note, to: reason).set(\.$closedAt, to: req.now).update()
            try await req.audit("money.batch.cancelled", record: ("payment_batch", try batch.requireID().uuidString), detail: reason, on: db)
        }
    }

    // MARK: - The bank's file and the printed list

    /// The bank's file. The first download exports the batch and keeps the file's SHA-256; every later one is made
    /// again from the stored rows and must be the same bytes, or it is refused and audited as tampering.
    func bankFile(req: Request) async throws -> Response {
        let batch = try await batch(req)
        guard [.approved, .exported, .closed].contains(batch.status) else {
            return try await page(req, batch: batch, shown: Shown(error: req.t("payment.error.notApproved")), status: .conflict)
        }
        let id = try batch.requireID()
        let exportedAt = batch.exportedAt ?? req.now
        let (bytes, digest, rowsMatch) = try await PaymentBatchWork.file(batch, exportedAt: exportedAt, on: req.db)
        if batch.status == .approved {
            guard rowsMatch else { return try await tampered(req, batch) }
            do {
                try await req.db.writeTransaction { db in try await PaymentBatchWork.export(batch, sha256: digest, at: exportedAt, req: req, on: db) }
            } catch is PaymentBatchWork.Refusal {
                // Another officer exported it a moment ago: this download is checked as every later one.
                return try await bankFile(req: req)
            }
        } else {
            guard rowsMatch, digest == batch.fileSHA256 else { return try await tampered(req, batch) }
            try await req.audit("money.batch.downloaded", record: ("payment_batch", id.uuidString), detail: batch.number)
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(batch.number).csv\"")
        return Response(status: .ok, headers: headers, body: .init(data: bytes))
    }

    private func tampered(_ req: Request, _ batch: PaymentBatch) async throws -> Response {
        try await req.audit("money.batch.tampered", record: ("payment_batch", try batch.requireID().uuidString), outcome: .denied,
                            detail: "\(batch.number) stored=\(batch.fileSHA256)")
        return try await page(req, batch: batch, shown: Shown(error: req.t("payment.error.tampered")), status: .conflict)
    }

    struct PrintView: Encodable {
        struct Line: Encodable { let index: Int; let name: String; let iban: String; let amount: String; let reference: String }
        let page: PageContext; let organization: OrganizationProfile; let number: String; let status: String; let debitAccount: String
        let lines: [Line]; let count: String; let total: String; let totalWords: String; let printed: String; let made: String
        let maker: String; let checker: String; let back: String
    }

    /// The A4 list the maker, the checker and the authorised signatory sign.
    func print(req: Request) async throws -> View {
        let batch = try await batch(req)
        let id = try batch.requireID()
        let payments = try await PaymentBatchWork.payments(of: id, on: req.db)
        let names = try await StaffUser.names(Set([batch.madeBy] + [batch.approvedBy].compactMap { $0 }), on: req.db)
        let formatter = DualCalendarFormatter(language: req.language)
        let total = payments.reduce(Int64(0)) { $0 + $1.amount }
        try await req.audit("money.batch.printed", record: ("payment_batch", id.uuidString), detail: batch.number)
        return try await req.render("money/payments/print", PrintView(
            page: PageContext(req, title: req.t("payment.print.title", batch.number)), organization: try await req.organization(),
            number: batch.number, status: req.t(batch.status.localizationKey), debitAccount: (try? SaudiIBAN(batch.debitAccount))?.grouped ?? batch.debitAccount,
            lines: payments.enumerated().map { index, p in
                .init(index: index + 1, name: p.payeeName, iban: (try? SaudiIBAN(p.iban))?.grouped ?? p.iban,
                      amount: Money(halalas: p.amount).formatted(req.language), reference: p.reference)
            },
            count: String(payments.count), total: Money(halalas: total).formatted(req.language), totalWords: "", printed: formatter.date(req.now).combined,
            made: formatter.date(batch.madeAt).combined, maker: names[batch.madeBy] ?? "—", checker: batch.approvedBy.flatMap { names[$0] } ?? "—",
            back: "/payments/batches/\(id.uuidString)"))
    }

    // MARK: - The bank's result

    /// One payment's result, typed from the bank's statement.
    func result(req: Request) async throws -> Response {
        let batch = try await batch(req)
        guard let paymentID = req.parameters.get("paymentID").flatMap(UUID.init(uuidString:)),
              let payment = try await Payment.query(on: req.db).filter(\.$id == paymentID).filter(\.$batchID == batch.requireID()).first()
        else { throw Abort(.notFound) }
        let typed = ["outcome", "bankReference", "reason", "reasonText"].reduce(into: [String: String]()) { $0[$1] = req.formText($1) }
        var errors: FieldErrors = [:]
        let paid = typed["outcome"] == "paid"
        let reason = PaymentFailureReason(rawValue: typed["reason"]!)
        if !paid && typed["outcome"] != "failed" { errors["outcome"] = req.t("validation.choose") }
        if paid && typed["bankReference"]!.isEmpty { errors["bankReference"] = req.t("payment.error.bankReference") }
        if typed["outcome"] == "failed" && reason == nil { errors["reason"] = req.t("payment.error.failureReason") }
        if reason == .other && typed["reasonText"]!.isEmpty { errors["reasonText"] = req.t("payment.error.reasonText") }
        if typed["bankReference"]!.count > 60 { errors["bankReference"] = req.t("validation.tooLong") }
        if typed["reasonText"]!.count > 300 { errors["reasonText"] = req.t("validation.tooLong") }
        let shown = Shown(resultFor: paymentID.uuidString, result: typed, resultErrors: errors)
        guard errors.isEmpty else { return try await page(req, batch: batch, shown: shown, status: .unprocessableEntity) }
        guard batch.status == .exported else {
            return try await page(req, batch: batch, shown: Shown(error: req.t(batch.status == .closed ? "payment.error.closed" : "payment.error.notExported")), status: .conflict)
        }
        return try await change(req, batch, action: "result", shown: shown, done: paid ? "paid" : "failed") { db in
            try await PaymentBatchWork.claim(batch, from: [.exported], on: db)
            if paid {
                try await PaymentBatchWork.paid(payment, in: batch, bankReference: typed["bankReference"]!, req: req, on: db)
            } else {
                try await PaymentBatchWork.failed(payment, in: batch, reason: reason!, text: typed["reasonText"]!, req: req, on: db)
            }
            try await PaymentBatchWork.closeIfDone(batch, req: req, on: db)
        }
    }

    private struct UploadInput: Content { var file: File? }

    /// The bank's result file: applied whole when every row matches a pending payment of the batch; otherwise every
    /// problem is listed and nothing changes.
    func upload(req: Request) async throws -> Response {
        let batch = try await batch(req)
        guard batch.status == .exported else {
            return try await page(req, batch: batch, shown: Shown(error: req.t(batch.status == .closed ? "payment.error.closed" : "payment.error.notExported")), status: .conflict)
        }
        let file = (try? req.content.decode(UploadInput.self))?.file
        let text = file.flatMap { String(buffer: $0.data) } ?? ""
        let payments = try await PaymentBatchWork.payments(of: batch.requireID(), on: req.db)
        let (rows, problems) = BankResultFile.parse(text)
        let findings = problems.isEmpty
            ? BankResultFile.check(rows, against: payments.map { .init(reference: $0.reference, iban: $0.iban, amount: $0.amount, hasResult: $0.status != .pending) })
            : problems
        guard findings.isEmpty else {
            let problems = findings.map { f in
                (f.line == 0 ? "" : req.t("payment.upload.line", String(f.line)) + " ") + req.t(f.problem.localizationKey) + (f.detail.isEmpty ? "" : " (\(f.detail))")
            }
            try await req.audit("money.batch.uploadRefused", record: ("payment_batch", try batch.requireID().uuidString), outcome: .denied,
                                detail: String(problems.joined(separator: " | ").prefix(500)))
            return try await page(req, batch: batch, shown: Shown(error: req.t("payment.upload.refused"), problems: problems), status: .unprocessableEntity)
        }
        let byReference = Dictionary(payments.map { ($0.reference, $0) }, uniquingKeysWith: { first, _ in first })
        let results = rows
        return try await change(req, batch, action: "upload", done: "uploaded") { db in
            try await PaymentBatchWork.claim(batch, from: [.exported], on: db)
            for row in results {
                guard let payment = byReference[row.reference] else { throw PaymentBatchWork.Refusal.changed }
                switch row.outcome {
                case .paid: try await PaymentBatchWork.paid(payment, in: batch, bankReference: row.bankReference, req: req, on: db)
                case .failed:
                    let (reason, words) = PaymentFailureReason.reading(row.reason)
                    try await PaymentBatchWork.failed(payment, in: batch, reason: reason, text: words, req: req, on: db)
                }
            }
            try await req.audit("money.batch.uploaded", record: ("payment_batch", try batch.requireID().uuidString), detail: "rows=\(results.count)", on: db)
            try await PaymentBatchWork.closeIfDone(batch, req: req, on: db)
        }
    }
}
