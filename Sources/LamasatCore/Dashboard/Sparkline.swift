/// A tile's six-month trend as tiny SVG bars the server draws: heights scaled to the largest month, a missing month
/// (too few answers to show) drawn as nothing rather than a zero. Each bar carries its month and value for its title.
public struct Sparkline: Sendable, Equatable, Encodable {
    public struct Bar: Sendable, Equatable, Encodable {
        public let x: Int
        public let y: Int
        public let height: Int
        public let title: String
    }

    public static let width = 96
    public static let height = 28
    static let gap = 4

    public let bars: [Bar]
    public let barWidth: Int
    /// What a screen reader hears for the whole chart: "month value, month value…".
    public let summary: String

    /// `series` is (month label, value or nil) from the oldest month to the newest; bars are scaled to `maximum`
    /// (100 for a percentage) or, without one, to the largest month.
    public init(series: [(label: String, value: Int?)], maximum: Int? = nil) {
        let count = max(series.count, 1)
        let barWidth = (Self.width - Self.gap * (count - 1)) / count
        let largest = max(1, maximum ?? series.compactMap(\.value).max() ?? 1)
        var bars: [Bar] = []
        for (index, entry) in series.enumerated() {
            guard let value = entry.value else { continue }
            // A month with something in it is never drawn flat; an empty one is a hairline.
            let height = value == 0 ? 1 : max(2, Int((Double(value) / Double(largest) * Double(Self.height)).rounded()))
            bars.append(Bar(x: index * (barWidth + Self.gap), y: Self.height - height, height: height, title: "\(entry.label): \(value)"))
        }
        self.bars = bars
        self.barWidth = barWidth
        summary = series.map { "\($0.label): \($0.value.map(String.init) ?? "—")" }.joined(separator: "، ")
    }
}
