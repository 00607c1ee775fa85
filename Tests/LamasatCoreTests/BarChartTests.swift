import Testing
@testable import LamasatCore

@Suite("Bar charts drawn by the server")
struct BarChartTests {
    let rows: [(label: String, value: Double, shown: String)] = [("مقدمة", 40, "40"), ("مقبولة", 10, "10"), ("مرفوضة", 0, "0")]

    @Test("bars are scaled to the largest value and stacked without overlapping")
    func scaled() {
        let chart = BarChart(rows: rows, rightToLeft: false)
        let full = BarChart.width - BarChart.labelRoom - BarChart.valueRoom - 2 * BarChart.padding
        #expect(chart.bars.map(\.width) == [full, full / 4, 0])
        #expect(zip(chart.bars, chart.bars.dropFirst()).allSatisfy { $0.y + BarChart.barHeight < $1.y })
        #expect(chart.bars.last!.y + BarChart.barHeight <= chart.height)
        #expect(chart.bars.allSatisfy { $0.x >= 0 && $0.x + $0.width <= BarChart.width })
    }

    @Test("in a right-to-left page the bars grow leftwards from the right, labels on the right")
    func rightToLeft() {
        let rtl = BarChart(rows: rows, rightToLeft: true), ltr = BarChart(rows: rows, rightToLeft: false)
        for (r, l) in zip(rtl.bars, ltr.bars) {
            #expect(r.width == l.width)
            #expect(r.x + r.width == BarChart.width - l.x, "mirror images of each other")
            #expect(r.labelX > r.x + r.width && l.labelX < l.x)
            #expect(r.valueX < r.x && l.valueX > l.x + l.width)
        }
    }

    @Test("nothing to draw, or only zeros and negatives, gives empty bars, never a division by zero")
    func empty() {
        #expect(BarChart(rows: [], rightToLeft: true).bars.isEmpty)
        #expect(BarChart(rows: [("a", 0, "0"), ("b", -3, "-3")], rightToLeft: true).bars.map(\.width) == [0, 0])
    }
}
