import Fluent
import Foundation
import LamasatCore
import Vapor

/// About 200 invented beneficiary files with families and documents, in every status, for demonstrations.
/// IDs are generated with valid check digits from a fixed seed: the same run gives the same people, and none of
/// them is a real person.
enum DemoFiles {
    static let firstNames = ["نورة", "سارة", "فاطمة", "عائشة", "مريم", "هيا", "منيرة", "لطيفة", "أمل", "ريم", "جواهر", "حصة",
                             "أميرة", "ليلى", "هند", "وفاء", "سلمى", "خلود", "أسماء", "بدور", "شيخة", "نوال", "عبير", "إيمان"]
    static let fatherNames = ["عبد الله", "محمد", "سعد", "فهد", "خالد", "ناصر", "إبراهيم", "سليمان", "عبد الرحمن", "علي", "حمد", "تركي"]
    static let familyNames = ["القحطاني", "العتيبي", "الدوسري", "الشهري", "الغامدي", "الزهراني", "الحربي", "المطيري", "العنزي",
                              "الشمري", "السبيعي", "الخالدي", "البقمي", "العمري", "الأحمدي", "الجهني"]
    static let childNames = ["خالد", "محمد", "عبد العزيز", "فيصل", "يوسف", "جود", "ريما", "لمى", "غلا", "تالا", "سلطان", "رغد"]
    static let districts = ["العليا", "الملز", "النسيم", "الروضة", "الصفا", "الشاطئ", "الفيصلية", "المروج"]

