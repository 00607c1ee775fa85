import Foundation

/// A QR Code symbol (ISO/IEC 18004, model 2), drawn by the server itself so that a TOTP enrolment secret never
/// leaves it for a third-party image service. Text is encoded as UTF-8 in byte mode without an ECI header: otpauth
/// URIs are ASCII, and readers such as zbar recognise UTF-8 by itself. The structure follows Nayuki's design.
public struct QRCode: Sendable, Equatable {
    /// How much of the symbol may be damaged and still be read: about 7 %, 15 %, 25 % and 30 %.
    public enum ErrorCorrection: Sendable, CaseIterable {
        case low, medium, quartile, high

        /// The two bits this level is written as in the format information.
        fileprivate var formatBits: Int {
            switch self {
            case .low: 1
            case .medium: 0
            case .quartile: 3
            case .high: 2
            }
        }

        fileprivate var tableRow: Int {
            switch self {
            case .low: 0
            case .medium: 1
            case .quartile: 2
            case .high: 3
            }
        }
    }

    public enum EncodingError: Error, Equatable, CustomStringConvertible {
        /// Even the largest allowed version cannot hold this many bytes at this level.
        case dataTooLong(byteCount: Int, maximumByteCount: Int)

        public var description: String {
            switch self {
            case .dataTooLong(let byteCount, let maximum):
                "\(byteCount) bytes do not fit in a QR code at this error correction level (at most \(maximum))"
            }
        }
    }

    /// 1…40; the symbol is 17 + 4 × version modules wide.
    public let version: Int
    /// Modules per side, without the quiet zone.
    public let size: Int
    public let correction: ErrorCorrection
    /// The data mask (0…7) that the penalty rules chose.
    public let mask: Int
    /// Row-major, true for dark.
    private let modules: [Bool]

    /// Encodes text in the smallest version that holds it at the given level.
    public init(encoding text: String, correction: ErrorCorrection = .medium) throws {
        try self.init(bytes: Array(text.utf8), correction: correction)
    }

    /// Forcing a version or mask is for tests that compare whole matrices with another encoder.
    init(bytes: [UInt8], correction: ErrorCorrection, version forcedVersion: Int? = nil, mask forcedMask: Int? = nil) throws {
        precondition(forcedVersion.map { (1...40).contains($0) } ?? true, "QR versions are 1 to 40")
        precondition(forcedMask.map { (0..<8).contains($0) } ?? true, "QR masks are 0 to 7")
        let versions = forcedVersion.map { $0...$0 } ?? 1...40
        guard let version = versions.first(where: { Self.fits(byteCount: bytes.count, version: $0, correction: correction) }) else {
            throw EncodingError.dataTooLong(byteCount: bytes.count, maximumByteCount: Self.capacity(version: versions.upperBound, correction: correction))
        }
        let codewords = Self.addErrorCorrectionAndInterleave(Self.dataCodewords(bytes, version: version, correction: correction),
                                                             version: version, correction: correction)
        var grid = ModuleGrid(version: version)
        grid.drawFunctionPatterns()
        grid.drawCodewords(codewords)
        let mask = forcedMask ?? Self.bestMask(for: grid, correction: correction)
        grid.applyMask(mask)
        grid.drawFormatBits(correction: correction, mask: mask)

        self.version = version
        self.size = grid.size
        self.correction = correction
        self.mask = mask
        self.modules = grid.dark
    }

    /// The first of the masks with the lowest penalty, as the standard asks.
    private static func bestMask(for grid: ModuleGrid, correction: ErrorCorrection) -> Int {
        let penalties = (0..<8).map { grid.penalty(mask: $0, correction: correction) }
        return penalties.indices.min { penalties[$0] < penalties[$1] } ?? 0
    }

