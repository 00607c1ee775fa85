import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Localization")
struct LocalizationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func localizer() throws -> Localizer {
        try Localizer.load(from: root.appendingPathComponent("Resources/").path + "/")
    }

    static func files(under folder: String, ending suffix: String) -> [URL] {
        let base = root.appendingPathComponent(folder)
        let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { $0.path.hasSuffix(suffix) }
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test("ar.json and en.json have exactly the same keys, none of them empty")
    func sameKeys() throws {
        let localizer = try Self.localizer()
        #expect(localizer.keys(.ar) == localizer.keys(.en))
        #expect(localizer.keys(.ar).count > 150)
        for language in Language.allCases {
            for key in localizer.keys(language) {
                #expect(!localizer.text(key, language).trimmingWhitespace().isEmpty, "\(language) \(key)")
            }
        }
    }

    @Test("every key named in a template or in the code exists")
    func everyUsedKeyExists() throws {
        let localizer = try Self.localizer()
        var used: Set<String> = []
        for file in Self.files(under: "Resources/Views", ending: ".leaf") {
            used.formUnion(Self.matches(#"#t\("([^"]+)""#, in: try String(contentsOf: file, encoding: .utf8)))
        }
        for file in Self.files(under: "Sources/LamasatServer", ending: ".swift") {
            let text = try String(contentsOf: file, encoding: .utf8)
            used.formUnion(Self.matches(#"\.t\("([a-zA-Z0-9.]+)""#, in: text))
        }
        #expect(used.count > 100)
        for key in used.sorted() { #expect(localizer.has(key), "missing key \(key)") }
    }

    @Test("every key built from a code value exists: roles, scopes, channels, outcomes, statuses, validation")
    func derivedKeysExist() throws {
        let localizer = try Self.localizer()
        var keys = Role.allCases.map(\.localizationKey) + BranchScope.allCases.map(\.localizationKey)
        keys += ContactChannel.allCases.map(\.localizationKey) + MessageChannel.allCases.map(\.localizationKey)
        keys += AuditRecord.Outcome.allCases.map { "audit.outcome.\($0.rawValue)" }
        keys += OutboxMessage.Status.allCases.map(\.localizationKey)
        keys += [StaffUsername.Problem.empty, .tooShort, .tooLong, .invalidCharacters].map(\.localizationKey)
        keys += [PasswordPolicy.Problem.tooShort, .tooLong, .onlyWhitespace, .sameAsUsername, .mismatch].map(\.localizationKey)
        keys += OrganizationProfile.Field.allCases.map { "settings.\($0.rawValue)" }
        keys += ErrorPageMiddleware.knownStatuses.flatMap { ["error.\($0).title", "error.\($0).message"] }
        keys += BeneficiaryStatus.allCases.map(\.localizationKey) + Education.allCases.map(\.localizationKey)
        keys += Employment.allCases.map(\.localizationKey) + Housing.allCases.map(\.localizationKey)
        keys += FamilyRelation.allCases.map(\.localizationKey) + Sex.allCases.map(\.localizationKey)
        keys += Schooling.allCases.map(\.localizationKey) + ConsentMethod.allCases.map(\.localizationKey)
        keys += CalendarDay.Calendar.allCases.map { "calendar.\($0.rawValue)" }
        keys += [BeneficiaryStatus.Refusal.notAllowed, .reasonRequired, .requirementsIncomplete].map(\.localizationKey)
        keys += NationalID.Problem.allCases.map(\.localizationKey) + SaudiMobile.Problem.allCases.map(\.localizationKey)
        keys += SaudiIBAN.Problem.allCases.map(\.localizationKey) + Money.Problem.allCases.map(\.localizationKey)
        keys += CalendarDay.Problem.allCases.map(\.localizationKey)
        keys += SupportRequestStatus.allCases.map(\.localizationKey) + SupportRequestAction.allCases.map(\.localizationKey)
        keys += SupportRequestRefusal.allCases.map(\.localizationKey)
        // What her portal says of each state.
        keys += SupportRequestStatus.allCases.flatMap { ["portal.status.\($0.rawValue)", "portal.explain.\($0.rawValue)", "portal.step.\($0.rawValue)"] }
        keys += BreachRisk.allCases.map(\.localizationKey) + RightsRequestKind.allCases.map(\.localizationKey)
        keys += RightsRequestStatus.allCases.map(\.localizationKey) + RightsDecision.allCases.map(\.localizationKey)
        keys += AppointmentMode.allCases.map(\.localizationKey) + AppointmentStatus.allCases.map(\.localizationKey)
        keys += SupportKind.allCases.map(\.localizationKey)
        keys += CommitteeVote.allCases.map(\.localizationKey) + ResearchVisitKind.allCases.map(\.localizationKey)
        keys += ResearchVisitStatus.allCases.map(\.localizationKey) + ResearchRecommendation.allCases.map(\.localizationKey)
        keys += DeliveryPlace.allCases.map(\.localizationKey) + DeclarationMethod.allCases.map(\.localizationKey)
        // The notice after each request action ("done=request<Action>").
        keys += SupportRequestAction.allCases.map { "notice.request" + $0.rawValue.prefix(1).uppercased() + $0.rawValue.dropFirst() }
        keys += ["beneficiary.registered", "beneficiary.registrationBlocked"].map { "timeline.\($0)" }
        keys += BeneficiaryForm.textFields.map { "beneficiary.field.\($0)" } + BeneficiaryForm.checkboxes.filter { $0 != "notDuplicate" }.map { "beneficiary.field.\($0)" }
        keys += (BeneficiaryFileController.ownTabs + fileParts.compactMap(\.tab)).map { "beneficiary.tab.\($0.key)" }
        keys += BeneficiaryRegistry.Query.Sort.allCases.map { "beneficiary.sort.\($0.rawValue)" }
        keys += ["mobile", "nameAndBirthDate"].map { "beneficiary.similar.\($0)" }
        keys += FamilyMemberForm.names.filter { !["birthDate", "healthNotes", "monthlyIncome"].contains($0) }.map { "family.field.\($0)" }
        keys += NationalAddress.Field.allCases.compactMap { field in
            NationalAddress(buildingNumber: "x", city: "", postalCode: "x", additionalNumber: "x", shortAddress: "x").problems()[field]
        }
        keys += SurveyQuestionKind.allCases.map(\.localizationKey) + SurveyAspect.allCases.map(\.localizationKey)
        keys += [SurveyAnswerRule.Problem.required, .outOfRange, .tooLong].map(\.localizationKey) + (1...5).map { "survey.scale.\($0)" }
        keys += ["thanks", "used", "expired", "unknown"].flatMap { ["survey.\($0).title", "survey.\($0).text"] }
        keys += ImprovementAction.Status.allCases.map(\.localizationKey) + ImprovementLink.Kind.allCases.map(\.localizationKey)
        keys += OutreachRule.Code.allCases.flatMap { [$0.localizationKey, $0.localizationKey + ".help"] }
        keys += SurveyInvitations.messageTemplates.map { "templates.\($0.code)" }
        for key in keys { #expect(localizer.has(key), "missing key \(key)") }
    }

    @Test("a counted text takes the form its number asks for, and every counted key has all six forms in both files")
    func countedForms() throws {
        let localizer = try Self.localizer()
        #expect(localizer.text("campaign.count", .ar, ["1"]) == "ملف واحد مطابق")
        #expect(localizer.text("campaign.count", .ar, ["2"]) == "ملفان مطابقان")
        #expect(localizer.text("campaign.count", .ar, ["3"]) == "3 ملفات مطابقة")
        #expect(localizer.text("campaign.count", .ar, ["11"]) == "11 ملفًا مطابقًا")
        #expect(localizer.text("campaign.count", .ar, ["100"]) == "100 ملف مطابق")
        #expect(localizer.text("library.pending", .en, ["1"]) == "1 document to read")
        #expect(localizer.text("library.pending", .en, ["4"]) == "4 documents to read")
        let counted = Set(localizer.keys(.ar).filter { $0.hasSuffix(".few") }.map { String($0.dropLast(".few".count)) })
        #expect(counted.isSuperset(of: ["campaign.count", "library.pending", "request.days", "case.workingDays"]))
        for key in counted {
            for form in PluralCategory.allCases { #expect(localizer.keys(.ar).contains("\(key).\(form.rawValue)"), "\(key).\(form.rawValue)") }
        }
    }

    @Test("the language switch is remembered and turns the page left-to-right English, and back")
    func languageSwitch() async throws {
        try await withLamasat { t in
            let browser = t.browser()
            try await browser.get("/signin")
            let switched = try await browser.post("/language", ["lang": "en", "return": "/signin"])
            #expect(switched.location == "/signin")
            #expect(browser.cookies["lamasat_lang"] == "en")
            let english = try await browser.get("/signin")
            #expect(english.contains("<html lang=\"en\" dir=\"ltr\">"))
            #expect(english.contains("Staff sign-in"))
            let refusedReturn = try await browser.post("/language", ["lang": "ar", "return": "https://evil.example/"])
            #expect(refusedReturn.status == .seeOther && refusedReturn.location == "/", "a return address off this site is dropped")
            let arabic = try await browser.get("/signin")
            #expect(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"))
            #expect(try await browser.post("/language", ["lang": "fr"]).status == .badRequest)
        }
    }

    @Test("dates on pages show both calendars")
    func dualDatesOnDashboard() async throws {
        try await withLamasat { t in
            let (browser, _) = try await t.signedIn(as: .relationsOfficer)
            let page = try await browser.get("/")
            #expect(page.contains("2026م"))
            #expect(page.contains("1448هـ"))
        }
    }

    @Test("no template follows a value tag with a colon, which Leaf would read as the start of a body")
    func noColonAfterValueTags() throws {
        for file in Self.files(under: "Resources/Views", ending: ".leaf") {
            let text = try String(contentsOf: file, encoding: .utf8)
            let offending = Self.matches(#"(#t?\([^()]*\)):"#, in: text)
            #expect(offending.isEmpty, "\(file.lastPathComponent): \(offending)")
        }
    }
}
