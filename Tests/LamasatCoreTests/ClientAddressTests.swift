import Testing
@testable import LamasatCore

@Suite("Client address behind trusted proxies")
struct ClientAddressTests {
    /// The load balancer's subnet, the reverse proxy on the same host, and an IPv6 range of proxies.
    let proxies: TrustedProxies

    init() throws {
        proxies = try TrustedProxies(parsing: "10.0.0.0/8, 127.0.0.1  2001:db8:cafe::/48,fd00::1")
    }

    @Test("a peer that is not a trusted proxy is the client, whatever the headers claim")
    func untrustedPeer() {
        let spoofed = proxies.resolve(peer: "203.0.113.9", forwardedFor: ["198.51.100.1, 10.0.0.2"],
                                      forwarded: ["for=198.51.100.2"])
        #expect(spoofed == "203.0.113.9")
        #expect(TrustedProxies.none.resolve(peer: "10.0.0.1", forwardedFor: ["198.51.100.1"], forwarded: []) == "10.0.0.1")
        #expect(TrustedProxies.none.resolve(peer: "::ffff:203.0.113.9", forwardedFor: [], forwarded: []) == "203.0.113.9")
    }

    @Test("behind a trusted proxy the right-most untrusted X-Forwarded-For entry is the client")
    func rightMostUntrusted() {
        #expect(proxies.resolve(peer: "10.0.0.5", forwardedFor: ["198.51.100.7"], forwarded: []) == "198.51.100.7")
        #expect(proxies.resolve(peer: "127.0.0.1", forwardedFor: ["198.51.100.7:53211"], forwarded: []) == "198.51.100.7")
        // No header at all: the proxy itself is the only address known.
        #expect(proxies.resolve(peer: "10.0.0.5", forwardedFor: [], forwarded: []) == "10.0.0.5")
    }

    @Test("an address the client put at the left of X-Forwarded-For is ignored")
    func spoofedLeftMost() {
        // The client sent "X-Forwarded-For: 10.0.0.1" itself; the proxy appended what it saw.
        #expect(proxies.resolve(peer: "10.0.0.5", forwardedFor: ["10.0.0.1, 198.51.100.7"], forwarded: []) == "198.51.100.7")
        #expect(proxies.resolve(peer: "10.0.0.5", forwardedFor: ["1.1.1.1", "198.51.100.7"], forwarded: []) == "198.51.100.7")
    }

    @Test("several trusted hops are skipped, across header lines; if all are trusted the left-most is taken")
    func multipleTrustedHops() {
        let chain = ["192.0.2.44, 10.1.1.1", "10.2.2.2,  127.0.0.1"]
        #expect(proxies.resolve(peer: "10.0.0.5", forwardedFor: chain, forwarded: []) == "192.0.2.44")
        #expect(proxies.resolve(peer: "10.0.0.5", forwardedFor: ["10.9.9.9, 10.1.1.1"], forwarded: []) == "10.9.9.9")
        // Empty list elements are allowed by HTTP and skipped.
        #expect(proxies.resolve(peer: "10.0.0.5", forwardedFor: ["192.0.2.44,,10.1.1.1", ""], forwarded: []) == "192.0.2.44")
    }

