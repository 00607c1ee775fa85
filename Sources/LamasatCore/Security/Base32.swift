/// RFC 4648 base32, the form authenticator apps expect a TOTP secret in.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Upper case and without `=` padding, as otpauth URIs carry it.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer = 0
        var bitCount = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bitCount += 8
            while bitCount >= 5 {
                bitCount -= 5
                output.append(alphabet[(buffer >> bitCount) & 0x1F])
            }
            buffer &= (1 << bitCount) - 1
        }
        if bitCount > 0 { output.append(alphabet[(buffer << (5 - bitCount)) & 0x1F]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Forgiving of how a person copies a secret: any case, spaces, hyphens, with or without trailing `=`.
    /// Nil for any other character, `=` before the end, or a length no whole number of bytes encodes to.
    public static func decode(_ text: String) -> [UInt8]? {
        var symbols: [Int] = []
        var paddingSeen = false
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "-" || scalar == "\t" || scalar == "\n" || scalar == "\r" { continue }
            if scalar == "=" { paddingSeen = true; continue }
            guard !paddingSeen, let value = symbolValue(scalar) else { return nil }
            symbols.append(value)
        }
        // 1, 3 or 6 symbols past a multiple of 8 cannot come from whole bytes.
        guard ![1, 3, 6].contains(symbols.count % 8) else { return nil }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(symbols.count * 5 / 8)
        var buffer = 0
        var bitCount = 0
        for value in symbols {
            buffer = (buffer << 5) | value
            bitCount += 5
            if bitCount >= 8 {
                bitCount -= 8
                bytes.append(UInt8((buffer >> bitCount) & 0xFF))
                buffer &= (1 << bitCount) - 1
            }
        }
        return bytes
    }

    private static func symbolValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x41...0x5A: Int(scalar.value - 0x41)  // A–Z
        case 0x61...0x7A: Int(scalar.value - 0x61)  // a–z
        case 0x32...0x37: Int(scalar.value - 0x32) + 26  // 2–7
        default: nil
        }
    }
}
