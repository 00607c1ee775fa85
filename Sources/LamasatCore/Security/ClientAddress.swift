/// Which address a request came from when the app runs behind a reverse proxy. The throttle and the audit trail
/// key on it, so a forwarding header is believed only as far as proxies we run wrote it: anyone can send
/// "X-Forwarded-For: 1.2.3.4", but only the entries appended by trusted hops are facts.
public struct TrustedProxies: Sendable {
    /// LAMASAT_TRUSTED_PROXIES held entries that are neither an address nor an address/prefix-length.
    public struct InvalidEntries: Error, Sendable, Equatable, CustomStringConvertible {
        public let entries: [String]
        public var description: String { "not an IP address or CIDR range: " + entries.joined(separator: ", ") }
    }

    let networks: [IPNetwork]

    /// Parses a comma- or space-separated list such as "10.0.0.0/8, 192.168.1.7 fd00::/8 ::1". A single address
    /// is a /32 (IPv4) or /128 (IPv6) range. Bits set after the prefix are ignored ("10.1.2.3/8" is 10.0.0.0/8).
    /// Any bad entry fails the whole list, so a typo cannot silently trust less (or more) than intended.
    public init(parsing list: String) throws(InvalidEntries) {
        var networks: [IPNetwork] = []
        var invalid: [String] = []
        for entry in list.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            if let network = IPNetwork(String(entry)) { networks.append(network) } else { invalid.append(String(entry)) }
        }
        guard invalid.isEmpty else { throw InvalidEntries(entries: invalid) }
        self.networks = networks
    }

    init(networks: [IPNetwork]) { self.networks = networks }

    /// No proxy is trusted: the peer of the connection is the client and forwarding headers are ignored.
    public static let none = TrustedProxies(networks: [])

    /// Whether an address (IPv4, IPv6, an IPv4-mapped IPv6 taken as its IPv4; a port or brackets are allowed)
    /// lies in a trusted range. Anything that is not an address is not trusted.
    public func contains(_ address: String) -> Bool {
        IPAddress(node: address).map(contains) ?? false
    }

    func contains(_ address: IPAddress) -> Bool {
        networks.contains { $0.contains(address) }
    }

    /// The client's address, in canonical form ("2001:db8::1", "192.0.2.7"; ports and brackets dropped).
    ///
    /// - The peer (the TCP connection's address) is the only thing known for sure; if it is not a trusted proxy,
    ///   it is the answer and both headers are ignored.
    /// - Otherwise the hop list comes from `Forwarded` (RFC 7239 `for=`) when that header is present, else from
    ///   `X-Forwarded-For`; every header line counts, in order. The peer is appended, and the list is read from
    ///   the right, skipping trusted proxies: the first untrusted address is the client. Entries further left were
    ///   written by the client itself and may be invented.
    /// - An entry that is not an address ("unknown", an obfuscated "_name", garbage) stops the walk, and the last
    ///   trusted hop read is the answer: garbage is never believed. If every hop is trusted, the left-most is.
    ///
    /// Pass an empty list for a header the proxy does not overwrite: a proxy that only appends to
    /// X-Forwarded-For forwards a client's own `Forwarded` header untouched, and that one would be preferred.
    public func resolve(peer: String, forwardedFor: [String], forwarded: [String]) -> String {
        guard let peerAddress = IPAddress(node: peer) else { return peer }
        guard contains(peerAddress) else { return peerAddress.description }
        let hasForwarded = forwarded.contains { !$0.trimmingWhitespace().isEmpty }
        let hops = hasForwarded ? ForwardingHeaders.forwardedFor(forwarded) : ForwardingHeaders.xForwardedFor(forwardedFor)
        var lastTrusted = peerAddress
        for hop in hops.reversed() {
            guard let address = IPAddress(node: hop) else { break }
            guard contains(address) else { return address.description }
            lastTrusted = address
        }
        return lastTrusted.description
    }
}

/// Reading the two forwarding headers into their hop lists, left (first client) to right (nearest proxy).
enum ForwardingHeaders {
    /// "client, proxy1, proxy2" on one or several lines; empty list elements are skipped as HTTP allows.
    static func xForwardedFor(_ lines: [String]) -> [String] {
        lines.flatMap { $0.split(separator: ",").map { String($0).trimmingWhitespace() } }.filter { !$0.isEmpty }
    }

