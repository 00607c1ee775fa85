import Foundation
import LamasatAPI
import LamasatCore
import Vapor

extension LamasatAPIService {
    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let req = try APIRequest.get()
        let staff = try req.requireStaff()
        guard let client = req.apiClient,
              let token = try await APIToken.find(client.tokenID, on: req.db) else { throw APIProblem(status: .unauthorized, slug: "unauthorized") }
        let language = Language.fromAcceptLanguage(req.headers.first(name: .acceptLanguage))
        let branch = try await Branch.find(staff.user.$branch.id, on: req.db)
        return .ok(.init(body: .json(.init(
            name: client.name,
            scopes: client.scopes.map(\.rawValue).sorted().compactMap { .init(rawValue: $0) },
            branch: branch?.name(in: language) ?? staff.branchName,
            allBranches: staff.user.scope == .allBranches,
            expiresAt: token.expiresAt))))
    }
}
