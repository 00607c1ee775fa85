import Testing
@testable import LamasatCore

@Suite("E-mail addresses")
struct EmailAddressTests {
    @Test("ordinary addresses are accepted as typed", arguments: [
        "noura@lamasat.org.sa", "a.b+tag@example.com", "Reem.Q@Example.COM", "x_y-z@sub-domain.example.co",
        "a@b.sa", "o'neil@example.ie", "نورة@لمسات.السعودية", "info@xn--mgbaam7a8h.sa",
        String(repeating: "a", count: 64) + "@example.com",
    ])
    func accepted(address: String) {
        #expect(EmailAddress(address)?.value == address)
    }

    @Test("white space around the address is trimmed, nothing else changes")
    func trimmed() {
        #expect(EmailAddress("  Noura@Lamasat.org.sa \n")?.value == "Noura@Lamasat.org.sa")
        #expect(EmailAddress(" a@b.sa\t")?.value == "a@b.sa")
        #expect(EmailAddress("a@b.sa") == EmailAddress(" a@b.sa "))
    }

    @Test("addresses that could inject a command or header, or are malformed, are refused", arguments: [
        "v@t.sa>\r\nDATA\r\n", "v@t.sa\r\nBcc: x@y.sa", "a@b.sa\nx", "a@@b.sa", "a@b@c.sa", "a b@c.sa", "a@b c.sa",
        "a@b", ".a@b.sa", "a.@b.sa", "a..b@c.sa", String(repeating: "a", count: 65) + "@example.com",
        "a\t@b.sa", "a@b.s\ta", "a\u{200F}@b.sa", "a@b.sa\u{200F}", "a\u{0000}@b.sa", "a@b.sa\u{0000}",
        "a\u{200B}b@c.sa", "a\u{00A0}b@c.sa", "<a@b.sa>", "a@[192.0.2.1]", "\"a b\"@c.sa", "a,b@c.sa", "a;b@c.sa",
        "a:b@c.sa", "a(b)@c.sa", "a\\b@c.sa", "", "   ", "@b.sa", "a@", "a@.b.sa", "a@b.sa.", "a@b..sa",
        "a@-b.sa", "a@b-.sa", "a@b_c.sa", "a@1.2.3.4", "a@b.123", "a@" + String(repeating: "b", count: 64) + ".sa",
        "a@لمـسات.sa", "نورة",
    ])
    func refused(address: String) {
        #expect(EmailAddress(address) == nil)
    }

    @Test("the whole address is at most 254 octets, counted in UTF-8")
    func overallLength() {
        let domain = [String](repeating: String(repeating: "d", count: 60), count: 3).joined(separator: ".") + ".example.sa"
        #expect(domain.utf8.count == 193)
        #expect(EmailAddress(String(repeating: "l", count: 60) + "@" + domain) != nil)  // 254
        #expect(EmailAddress(String(repeating: "l", count: 61) + "@" + domain) == nil)  // 255
        // 32 Arabic letters are 64 octets: the most a local part holds; one more is too many.
        #expect(EmailAddress(String(repeating: "ن", count: 32) + "@b.sa") != nil)
        #expect(EmailAddress(String(repeating: "ن", count: 33) + "@b.sa") == nil)
    }
}
