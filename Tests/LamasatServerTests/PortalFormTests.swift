import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// The public and portal forms refuse bad input on the field it concerns, keep what was typed, and store nothing.
@Suite("Portal and public forms", .serialized)
struct PortalFormTests {
    @Test("the website's case form, the status look-up and her sign-in: the error on its field, the typed values kept")
    func publicForms() async throws {
        try await withLamasat { t in
            let question = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "request_status").first())
            let visitor = t.browser()
            try await visitor.get("/contact-us/inquiry")
            let unnamed = try await visitor.post("/contact-us/inquiry", ["contactName": "", "contactPhone": "0551234567", "branch": "",
                                                                         "category": question.id!.uuidString, "text": "سؤال محفوظ في النموذج"])
            #expect(unnamed.status == .unprocessableEntity && fieldError(unnamed, "contactName", "validation.required", t)
                    && fieldError(unnamed, "branch", "validation.choose", t))
            #expect(unnamed.contains("سؤال محفوظ في النموذج</textarea>") && unnamed.contains("value=\"\(question.id!.uuidString)\" selected"))
            #expect(try await Inquiry.query(on: t.db).count() == 0)
            try await visitor.get("/status")
            let badNumber = try await visitor.post("/status", ["tracking": "R-26", "mobile": "0501234567"])
            #expect(badNumber.status == .unprocessableEntity && fieldError(badNumber, "tracking", "public.status.error.tracking", t)
                    && badNumber.contains("value=\"0501234567\""))
            let her = t.browser()
            try await her.get("/portal/signin")
            let badID = try await her.post("/portal/signin", ["nationalID": "12345"])
            #expect(badID.status == .unprocessableEntity && fieldError(badID, "nationalID", "portal.error.nationalID", t) && badID.contains("value=\"12345\""))
            #expect(try await PortalChallenge.query(on: t.db).count() == 0)
            #expect(try await t.browser().get("/help?q=%D8%B3%D8%A4%D8%A7%D9%84").contains("id=\"field-q\""))
        }
    }

    @Test("her contact details and an officer's refusal of a change: the error on its field, the typed values kept, nothing changed")
    func portalForms() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let her = try await portalSignIn(t)
            try await her.get("/portal/contact")
            let current = try #require(try await Beneficiary.find(file, on: t.db))
            var fields = ["email": "not-an-address", "alternatePhone": "", "mobile": "0559876543", "addressBuilding": current.addressBuilding,
                          "addressStreet": current.addressStreet, "addressDistrict": current.addressDistrict, "addressCity": "جدة",
                          "addressPostalCode": current.addressPostalCode, "addressAdditional": "", "addressShort": ""]
            let refused = try await her.post("/portal/contact", fields)
            #expect(refused.status == .unprocessableEntity && fieldError(refused, "email", "validation.email", t))
            #expect(refused.contains("value=\"not-an-address\"") && refused.contains("value=\"جدة\"") && refused.contains("value=\"0559876543\""))
            #expect(try await Beneficiary.find(file, on: t.db)?.email == current.email)
            #expect(try await ContactChange.query(on: t.db).count() == 0)
            fields["email"] = ""
            #expect(try await her.post("/portal/contact", fields).status == .seeOther)
            let change = try #require(try await ContactChange.query(on: t.db).filter(\.$kind == .mobile).first())
            try await officer.get("/contact-changes/\(change.id!)")
            let unexplained = try await officer.post("/contact-changes/\(change.id!)/reject", ["reason": ""])
            #expect(unexplained.status == .unprocessableEntity && fieldError(unexplained, "reason", "contactChange.error.reason", t))
            #expect(try await ContactChange.find(change.id, on: t.db)?.status == .pending)
            let (researcher, _) = try await t.signedIn(as: .researcher)
            #expect(try await researcher.post("/contact-changes/\(change.id!)/reject", ["reason": "x"]).status == .forbidden)
            #expect(try await officer.post("/contact-changes/\(change.id!)/reject", ["reason": "الرقم لا يرد"]).status == .seeOther)
            #expect(try await ContactChange.find(change.id, on: t.db)?.reason == "الرقم لا يرد")
        }
    }
}
