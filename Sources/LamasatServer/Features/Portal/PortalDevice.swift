import Vapor

/// The phone she signed in from: a long-lived cookie holding an HMAC of her national ID under the server key. It
/// opens nothing by itself; it only gives that browser its own allowance of sign-in codes, so that nobody else can
/// use up the codes of her own phone by typing her ID.
enum PortalDevice {
    static let cookieName = "lamasat_device"
    static let lifetime = 180 * 24 * 60 * 60

    static func mark(_ response: Response, nationalID: String, req: Request) {
        response.cookies[req.cookieName(cookieName)] = req.sessionCookie(req.pseudonym("portal-device", nationalID), maxAge: lifetime)
    }

    static func recognises(_ nationalID: String, req: Request) -> Bool {
        guard let value = req.cookies[req.cookieName(cookieName)]?.string, !value.isEmpty else { return false }
        return SessionTokens.constantTimeEquals(value, req.pseudonym("portal-device", nationalID))
    }
}
