import Foundation

enum StandardInput {
    /// Everything on standard input, without the one line break a shell `echo` adds.
    static func readSecret() -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\r\n") { text.removeLast(2) } else if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}

/// A command-line mistake: printed as it is, and the command exits non-zero.
struct CommandProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
