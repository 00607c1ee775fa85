import Fluent
import Foundation
import LamasatAPI
import LamasatCore
import Vapor

/// Beneficiary files through the API: the registry's search, the file form's validation and duplicate checks, and
/// the page's saving, with the branch rule of `reachableBeneficiary` (another branch's file is 404, audited).
extension LamasatAPIService {
    func listBeneficiaries(_ input: Operations.ListBeneficiaries.Input) async throws -> Operations.ListBeneficiaries.Output {
        let req = try APIRequest.get()
        let q = input.query
        // A national ID never travels in a URL: it is refused here, before it could be searched or logged.
        if case .nationalID = BeneficiaryRegistry.interpret(q.q ?? "") {
            throw APIProblem.invalid(["q": req.t("api.problem.nationalIDInURL")])
        }
        let page = try await searchPage(req, text: q.q ?? "", status: q.status?.rawValue, category: q.category, cursor: q.cursor, limit: q.limit)
        return .ok(.init(body: .json(page)))
    }

    func searchBeneficiaries(_ input: Operations.SearchBeneficiaries.Input) async throws -> Operations.SearchBeneficiaries.Output {
        let req = try APIRequest.get()
        guard case .json(let body) = input.body else { throw APIProblem(status: .unsupportedMediaType, slug: "unsupportedMediaType") }
        let page = try await searchPage(req, text: body.q ?? "", status: body.status?.rawValue, category: body.category,
                                        cursor: body.cursor, limit: body.limit)
        return .ok(.init(body: .json(page)))
    }

    private func searchPage(_ req: Request, text: String, status: String?, category: String?, cursor: String?,
                            limit: Int?) async throws -> Components.Schemas.BeneficiaryPage {
        let staff = try req.requireStaff()
        var query = BeneficiaryRegistry.Query()
        query.text = text
        query.status = status.flatMap(BeneficiaryStatus.init(rawValue:))
        if let category, !category.isEmpty {
            guard let id = UUID(uuidString: category) else { throw APIProblem.invalid(["category": req.t("validation.choose")]) }
            query.categoryID = id
        }
        query.keyset = true
        query.after = try APICursor.decode(cursor).map { (date: $0.0, id: $0.1) }
        let size = APICursor.limit(limit)
        // One row more than the page tells whether there is a next one.
        let found = try await BeneficiaryRegistry.search(query, staff: staff, today: req.now, pageSize: size + 1, on: req.db)
        let rows = Array(found.rows.prefix(size))
        try await BeneficiariesController.auditSearch(text, results: found.total, page: cursor == nil ? "1" : "next", req: req)
        let next = found.rows.count > size ? rows.last.map { APICursor.encode(date: $0.created_at, id: $0.id) } : nil
        return .init(items: rows.map { APIFilesMapping.summary($0, req.language) }, nextCursor: next)
    }

    func getBeneficiary(_ input: Operations.GetBeneficiary.Input) async throws -> Operations.GetBeneficiary.Output {
        let req = try APIRequest.get()
        let file = try await req.reachableBeneficiary("beneficiaryId")
        try await req.auditView("beneficiary", id: try file.requireID().uuidString)
        return .ok(.init(headers: .init(eTag: APIETag.of(id: try file.requireID(), version: file.version)),
                         body: .json(try APIFilesMapping.beneficiary(file, req.language))))
    }

