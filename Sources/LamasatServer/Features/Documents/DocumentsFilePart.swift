import Fluent
import LamasatCore
import Vapor

/// Her documents on her file: whether the file is complete (a card on the summary) and the documents tab.
struct DocumentsFilePart: FilePart {
    struct RequirementRow: Encodable {
        let type: String
        let state: String
        let stateCode: String
    }

    struct CardView: Encodable {
        let id: String
        let complete: Bool
        let requirements: [RequirementRow]
    }

    struct TabView: Encodable {
        let page: PageContext
        let id: String
        let requirements: [RequirementRow]
        let documents: DocumentsView
    }

    var tab: FileTab? { FileTab(key: "documents", order: 20) }

    func requirementsMet(_ file: Beneficiary, today: Date, on db: any Database) async throws -> Bool {
        try await DocumentRequirements.evaluate(file, today: today, on: db).isComplete
    }

    func summaryCard(_ file: FilePage) async throws -> FileCard? {
        let (rows, complete) = try await requirements(file)
        return FileCard(html: try await file.render("documents/file-card", CardView(id: file.id.uuidString, complete: complete, requirements: rows)),
                        leads: true)
    }

    func tabBody(_ file: FilePage) async throws -> RenderedHTML {
        let documents = try await DocumentsView.make(file.req, file: file.file, staff: file.staff, errors: file.errors["documents"] ?? [])
        return try await file.render("documents/file-tab", TabView(page: file.page, id: file.id.uuidString,
                                                                   requirements: try await requirements(file).rows, documents: documents))
    }

    private func requirements(_ file: FilePage) async throws -> (rows: [RequirementRow], complete: Bool) {
        let req = file.req
        let requirements = try await DocumentRequirements.evaluate(file.file, today: req.now, on: req.db)
        return (requirements.items.map {
            RequirementRow(type: $0.type.name(in: req.language), state: req.t($0.state.localizationKey), stateCode: $0.state.rawValue)
        }, requirements.isComplete)
    }
}
