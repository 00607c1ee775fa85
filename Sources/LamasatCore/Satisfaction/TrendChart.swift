/// The geometry of the monthly trend as an SVG line chart: points, axis lines and labels, in a fixed view box the
/// page scales to its width. Months without answers leave a gap in the line rather than a fake zero.
public struct TrendChart: Sendable, Equatable, Encodable {
    public struct Point: Sendable, Equatable, Encodable {
        public let x: Int
        public let y: Int
        public let label: String
        public let value: String
    }

    public struct Gridline: Sendable, Equatable, Encodable {
        public let y: Int
        public let label: String
    }

    public static let width = 640
    public static let height = 220
    static let left = 44, right = 16, top = 16, bottom = 36

    /// One polyline per run of months that have a value.
    public let lines: [String]
    public let points: [Point]
    /// Month labels along the bottom (every month, at the x of its slot).
    public let months: [Point]
    public let gridlines: [Gridline]

    /// `series` is (month label, score 0–100 or nil) in order.
    public init(series: [(label: String, value: Double?)]) {
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        let step = series.count > 1 ? Double(plotWidth) / Double(series.count - 1) : 0
        func x(_ index: Int) -> Int { Self.left + Int((Double(index) * step).rounded()) + (series.count == 1 ? plotWidth / 2 : 0) }
        func y(_ value: Double) -> Int { Self.top + Int(((100 - min(100, max(0, value))) / 100 * Double(plotHeight)).rounded()) }
        var lines: [String] = []
        var current: [String] = []
        var points: [Point] = []
        for (index, entry) in series.enumerated() {
            guard let value = entry.value else {
                if current.count > 1 { lines.append(current.joined(separator: " ")) }
                current = []
                continue
            }
            current.append("\(x(index)),\(y(value))")
            points.append(Point(x: x(index), y: y(value), label: entry.label, value: SatisfactionMath.percent(value) ?? ""))
        }
        if current.count > 1 { lines.append(current.joined(separator: " ")) }
        self.lines = lines
        self.points = points
        months = series.enumerated().map { Point(x: x($0.offset), y: Self.height - 12, label: $0.element.label, value: "") }
        gridlines = [0, 25, 50, 75, 100].map { Gridline(y: y(Double($0)), label: "\($0)%") }
    }
}
