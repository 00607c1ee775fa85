import Foundation
import LamasatAPI
import LamasatCore
import Vapor

extension LamasatAPIService {
    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let req = try APIRequest.get()
        let staff = try req.requireStaff()
        guard let client = req.apiClient else { throw APIProblem(status: .unauthorized, slug: "unauthorized") }
        return .ok(.init(body: .json(.init(
            name: client.name,
            scopes: client.scopes.map(\.rawValue).sorted().compactMap { .init(rawValue: $0) },
            // Named in the caller's language: the middleware set it before reading the token's branch.
            branch: staff.branchName,
            allBranches: staff.user.scope == .allBranches,
            expiresAt: client.expiresAt))))
    }
}
