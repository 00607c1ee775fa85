import Foundation

/// Horizontal bars drawn by the server as SVG geometry (a report's funnel, amounts by type, channels): one bar per
/// row, scaled to the largest value, growing from the right edge in a right-to-left page and from the left in a
/// left-to-right one. Leaf draws the shapes; this type only computes where they go, so it is tested without a browser.
public struct BarChart: Sendable, Equatable, Encodable {
    public struct Bar: Sendable, Equatable, Encodable {
        public let label: String
        /// The value as the page shows it (a count, an amount with its currency, a percent).
        public let shown: String
        public let x: Int
        public let y: Int
        public let width: Int
        /// Where the label and the value are written, beside the bar.
        public let labelX: Int
        public let valueX: Int
        public let textY: Int
    }

    public static let width = 640
    public static let barHeight = 22
    public static let gap = 10
    /// Room kept for the labels on the start side and for the values at the end of the longest bar.
    static let labelRoom = 190, valueRoom = 90, padding = 8

    public let bars: [Bar]
    public let height: Int
    public let rightToLeft: Bool
    /// How a value's text sits at `valueX` (written left to right, beyond the bar's end): SVG's `text-anchor`.
    public let valueAnchor: String

    /// `rows` are (label, value, value as shown) in the order drawn; negative values are drawn as zero.
    public init(rows: [(label: String, value: Double, shown: String)], rightToLeft: Bool) {
        self.rightToLeft = rightToLeft
        valueAnchor = rightToLeft ? "end" : "start"
        let largest = rows.map { max(0, $0.value) }.max() ?? 0
        let room = Self.width - Self.labelRoom - Self.valueRoom - 2 * Self.padding
        bars = rows.enumerated().map { index, row in
            let length = largest > 0 ? Int((max(0, row.value) / largest * Double(room)).rounded()) : 0
            let y = Self.padding + index * (Self.barHeight + Self.gap)
            let start = Self.padding + Self.labelRoom  // measured from the side the page starts on
            let x = rightToLeft ? Self.width - start - length : start
            let valueX = rightToLeft ? x - 6 : x + length + 6
            let labelX = rightToLeft ? Self.width - Self.padding : Self.padding
            return Bar(label: row.label, shown: row.shown, x: x, y: y, width: length, labelX: labelX, valueX: valueX,
                       textY: y + Self.barHeight / 2 + 5)
        }
        height = 2 * Self.padding + max(1, rows.count) * (Self.barHeight + Self.gap) - Self.gap
    }
}