    /// Outside the symbol (the quiet zone) every module is light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// A standalone SVG with one path of horizontal runs: no script, style or external reference, so a strict
    /// Content-Security-Policy page can inline it.
    public func svg(moduleSize: Int = 4, quietZone: Int = 4, accessibilityLabel: String? = nil) -> String {
        let quietZone = max(0, quietZone)
        let side = size + 2 * quietZone
        let pixels = side * max(1, moduleSize)
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                let start = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                path += "M\(start + quietZone) \(y + quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        let label = accessibilityLabel.map { " aria-label=\"\(Self.escapedAttribute($0))\"" } ?? ""
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(pixels)\" height=\"\(pixels)\""
            + " role=\"img\"\(label) shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    private static func escapedAttribute(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

// MARK: - Capacity and data codewords

extension QRCode {
    /// Codewords of error correction per block, by level (L, M, Q, H) and version (index 0 unused).
    private static let eccCodewordsPerBlock: [[Int]] = [
        [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
        [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    ]

    /// Error correction blocks, by level (L, M, Q, H) and version (index 0 unused).
    private static let errorCorrectionBlocks: [[Int]] = [
        [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
        [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
        [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
    ]

    private static let byteModeIndicator = 0b0100

    /// Modules left for data and error correction once the function patterns and format/version areas are drawn.
    static func rawDataModules(version: Int) -> Int {
        var modules = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignmentCount = version / 7 + 2
            modules -= (25 * alignmentCount - 10) * alignmentCount - 55
            if version >= 7 { modules -= 36 }
        }
        return modules
    }

    static func dataCodewordCount(version: Int, correction: ErrorCorrection) -> Int {
        let row = correction.tableRow
        return rawDataModules(version: version) / 8 - eccCodewordsPerBlock[row][version] * errorCorrectionBlocks[row][version]
    }

    private static func characterCountBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// The most bytes that byte mode can carry in this version at this level.
    static func capacity(version: Int, correction: ErrorCorrection) -> Int {
        (dataCodewordCount(version: version, correction: correction) * 8 - 4 - characterCountBits(version: version)) / 8
    }

    private static func fits(byteCount: Int, version: Int, correction: ErrorCorrection) -> Bool {
        (1...40).contains(version) && byteCount <= capacity(version: version, correction: correction)
    }

    /// Mode indicator, character count, the bytes, terminator and padding, as whole codewords.
    private static func dataCodewords(_ bytes: [UInt8], version: Int, correction: ErrorCorrection) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(byteModeIndicator, count: 4)
        bits.append(bytes.count, count: characterCountBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }

        let capacityBits = dataCodewordCount(version: version, correction: correction) * 8
        bits.append(0, count: min(4, capacityBits - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count * 8 < capacityBits {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data into blocks, appends each block's Reed–Solomon codewords, and interleaves the blocks.
    private static func addErrorCorrectionAndInterleave(_ data: [UInt8], version: Int, correction: ErrorCorrection) -> [UInt8] {
        let blockCount = errorCorrectionBlocks[correction.tableRow][version]
        let eccLength = eccCodewordsPerBlock[correction.tableRow][version]
        let rawCodewords = rawDataModules(version: version) / 8
        let shortBlockCount = blockCount - rawCodewords % blockCount
        let shortBlockLength = rawCodewords / blockCount
        let divisor = ReedSolomon.divisor(degree: eccLength)

        var blocks: [[UInt8]] = []
        var offset = 0
        for index in 0..<blockCount {
            let dataLength = shortBlockLength - eccLength + (index < shortBlockCount ? 0 : 1)
            var block = Array(data[offset..<(offset + dataLength)])
            offset += dataLength
            let ecc = ReedSolomon.remainder(of: block, divisor: divisor)
            // A placeholder keeps every block the same length so that one loop can interleave them.
            if index < shortBlockCount { block.append(0) }
            blocks.append(block + ecc)
        }

        var result: [UInt8] = []
        result.reserveCapacity(rawCodewords)
        for column in 0..<(shortBlockLength + 1) {
            for (index, block) in blocks.enumerated() where column != shortBlockLength - eccLength || index >= shortBlockCount {
                result.append(block[column])
            }
        }
        return result
    }
}

// MARK: - Bits and Reed–Solomon

private struct BitBuffer {
    private(set) var bits: [Bool] = []

    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        guard count > 0 else { return }
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<min(start + 8, bits.count)].enumerated().reduce(UInt8(0)) { byte, bit in
                bit.element ? byte | (0x80 >> UInt8(bit.offset)) : byte
            }
        }
    }
}

private enum ReedSolomon {
    /// Multiplication in GF(2⁸) modulo x⁸ + x⁴ + x³ + x² + 1.
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var product = 0
        for shift in stride(from: 7, through: 0, by: -1) {
            product = (product << 1) ^ ((product >> 7) * 0x11D)
            product ^= Int((y >> UInt8(shift)) & 1) * Int(x)
        }
        return UInt8(product)
    }

    /// The generator polynomial (x − α⁰)(x − α¹)…(x − α^(degree−1)), highest coefficient (always 1) left out.
    static func divisor(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in 0..<degree {
                coefficients[index] = multiply(coefficients[index], root)
                if index + 1 < degree { coefficients[index] ^= coefficients[index + 1] }
            }
            root = multiply(root, 0x02)
        }
        return coefficients
    }

    static func remainder(of data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var remainder = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ remainder.removeFirst()
            remainder.append(0)
            for index in divisor.indices { remainder[index] ^= multiply(divisor[index], factor) }
        }
        return remainder
    }
}

// MARK: - The module grid

private struct ModuleGrid {
    let version: Int
    let size: Int
    var dark: [Bool]
    /// Finder, timing, alignment, format and version modules, which masks and data never touch.
    var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        dark = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
    }

