import NIOConcurrencyHelpers
import Vapor

/// What features register at start-up for a lower layer to use — her file's parts, the services surveys rate,
/// hooks — kept in registration order.
final class Registry<Element: Sendable>: Sendable {
    private let items = NIOLockedValueBox<[Element]>([])

    func register(_ item: Element) {
        items.withLockedValue { $0.append(item) }
    }

    var all: [Element] { items.withLockedValue { $0 } }
}

extension Application {
    /// The registry kept under `key`, made on first use (in `configure` and `routes`, before any request).
    func registry<Element: Sendable, Key: StorageKey>(_ key: Key.Type) -> Registry<Element> where Key.Value == Registry<Element> {
        if let registry = storage[Key.self] { return registry }
        let registry = Registry<Element>()
        storage[Key.self] = registry
        return registry
    }
}