    /// A tiny valid PDF, so downloads open.
    static let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    /// Adds the files that are not there yet; returns how many were added.
    @discardableResult
    static func load(count: Int, branches: [String: UUID], author: UUID, on app: Application) async throws -> Int {
        // Files are found again by their IDs; once the demo's retention batch ran, the files it anonymised have none,
        // and would be made a second time. Its batches exist only after every file was made.
        guard try await RetentionBatch.query(on: app.db).count() == 0 else { return 0 }
        var random = SplitMix64(seed: 2026)
        let categories = try await BeneficiaryCategory.query(on: app.db).all()
        let types = try await DocumentType.query(on: app.db).all()
        let now = app.lamasat.clock.now()
        let cities = ["HQ": "الرياض", "JED": "جدة", "DMM": "الدمام", "ABH": "أبها"]
        let branchCodes = branches.keys.sorted()
        var added = 0
        for index in 0..<count {
            let id = NationalID.make(kind: index % 9 == 0 ? .resident : .citizen, body: 31_000_000 + index * 7_919)
            let first = firstNames.randomElement(using: &random)!
            let father = fatherNames.randomElement(using: &random)!
            let grandfather = fatherNames.randomElement(using: &random)!
            let family = familyNames.randomElement(using: &random)!
            let branchCode = branchCodes[index % branchCodes.count]
            let category = categories[index % categories.count]
            let statusRoll = Int.random(in: 0..<10, using: &random)
            let status: BeneficiaryStatus = statusRoll < 3 ? .applicant : statusRoll < 8 ? .registered : statusRoll < 9 ? .suspended : .closed
            let birth = CalendarDay(gregorianYear: Int.random(in: 1965...2000, using: &random), month: Int.random(in: 1...12, using: &random),
                                  day: Int.random(in: 1...28, using: &random))
            guard try await Beneficiary.query(on: app.db).filter(\.$nationalID == id.value).first() == nil else { continue }
            let file = Beneficiary()
            file.id = UUID()
            file.nationalID = id.value
            file.nameFirst = first
            file.nameFather = father
            file.nameGrandfather = grandfather
            file.nameFamily = family
            file.nameLatin = ""
            file.nameNormalized = ArabicSearch.normalize(ArabicName(first: first, father: father, grandfather: grandfather, family: family).full)
            file.birthDate = birth.description
            file.birthCalendar = .hijri
            file.$category.id = try category.requireID()
            file.nationality = index % 9 == 0 ? "يمنية" : "سعودية"
            file.mobile = "+9665" + String(10_000_000 + (index * 104_729) % 89_999_999)
            file.alternatePhone = ""
            file.email = ""
            file.addressBuilding = String(1000 + (index * 37) % 8999)
            file.addressStreet = "شارع \(index % 40 + 1)"
            file.addressDistrict = districts.randomElement(using: &random)!
            file.addressCity = cities[branchCode] ?? "الرياض"
            file.addressPostalCode = String(11_000 + (index * 53) % 20_000)
            file.addressAdditional = String(1000 + (index * 11) % 8999)
            file.addressShort = ""
            file.$branch.id = branches[branchCode]!
            file.education = Education.allCases.randomElement(using: &random)!
            file.employment = [.unemployed, .unemployed, .employed, .retired].randomElement(using: &random)!
            file.monthlyIncome = Int64(Int.random(in: 0...60, using: &random) * 10_000)
            file.incomeSources = file.monthlyIncome > 0 ? "ضمان اجتماعي" : ""
            file.housing = [.rented, .rented, .withFamily, .owned].randomElement(using: &random)!
            file.monthlyRent = file.housing == .rented ? Int64(Int.random(in: 8...30, using: &random) * 10_000) : 0
            file.healthNotes = ""
            file.hasDisability = index % 17 == 0
            file.iban = status == .registered ? SaudiIBAN.make(bank: "80", account: String(100_000_000_000_000_000 + index)).value : ""
            file.consentGiven = true
            file.consentMethod = .signedPaper
            file.consentNoticeVersion = BeneficiaryConsent.noticeVersion
            file.consentAt = now
            file.consentBy = author
            file.status = status
            file.statusReason = status == .suspended ? "بانتظار تحديث المستندات" : status == .closed ? "انتقلت إلى منطقة أخرى" : ""
            file.version = 1
            // One file every three days over the last 20 months, so the demo's 18 months of activity find their files registered.
            file.createdAt = now.addingTimeInterval(-Double(count - index) * 3600 * 72)
            file.updatedAt = file.createdAt
            file.createdBy = author
            file.updatedBy = author
            var members: [FamilyMember] = []
            for child in 0..<Int.random(in: 0...4, using: &random) {
                let member = FamilyMember()
                member.$beneficiary.id = try file.requireID()
                member.relation = child % 2 == 0 ? .son : .daughter
                member.fullName = childNames.randomElement(using: &random)! + " " + family
                member.nationalID = ""
                member.birthDate = CalendarDay(gregorianYear: Int.random(in: 2006...2024, using: &random), month: Int.random(in: 1...12, using: &random),
                                             day: Int.random(in: 1...28, using: &random)).description
                member.sex = member.relation == .son ? .male : .female
                member.schooling = .primary
                member.healthNotes = ""
                member.monthlyIncome = 0
                member.isDependant = true
                member.createdAt = now
                member.updatedAt = now
                members.append(member)
            }
            var documents: [BeneficiaryDocument] = []
            for type in types where type.isRequired(for: category.code) && (status != .applicant || index % 2 == 0) {
                let document = BeneficiaryDocument()
                document.id = UUID()
                document.$beneficiary.id = try file.requireID()
                document.$type.id = try type.requireID()
                document.issueDate = "2022-01-15"
                document.expiryDate = type.hasExpiry ? (index % 11 == 0 ? "2025-06-30" : "2031-01-15") : ""
                document.displayName = "\(type.code).pdf"
                document.contentType = "application/pdf"
                document.size = pdf.count
                document.sha256 = sha256Hex(pdf)
                document.uploadedBy = author
                document.uploadedAt = file.createdAt
                document.verification = status == .applicant ? .pending : .matched
                document.verificationReason = ""
                document.verifiedBy = status == .applicant ? nil : author
                document.verifiedAt = status == .applicant ? nil : file.createdAt
                documents.append(document)
            }
            let people = members, papers = documents
            try await app.db.writeTransaction { db in
                file.fileSequence = try await BeneficiaryRegistry.nextFileSequence(on: db)
                try await file.create(on: db)
                try await BeneficiaryRegistry.indexName(file, on: db)
                for member in people { try await member.create(on: db) }
                for document in papers {
                    try await document.create(on: db)
                    try await DocumentContent(documentID: try document.requireID(), data: pdf).create(on: db)
                }
            }
            added += 1
        }
        return added
    }
}