    @Test("the Forwarded header is preferred, with quoted IPv6 and ports")
    func forwardedHeader() {
        let forwarded = [#"for="[2001:DB8:0:0::17]:4711";proto=https, For=10.0.0.9"#]
        #expect(proxies.resolve(peer: "10.0.0.5", forwardedFor: ["198.51.100.1"], forwarded: forwarded) == "2001:db8::17")
        #expect(proxies.resolve(peer: "10.0.0.5", forwardedFor: [], forwarded: ["for=192.0.2.60;proto=http;by=203.0.113.43"]) == "192.0.2.60")
        #expect(proxies.resolve(peer: "10.0.0.5", forwardedFor: [], forwarded: [#"for="192.0.2.60:8080""#, "for=10.0.0.7"]) == "192.0.2.60")
        // A comma inside quotes does not split the element.
        #expect(proxies.resolve(peer: "10.0.0.5", forwardedFor: [], forwarded: [#"for=192.0.2.61;host="a,b", for=10.0.0.7"#]) == "192.0.2.61")
        // A blank Forwarded line does not hide X-Forwarded-For.
        #expect(proxies.resolve(peer: "10.0.0.5", forwardedFor: ["198.51.100.1"], forwarded: [" "]) == "198.51.100.1")
    }

    @Test("garbage, unknown or obfuscated hops stop the walk at the last trusted hop", arguments: [
        (["not-an-ip, 10.1.1.1"], [String](), "10.1.1.1"),
        (["198.51.100.1, unknown"], [], "10.0.0.5"),
        (["198.51.100.1, 010.0.0.1"], [], "10.0.0.5"),  // leading zeros: octal to some parsers
        (["198.51.100.1, 192.0.2.1:99999"], [], "10.0.0.5"),
        (["198.51.100.1, fe80::1%eth0"], [], "10.0.0.5"),
        ([], ["for=unknown"], "10.0.0.5"),
        ([], [#"for="_gazonk""#, "for=10.0.0.8"], "10.0.0.8"),
        ([], ["proto=https"], "10.0.0.5"),  // an element without for=
        ([], [#"for="[2001:db8::1"#], "10.0.0.5"),
    ])
    func garbage(forwardedFor: [String], forwarded: [String], expected: String) {
        #expect(proxies.resolve(peer: "10.0.0.5", forwardedFor: forwardedFor, forwarded: forwarded) == expected)
    }

    @Test("IPv6 ranges match by prefix, and IPv4-mapped IPv6 is treated as IPv4")
    func ipv6Ranges() {
        #expect(proxies.contains("2001:db8:cafe:1::5"))
        #expect(proxies.contains("[2001:db8:cafe:ffff:ffff:ffff:ffff:ffff]:443"))
        #expect(!proxies.contains("2001:db8:caff::1"))
        #expect(proxies.contains("fd00::1") && !proxies.contains("fd00::2"))
        #expect(proxies.contains("::ffff:10.20.30.40") && proxies.contains("::FFFF:7f00:1"))
        #expect(!proxies.contains("11.0.0.1") && !proxies.contains("::1") && !proxies.contains("") && !proxies.contains("garbage"))
        #expect(proxies.resolve(peer: "2001:db8:cafe::2", forwardedFor: ["2001:db8:1::abcd, 2001:db8:cafe::3"], forwarded: [])
                == "2001:db8:1::abcd")
        #expect(proxies.resolve(peer: "::ffff:10.0.0.5", forwardedFor: ["::ffff:192.0.2.1"], forwarded: []) == "192.0.2.1")
    }

    @Test("prefix lengths are exact at the edges")
    func prefixEdges() throws {
        let ranges = try TrustedProxies(parsing: "192.168.4.0/22 172.16.0.0/12 0.0.0.0/32 2001:db8::/127 ::ffff:100.64.0.0/106")
        #expect(ranges.contains("192.168.7.255") && !ranges.contains("192.168.8.0") && !ranges.contains("192.168.3.255"))
        #expect(ranges.contains("172.31.255.255") && !ranges.contains("172.32.0.0"))
        #expect(ranges.contains("2001:db8::1") && !ranges.contains("2001:db8::2"))
        #expect(ranges.contains("100.127.255.255") && !ranges.contains("100.128.0.0"))
        #expect(try TrustedProxies(parsing: "0.0.0.0/0").contains("8.8.8.8"))
        #expect(try !TrustedProxies(parsing: "0.0.0.0/0").contains("2001:db8::1"))
        #expect(try TrustedProxies(parsing: "::/0").contains("2001:db8::1"))
        #expect(try !TrustedProxies(parsing: "").contains("127.0.0.1"))
    }

    @Test("a list with invalid entries is refused, naming each of them")
    func invalidList() {
        #expect(throws: TrustedProxies.InvalidEntries(entries: ["10.0.0.0/33", "proxy.local", "::1/129", "1.2.3/24", "10.0.0.1/"])) {
            try TrustedProxies(parsing: "10.0.0.0/33, 127.0.0.1 proxy.local,::1/129 1.2.3/24 10.0.0.1/")
        }
        #expect(throws: TrustedProxies.InvalidEntries.self) { try TrustedProxies(parsing: "10.0.0.0/8/8") }
        #expect(throws: TrustedProxies.InvalidEntries.self) { try TrustedProxies(parsing: "1:2:3:4:5:6:7:8:9") }
        #expect(throws: TrustedProxies.InvalidEntries.self) { try TrustedProxies(parsing: "256.0.0.1") }
    }

    @Test("addresses are parsed by hand and written back in canonical form", arguments: [
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"), ("::", "::"), ("::1", "::1"),
        ("2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"), ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("2001:db8:1:1:1:1:1:0", "2001:db8:1:1:1:1:1:0"), ("::ffff:192.0.2.1", "192.0.2.1"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"), ("0.0.0.0", "0.0.0.0"), ("255.255.255.255", "255.255.255.255"),
    ])
    func canonical(text: String, expected: String) {
        #expect(IPAddress(text)?.description == expected)
    }

    @Test("malformed addresses are refused", arguments: [
        "", "1.2.3", "1.2.3.4.5", "1.2.3.-4", "01.2.3.4", "1.2.3.4 ", "١.٢.٣.٤", "1:2:3:4:5:6:7", "1::2::3",
        ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "12345::1", "g::1", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5",
        "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
    ])
    func malformed(text: String) {
        #expect(IPAddress(text) == nil)
    }
}
