/// Day-exact conversion between the official Umm al-Qura calendar and the Gregorian calendar, 1343–1500 AH.
public enum UmmAlQura {
    public static let yearRange = UmmAlQuraTable.firstYear...(UmmAlQuraTable.firstYear + (UmmAlQuraTable.monthStarts.count - 1) / 12 - 1)

    /// The number of days of a Hijri month, or nil outside the table.
    public static func monthLength(year: Int, month: Int) -> Int? {
        guard let index = index(year: year, month: month), index + 1 < UmmAlQuraTable.monthStarts.count else { return nil }
        return Int(UmmAlQuraTable.monthStarts[index + 1] - UmmAlQuraTable.monthStarts[index])
    }

    /// The Gregorian day of a Hijri day, or nil when the day does not exist or is outside the table.
    public static func gregorian(year: Int, month: Int, day: Int) -> (year: Int, month: Int, day: Int)? {
        guard let index = index(year: year, month: month), let length = monthLength(year: year, month: month),
              (1...length).contains(day)
        else { return nil }
        return fromReducedJulianDay(Int(UmmAlQuraTable.monthStarts[index]) + day - 1)
    }

    /// The Hijri day of a Gregorian day, or nil outside the table.
    public static func hijri(year: Int, month: Int, day: Int) -> (year: Int, month: Int, day: Int)? {
        let rjd = reducedJulianDay(year: year, month: month, day: day)
        let starts = UmmAlQuraTable.monthStarts
        guard let first = starts.first, let last = starts.last, rjd >= Int(first), rjd < Int(last) else { return nil }
        var low = 0, high = starts.count - 1
        while low < high - 1 {
            let middle = (low + high) / 2
            if Int(starts[middle]) <= rjd { low = middle } else { high = middle }
        }
        return (UmmAlQuraTable.firstYear + low / 12, low % 12 + 1, rjd - Int(starts[low]) + 1)
    }

    private static func index(year: Int, month: Int) -> Int? {
        guard (1...12).contains(month), year >= UmmAlQuraTable.firstYear else { return nil }
        let index = (year - UmmAlQuraTable.firstYear) * 12 + month - 1
        return index < UmmAlQuraTable.monthStarts.count - 1 ? index : nil
    }

    /// The reduced Julian day (Julian day number − 2,400,000) of a Gregorian date, the unit of the table.
    static func reducedJulianDay(year: Int, month: Int, day: Int) -> Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        let julianDayNumber = day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
        return julianDayNumber - 2_400_000
    }

    static func fromReducedJulianDay(_ rjd: Int) -> (year: Int, month: Int, day: Int) {
        let a = rjd + 2_400_000 + 32044
        let b = (4 * a + 3) / 146_097
        let c = a - 146_097 * b / 4
        let d = (4 * c + 3) / 1461
        let e = c - 1461 * d / 4
        let m = (5 * e + 2) / 153
        return (100 * b + d - 4800 + m / 10, m + 3 - 12 * (m / 10), e - (153 * m + 2) / 5 + 1)
    }
}
