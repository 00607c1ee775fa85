import Fluent
import Vapor

/// The seam for pages that send the officer to log a contact (a call list): told of the contact inside its
/// transaction with the form's `call` value, a hook returns where to go back to, or nil when it is not its own.
typealias ContactOrigin = @Sendable (_ contact: Contact, _ call: String?, _ db: any Database) async throws -> String?

typealias ContactOrigins = Registry<ContactOrigin>

extension Registry where Element == ContactOrigin {
    /// Tells every hook; the last page that claims the contact is where the officer goes back to.
    func logged(_ contact: Contact, call: String?, on db: any Database) async throws -> String? {
        var back: String?
        for hook in all { back = try await hook(contact, call, db) ?? back }
        return back
    }
}

extension Application {
    private struct ContactOriginsKey: StorageKey { typealias Value = ContactOrigins }

    var contactOrigins: ContactOrigins { registry(ContactOriginsKey.self) }
}
