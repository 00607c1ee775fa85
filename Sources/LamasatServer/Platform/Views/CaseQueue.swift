/// One queue on "my work" (`/work`): a titled list of what waits, with a link to all of it. Each feature builds
/// its own queues; the work page shows them in turn.
struct CaseQueue: Encodable {
    struct Line: Encodable { let path: String; let number: String; let title: String; let status: String; let late: Bool }
    let title: String
    let lines: [Line]?
    let link: String

    /// Lines shown per queue.
    static let size = 10
}