    func createBeneficiary(_ input: Operations.CreateBeneficiary.Input) async throws -> Operations.CreateBeneficiary.Output {
        let req = try APIRequest.get()
        let staff = try req.requireStaff()
        guard case .json(let body) = input.body else { throw APIProblem(status: .unsupportedMediaType, slug: "unsupportedMediaType") }
        var form = BeneficiaryForm()
        form.values = try APIFilesMapping.formValues(body, over: form.values)
        if form["branch"].isEmpty { form["branch"] = staff.user.$branch.id.uuidString }
        // As on the page: the same national ID never makes a second file, said before anything else.
        if let typedID = try? NationalID(form["nationalID"]),
           let existing = try await Beneficiary.query(on: req.db).filter(\.$nationalID == typedID.value).first() {
            try await req.audit("beneficiary.duplicateRefused", record: ("beneficiary", try existing.requireID().uuidString), outcome: .denied)
            throw APIProblem(status: .conflict, slug: "conflict", errors: ["nationalID": req.t("beneficiary.duplicate.nationalID")])
        }
        let (valid, errors) = form.validate(req, categories: try await req.formCategories(), branches: try await req.formBranches(), isNew: true)
        guard let valid else { throw APIValidation.problem(errors) }
        let file = Beneficiary()
        file.id = UUID()
        try file.apply(valid)
        let similar = try await BeneficiaryRegistry.similar(to: file, on: req.db)
        if !similar.isEmpty && form["notDuplicate"].isEmpty {
            throw APIProblem(status: .conflict, slug: "similarFile", errors: ["notDuplicate": req.t("beneficiary.similar.confirm")])
        }
        try await BeneficiariesController.register(file, valid, confirmedApartFrom: similar, req: req)
        let saved = try await req.reachableFileByID(id: try file.requireID())
        let id = try saved.requireID()
        return .created(.init(headers: .init(location: "/api/v1/beneficiaries/\(id.uuidString)", eTag: APIETag.of(id: id, version: saved.version)),
                              body: .json(try APIFilesMapping.beneficiary(saved, req.language))))
    }

    func updateBeneficiary(_ input: Operations.UpdateBeneficiary.Input) async throws -> Operations.UpdateBeneficiary.Output {
        let req = try APIRequest.get()
        let file = try await req.reachableBeneficiary("beneficiaryId")
        let id = try file.requireID()
        try APIETag.require(ifMatch: input.headers.ifMatch, id: id, version: file.version)
        guard case .json(let body) = input.body else { throw APIProblem(status: .unsupportedMediaType, slug: "unsupportedMediaType") }
        var form = BeneficiaryForm(file)
        form.values = try APIFilesMapping.formValues(body, over: form.values)
        form["consentMethod"] = file.consentMethod.rawValue
        let (valid, errors) = form.validate(req, categories: try await req.formCategories(including: file.$category.id),
                                            branches: try await req.formBranches(), isNew: false)
        guard let valid else { throw APIValidation.problem(errors) }
        if valid.nationalID.value != file.nationalID,
           try await Beneficiary.query(on: req.db).filter(\.$nationalID == valid.nationalID.value).first() != nil {
            throw APIProblem(status: .conflict, slug: "conflict", errors: ["nationalID": req.t("beneficiary.duplicate.nationalID")])
        }
        let saved: Bool
        do {
            if valid.branch.id != file.$branch.id,
               try await FileBranchMove.blocked(file: id, parts: req.application.fileParts.all, on: req.db) { throw FileBranchMove.Blocked() }
            saved = try await BeneficiaryFileController.saveEdit(file, valid, expectedVersion: file.version, req: req)
        } catch is FileBranchMove.Blocked {
            throw APIProblem(status: .conflict, slug: "conflict", errors: ["branch": req.t("beneficiary.moveInCommittee")])
        }
        guard saved else {
            try await req.audit("beneficiary.editConflict", record: ("beneficiary", id.uuidString), outcome: .failure)
            throw APIProblem(status: .preconditionFailed, slug: "preconditionFailed")
        }
        let current = try await req.reachableFileByID(id: id)
        return .ok(.init(headers: .init(eTag: APIETag.of(id: id, version: current.version)),
                         body: .json(try APIFilesMapping.beneficiary(current, req.language))))
    }
}

extension Request {
    /// A file by id, through the same branch rule as a path parameter.
    func reachableFileByID(id: UUID) async throws -> Beneficiary {
        try await scoped(Beneficiary.self, id: id.uuidString, branch: \.$branch.$id) { $0.with(\.$category).with(\.$branch) }
    }
}