    /// The `for=` of each element of `Forwarded: for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"`.
    /// An element without `for=` yields "" so that it stops the walk like any unreadable hop.
    static func forwardedFor(_ lines: [String]) -> [String] {
        lines.flatMap(elements).map { pairs in
            pairs.first { $0.name.lowercased() == "for" }?.value ?? ""
        }
    }

    /// Splits one header line into elements (by commas) of name=value pairs (by semicolons), honouring quoted
    /// strings with backslash escapes so that a comma inside quotes does not start a new element.
    static func elements(_ line: String) -> [[(name: String, value: String)]] {
        var elements: [[(name: String, value: String)]] = []
        var pairs: [(name: String, value: String)] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        func endPair() {
            let text = current.trimmingWhitespace()
            current = ""
            guard !text.isEmpty else { return }
            guard let equals = text.firstIndex(of: "=") else { pairs.append((text, "")); return }
            let name = String(text[..<equals]).trimmingWhitespace()
            pairs.append((name, unquote(String(text[text.index(after: equals)...]).trimmingWhitespace())))
        }
        func endElement() {
            endPair()
            if !pairs.isEmpty { elements.append(pairs) }
            pairs = []
        }
        for character in line {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\" where inQuotes: current.append(character); escaped = true
            case "\"": current.append(character); inQuotes.toggle()
            case ";" where !inQuotes: endPair()
            case "," where !inQuotes: endElement()
            default: current.append(character)
            }
        }
        endElement()
        return elements
    }

    /// `"[2001:db8::17]:4711"` → `[2001:db8::17]:4711`; an unterminated quote is left as is (and will not parse).
    static func unquote(_ value: String) -> String {
        guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return value }
        var result = ""
        var escaped = false
        for character in value.dropFirst().dropLast() {
            if !escaped && character == "\\" { escaped = true; continue }
            result.append(character)
            escaped = false
        }
        return result
    }
}

/// A range of addresses: an address and how many leading bits of it are fixed.
struct IPNetwork: Sendable, Hashable {
    let address: IPAddress
    let prefixLength: Int

    /// "192.0.2.0/24", "2001:db8::/32", or a single address. The IPv4 forms become IPv4-mapped ranges
    /// (a /24 is ::ffff:192.0.2.0/120), so IPv4 and mapped IPv6 peers match the same entries.
    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(String(parts[0])) else { return nil }
        // The prefix counts in the form written: "::ffff:10.0.0.0/104" is IPv6 notation for 10.0.0.0/8.
        let writtenAsIPv4 = IPAddress.parseIPv4(parts[0]) != nil
        let maximum = writtenAsIPv4 ? 32 : 128
        var length = maximum
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...3).contains(digits.count), digits.allSatisfy({ ("0"..."9").contains($0) }),
                  let parsed = Int(digits), parsed <= maximum else { return nil }
            length = parsed
        }
        prefixLength = writtenAsIPv4 ? length + 96 : length
        self.address = address.masked(prefixLength)
    }

    func contains(_ other: IPAddress) -> Bool {
        other.masked(prefixLength) == address
    }
}