    private mutating func setFunction(x: Int, y: Int, dark isDark: Bool) {
        dark[y * size + x] = isDark
        isFunction[y * size + x] = true
    }

    mutating func drawFunctionPatterns() {
        for index in 0..<size {
            setFunction(x: 6, y: index, dark: index % 2 == 0)
            setFunction(x: index, y: 6, dark: index % 2 == 0)
        }
        drawFinder(centerX: 3, centerY: 3)
        drawFinder(centerX: size - 4, centerY: 3)
        drawFinder(centerX: 3, centerY: size - 4)

        let positions = alignmentPositions
        let last = positions.count - 1
        for (i, x) in positions.enumerated() {
            for (j, y) in positions.enumerated() where !((i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0)) {
                drawAlignment(centerX: x, centerY: y)
            }
        }
        // Reserve the format areas now; the real bits are written once the mask is known.
        drawFormatBits(correction: .medium, mask: 0)
        drawVersion()
    }

    /// A 7×7 finder with its light separator, clipped at the symbol's edge.
    private mutating func drawFinder(centerX: Int, centerY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centerX + dx, y = centerY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let ring = max(abs(dx), abs(dy))
                setFunction(x: x, y: y, dark: ring != 2 && ring != 4)
            }
        }
    }

    private mutating func drawAlignment(centerX: Int, centerY: Int) {
        for dy in -2...2 {
            for dx in -2...2 {
                setFunction(x: centerX + dx, y: centerY + dy, dark: max(abs(dx), abs(dy)) != 1)
            }
        }
    }

    /// Centres of the alignment patterns along each axis, evenly spaced back from the far edge.
    private var alignmentPositions: [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        var positions = [6]
        var position = size - 7
        for _ in 0..<(count - 1) {
            positions.insert(position, at: 1)
            position -= step
        }
        return positions
    }

    /// Level and mask, protected by a BCH(15, 5) code, written twice.
    mutating func drawFormatBits(correction: QRCode.ErrorCorrection, mask: Int) {
        let data = correction.formatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }

        for index in 0...5 { setFunction(x: 8, y: index, dark: bit(index)) }
        setFunction(x: 8, y: 7, dark: bit(6))
        setFunction(x: 8, y: 8, dark: bit(7))
        setFunction(x: 7, y: 8, dark: bit(8))
        for index in 9..<15 { setFunction(x: 14 - index, y: 8, dark: bit(index)) }

        for index in 0..<8 { setFunction(x: size - 1 - index, y: 8, dark: bit(index)) }
        for index in 8..<15 { setFunction(x: 8, y: size - 15 + index, dark: bit(index)) }
        setFunction(x: 8, y: size - 8, dark: true)
    }

    /// From version 7 on, the version number protected by a BCH(18, 6) code, in two 6×3 blocks.
    private mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for index in 0..<18 {
            let isDark = (bits >> index) & 1 == 1
            let a = size - 11 + index % 3, b = index / 3
            setFunction(x: a, y: b, dark: isDark)
            setFunction(x: b, y: a, dark: isDark)
        }
    }

    /// Places the codewords in the zig-zag of two-module columns, right to left, skipping the vertical timing line.
    mutating func drawCodewords(_ codewords: [UInt8]) {
        let totalBits = codewords.count * 8
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] && bitIndex < totalBits {
                    dark[y * size + x] = (codewords[bitIndex >> 3] >> UInt8(7 - (bitIndex & 7))) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    /// Masking is its own inverse, which `penalty` relies on to try each mask and undo it.
    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let invert = switch mask {
                case 0: (x + y) % 2 == 0
                case 1: y % 2 == 0
                case 2: x % 3 == 0
                case 3: (x + y) % 3 == 0
                case 4: (x / 3 + y / 2) % 2 == 0
                case 5: x * y % 2 + x * y % 3 == 0
                case 6: (x * y % 2 + x * y % 3) % 2 == 0
                default: ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { dark[y * size + x].toggle() }
            }
        }
    }

    /// The score of the four penalty rules for the symbol as it would be with this mask; lower reads better.
    func penalty(mask: Int, correction: QRCode.ErrorCorrection) -> Int {
        var masked = self
        masked.applyMask(mask)
        masked.drawFormatBits(correction: correction, mask: mask)
        return masked.penaltyScore()
    }

    private func penaltyScore() -> Int {
        var score = 0
        for y in 0..<size { score += lineScore { dark[y * size + $0] } }
        for x in 0..<size { score += lineScore { dark[$0 * size + x] } }

        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let color = dark[y * size + x]
                if color == dark[y * size + x + 1], color == dark[(y + 1) * size + x], color == dark[(y + 1) * size + x + 1] {
                    score += 3
                }
            }
        }

        let total = size * size
        let darkCount = dark.lazy.filter { $0 }.count
        let deviation = (abs(darkCount * 20 - total * 10) + total - 1) / total - 1
        score += deviation * 10
        return score
    }

    /// Rule 1 (runs of five or more of one colour) and rule 3 (1:1:3:1:1 finder look-alikes beside four light
    /// modules) along one row or column; the area beyond the edge counts as light.
    private func lineScore(_ isDark: (Int) -> Bool) -> Int {
        var score = 0
        var runColor = false
        var runLength = 0
        var history = FinderRunHistory(size: size)
        for index in 0..<size {
            if isDark(index) == runColor {
                runLength += 1
                if runLength == 5 { score += 3 } else if runLength > 5 { score += 1 }
            } else {
                history.add(runLength)
                if !runColor { score += history.finderLikePatterns * 40 }
                runColor = isDark(index)
                runLength = 1
            }
        }
        if runColor {
            history.add(runLength)
            runLength = 0
        }
        history.add(runLength + size)
        return score + history.finderLikePatterns * 40
    }
}

/// The last seven run lengths of a line, newest first, for spotting finder look-alikes.
private struct FinderRunHistory {
    let size: Int
    var runs = [Int](repeating: 0, count: 7)

    mutating func add(_ length: Int) {
        // The first run of a line also has the light area outside the symbol in front of it.
        let length = runs[0] == 0 ? length + size : length
        runs.removeLast()
        runs.insert(length, at: 0)
    }

    var finderLikePatterns: Int {
        let unit = runs[1]
        let core = unit > 0 && runs[2] == unit && runs[3] == unit * 3 && runs[4] == unit && runs[5] == unit
        return (core && runs[0] >= unit * 4 && runs[6] >= unit ? 1 : 0) + (core && runs[6] >= unit * 4 && runs[0] >= unit ? 1 : 0)
    }
}
