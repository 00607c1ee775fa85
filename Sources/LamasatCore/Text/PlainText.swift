/// Shows a Markdown text (the policy as shipped) as plain reading text: headings, emphasis marks and escapes are
/// dropped, so nothing raw reaches the reader and no HTML is ever produced from stored text.
public enum PlainText {
    public static func fromMarkdown(_ markdown: String) -> String {
        markdown.split(separator: "\n", omittingEmptySubsequences: false).map { raw -> String in
            var line = String(raw)
            while line.hasPrefix("#") { line.removeFirst() }
            if line.hasPrefix("> ") { line.removeFirst(2) }
            line = line.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
            line = line.replacingOccurrences(of: "\\_", with: "_").replacingOccurrences(of: "\\*", with: "*")
            line = line.replacingOccurrences(of: "`", with: "")
            if line.hasPrefix("- ") { line = "• " + line.dropFirst(2) }
            return line.trimmingWhitespace().isEmpty ? "" : (raw.hasPrefix(" ") || raw.hasPrefix("-") ? line : line.trimmingWhitespace())
        }.joined(separator: "\n")
    }
}