/// An IPv4 or IPv6 address as 128 bits; IPv4 is kept as IPv4-mapped IPv6 (::ffff:a.b.c.d), and
/// "::ffff:1.2.3.4" typed in IPv6 form is the same value, so both are treated as the IPv4 address.
/// Parsed by hand and strictly: no leading zeros in IPv4 parts (some parsers read them as octal), no zone ids.
struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    let high: UInt64
    let low: UInt64

    var isIPv4: Bool { high == 0 && low >> 32 == 0xFFFF }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A bare address: "192.0.2.7", "2001:db8::1", "::ffff:192.0.2.7".
    init?(_ text: String) {
        if let v4 = Self.parseIPv4(Substring(text)) {
            self.init(high: 0, low: 0xFFFF_0000_0000 | UInt64(v4))
        } else if let v6 = Self.parseIPv6(Substring(text)) {
            self.init(high: v6.high, low: v6.low)
        } else {
            return nil
        }
    }

    /// An address as a forwarding header or a socket writes it: also "192.0.2.7:8080", "[2001:db8::1]" and
    /// "[2001:db8::1]:443". The port is checked and dropped.
    init?(node text: String) {
        let node = text.trimmingWhitespace()
        if node.hasPrefix("[") {
            guard let close = node.firstIndex(of: "]") else { return nil }
            let rest = node[node.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && Self.isPort(rest.dropFirst())),
                  let v6 = Self.parseIPv6(node[node.index(after: node.startIndex)..<close]) else { return nil }
            self.init(high: v6.high, low: v6.low)
            return
        }
        let colons = node.filter { $0 == ":" }.count
        if colons == 1, let colon = node.firstIndex(of: ":") {
            guard Self.isPort(node[node.index(after: colon)...]), let v4 = Self.parseIPv4(node[..<colon]) else { return nil }
            self.init(high: 0, low: 0xFFFF_0000_0000 | UInt64(v4))
            return
        }
        self.init(node)
    }

    /// Keeps the first `bits` bits (0–128) and clears the rest.
    func masked(_ bits: Int) -> IPAddress {
        func mask(_ bits: Int) -> UInt64 { bits <= 0 ? 0 : bits >= 64 ? .max : ~(UInt64.max >> UInt64(bits)) }
        return IPAddress(high: high & mask(bits), low: low & mask(bits - 64))
    }

    /// Dotted IPv4 for IPv4 and mapped addresses, otherwise RFC 5952: lower case, no leading zeros, the longest
    /// run of two or more zero groups (the first, on a tie) written "::".
    var description: String {
        if isIPv4 {
            return [24, 16, 8, 0].map { String((low >> UInt64($0)) & 0xFF) }.joined(separator: ".")
        }
        let groups = (0..<8).map { index -> UInt16 in
            let word = index < 4 ? high : low
            return UInt16(truncatingIfNeeded: word >> UInt64((3 - index % 4) * 16))
        }
        var best = (start: -1, length: 0)
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            var end = index
            while end < 8, groups[end] == 0 { end += 1 }
            if end - index > best.length { best = (index, end - index) }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let left = hex[..<best.start].joined(separator: ":")
        let right = hex[(best.start + best.length)...].joined(separator: ":")
        return left + "::" + right
    }

    static func isPort(_ text: Substring) -> Bool {
        (1...5).contains(text.count) && text.allSatisfy { ("0"..."9").contains($0) } && (Int(text) ?? 65536) <= 65535
    }

    /// Exactly four decimal parts 0–255, without leading zeros.
    static func parseIPv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ ("0"..."9").contains($0) }),
                  part == "0" || !part.hasPrefix("0"), let byte = UInt32(part), byte <= 255 else { return nil }
            value = value << 8 | byte
        }
        return value
    }

    /// Eight groups of 1–4 hex digits, at most one "::" standing for one or more zero groups, and optionally
    /// the last 32 bits written as IPv4.
    static func parseIPv6(_ text: Substring) -> (high: UInt64, low: UInt64)? {
        guard text.count >= 2, text.count <= 45 else { return nil }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2 else { return nil }
        func groups(_ half: String, allowIPv4Tail: Bool) -> [UInt16]? {
            guard !half.isEmpty else { return [] }
            var result: [UInt16] = []
            let pieces = half.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, allowIPv4Tail, piece.contains(".") {
                    guard let v4 = parseIPv4(piece) else { return nil }
                    result += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
                } else {
                    guard (1...4).contains(piece.count), piece.allSatisfy(\.isASCIIHexDigit), let group = UInt16(piece, radix: 16) else {
                        return nil
                    }
                    result.append(group)
                }
            }
            return result
        }
        var all: [UInt16]
        if halves.count == 2 {
            guard let left = groups(halves[0], allowIPv4Tail: false), let right = groups(halves[1], allowIPv4Tail: true),
                  left.count + right.count <= 7 else { return nil }
            all = left + Array(repeating: 0, count: 8 - left.count - right.count) + right
        } else {
            guard let only = groups(halves[0], allowIPv4Tail: true), only.count == 8 else { return nil }
            all = only
        }
        let high = all[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = all[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (high, low)
    }
}

extension Character {
    /// 0–9, a–f, A–F only (`isHexDigit` also accepts the fullwidth forms).
    var isASCIIHexDigit: Bool { isASCII && isHexDigit }
}
