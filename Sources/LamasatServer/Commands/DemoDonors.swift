import Fluent
import Foundation
import LamasatCore

/// Part A of issue 18's demo: donors of both kinds in every branch, gifts over `DemoMoney.months` months (cash and
/// items, every designation), pledges and sponsorships.
enum DemoDonors {
    static let people = [
        "عبدالله محمد السالم", "منيرة سعد القحطاني", "فهد عبدالعزيز الدوسري", "هيا ناصر العتيبي", "سلطان خالد الشمري", "لطيفة عبدالرحمن الزهراني",
        "ماجد إبراهيم الغامدي", "الجوهرة فيصل آل سعود", "تركي حمد المطيري", "نوف عبدالله الحربي", "بندر سليمان العنزي", "حصة محمد الشهري",
        "خالد يوسف البقمي", "موضي راشد السبيعي", "عمر علي الأحمدي", "أمل صالح المالكي", "ناصر فهد الرشيد", "سارة مشعل العمري",
        "يزيد عادل الجهني", "ريم حسن الشريف", "وليد منصور القرني", "العنود سعود الخالدي", "مساعد أحمد الزهراني", "دلال عبدالمحسن التميمي",
        "راكان طلال العسيري", "أسماء جابر الفيفي", "سعود مبارك الهاجري", "بشاير ماجد السهلي", "عبدالرحمن زيد الحارثي", "غادة سامي الثبيتي",
    ]
    static let organizations: [(name: String, contact: String)] = [
        ("شركة الأفق للتجارة", "أحمد سعيد الملحم"), ("مؤسسة البر الخيرية للأوقاف", "سعد عبدالله الراجح"), ("مجموعة الرواد القابضة", "هشام فؤاد الحسيني"),
        ("مصنع النخبة للأغذية", "طارق محمد باوزير"), ("شركة المدى للمقاولات", "فيصل ناصر الجريسي"), ("مكتبة جرير الخيرية", "مازن علي العبيد"),
        ("مؤسسة الغيث للتنمية", "نايف سالم الوادعي"), ("شركة السنابل الزراعية", "إياد عمر الصالح"), ("بنك الخير — المسؤولية الاجتماعية", "لمى خالد الفارس"),
        ("وقف الأسرة الكريمة", "عبدالعزيز حمد الفوزان"),
    ]
    static let cancelReasons = ["سُجل مرتين بالخطأ", "الحوالة ارتدت من البنك", "المبلغ سُجل لداعم آخر"]

    static func load(branches: [String: UUID], officer: String, now: Date, on db: any Database) async throws -> (donors: Int, donations: Int) {
        guard try await Donor.query(on: db).count() == 0, !branches.isEmpty else { return (0, 0) }
        let staffID = try await StaffUser.query(on: db).filter(\.$username == officer).first()?.id ?? UUID()
        let codes = branches.keys.sorted { $0 == "HQ" ? true : ($1 == "HQ" ? false : $0 < $1) }
        let funds = Dictionary(uniqueKeysWithValues: try await Fund.query(on: db).all().map { ($0.code, $0) })
        let items = Dictionary(uniqueKeysWithValues: try await StockItem.query(on: db).all().map { ($0.code, $0) })
        let today = CalendarDay.today(now)
        let first = PledgeSchedule.adding(months: -DemoMoney.months, to: today)
        let span = dayNumber(today) - dayNumber(first)
        let hijri = DualCalendarFormatter(language: .ar)
        let donations = try await db.writeTransaction { db -> Int in
            var rng = SplitMix64(seed: 18_001)
            // Donors: 30 people and 10 organizations, spread over the branches.
            var donors: [Donor] = []
            for index in 0..<(people.count + organizations.count) {
                let isOrganization = index >= people.count
                let donor = Donor()
                donor.number = ReferenceNumber("D", sequence: try await Counters.next("donor", on: db), at: first.moment).description
                donor.kind = isOrganization ? .organization : .individual
                donor.name = isOrganization ? organizations[index - people.count].name : people[index]
                donor.contactPerson = isOrganization ? organizations[index - people.count].contact : ""
                donor.identifier = isOrganization ? "70\(String(10_000_000 + index * 7_919).suffix(8))"
                    : (index % 3 == 0 ? NationalID.make(kind: .citizen, body: 31_000_000 + index * 1_013).value : "")
                donor.mobile = "+96655\(String(4_100_000 + index * 37).suffix(7))"
                donor.email = index % 4 == 1 || isOrganization ? "donor\(index + 1)@example.com" : ""
                donor.city = ["الرياض", "جدة", "الدمام", "مكة المكرمة", "المدينة المنورة"][index % 5]
                donor.preferredChannel = isOrganization ? .email : [DonorChannel.sms, .whatsapp, .sms, .phone, .email][index % 5]
                if donor.preferredChannel == .email && donor.email.isEmpty { donor.preferredChannel = .sms }
                donor.consentsToContact = index % 6 != 5
                donor.consentAt = donor.consentsToContact ? first.moment : nil
                donor.isAnonymous = index % 7 == 2
                donor.branchID = branches[codes[index % codes.count]]!
                donor.notes = index == 0 ? "كافل دائم لأسر الأيتام منذ سنوات" : ""
                donor.isActive = index != 29
                donor.createdBy = staffID
                donor.createdAt = first.moment
                donor.updatedAt = first.moment
                donor.version = 1
                try await donor.create(on: db)
                donors.append(donor)
            }

            // Gifts over the months: more in Ramadan and before school; every designation, method and fund.
            struct Planned { var day: CalendarDay; var donor: Donor; var kind: DonationKind; var method: DonationMethod; var amount: Int64
                             var designation: Designation; var fund: Fund?; var lines: [(StockItem, Int, Int64)]; var pledge: Pledge? }
            var planned: [Planned] = []
            // Three large gifts from organizations keep the general, zakat and rent funds able to pay the demo's aid.
            for (offset, code) in ["general", "zakat", "rent"].enumerated() {
                guard let fund = funds[code] else { continue }
                planned.append(Planned(day: PledgeSchedule.adding(days: -(span - 10 - offset * 20), to: today), donor: donors[people.count + offset],
                                       kind: .cash, method: .bankTransfer, amount: 450_000_00, designation: fund.designation, fund: fund, lines: [], pledge: nil))
            }
            while planned.count < 600 {
                let back = Int.random(in: 0...span, using: &rng)
                let day = PledgeSchedule.adding(days: -back, to: today)
                let ramadan = hijri.hijriComponents(day.moment).month == 9
                let school = day.month == 8
                let weight = ramadan ? 1.0 : (school ? 0.8 : 0.3)
                guard Double.random(in: 0..<1, using: &rng) < weight else { continue }
                let donor = donors[Int.random(in: 0..<donors.count, using: &rng)]
                if planned.count % 13 == 0, let basket = items["food_basket"], let bag = items["school_bag"], let blanket = items["blanket"] {
                    let item = ramadan ? basket : (school ? bag : [basket, blanket, items["eid_clothes"] ?? blanket][planned.count % 3])
                    let quantity = Int.random(in: 5...60, using: &rng)
                    let unit: Int64 = item.code == "school_bag" ? 150_00 : (item.code == "blanket" ? 120_00 : 250_00)
                    var lines = [(item, quantity, unit)]
                    if planned.count % 2 == 0, let voucher = items["voucher"] { lines.append((voucher, Int.random(in: 2...20, using: &rng), 200_00)) }
                    planned.append(Planned(day: day, donor: donor, kind: .inKind, method: .none, amount: lines.reduce(0) { $0 + Int64($1.1) * $1.2 },
                                           designation: ramadan ? .sadaqa : .general, fund: nil, lines: lines, pledge: nil))
                    continue
                }
                let code: String
                if ramadan { code = ["zakat", "zakat", "ramadan", "sadaqa", "general"][planned.count % 5] } else if school {
                    code = ["school", "school", "general", "zakat"][planned.count % 4]
                } else { code = ["general", "zakat", "sadaqa", "rent", "general", "zakat"][planned.count % 6] }
                guard let fund = funds[code] else { continue }
                let designation: Designation = fund.designation == .general && planned.count % 4 == 0 ? .sadaqa : fund.designation
                let amount = Int64([100, 200, 300, 500, 1_000, 1_500, 2_000, 5_000, 10_000][Int.random(in: 0..<9, using: &rng)]) * 100
                    + (planned.count % 10 == 0 ? 50 : 0)
                let method = [DonationMethod.bankTransfer, .cardTerminal, .cash, .bankTransfer][planned.count % 4]
                planned.append(Planned(day: day, donor: donor, kind: .cash, method: method, amount: donor.kind == .organization ? amount * 5 : amount,
                                       designation: designation, fund: fund, lines: [], pledge: nil))
            }

            // Eight pledges: six monthly sponsorships running, one completed, one cancelled; their paid instalments are gifts.
            var pledges: [Pledge] = []
            for index in 0..<8 {
                let donor = donors[index * 3]
                let pledge = Pledge()
                pledge.donorID = try donor.requireID()
                pledge.branchID = donor.branchID
                pledge.designation = index % 2 == 0 ? .general : .zakat
                pledge.fundID = try funds[index % 2 == 0 ? "general" : "zakat"]?.requireID()
                pledge.amount = Int64([300, 500, 1_000, 250][index % 4]) * 100
                pledge.frequencyMonths = index == 6 ? 3 : 1
                pledge.instalments = index == 6 ? 4 : (index % 3 == 0 ? 0 : 12)
                pledge.startsOn = PledgeSchedule.adding(months: -(index == 6 ? 12 : 2 + index), to: today).description
                pledge.nextDueOn = pledge.startsOn
                pledge.status = .active
                pledge.note = index == 0 ? "كفالة أسرة أيتام" : ""
                pledge.createdBy = staffID
                pledge.createdAt = CalendarDay(stored: pledge.startsOn)!.moment
                try await pledge.create(on: db)
                pledges.append(pledge)
                guard let start = CalendarDay(stored: pledge.startsOn), let fund = pledge.fundID.flatMap({ id in funds.values.first { $0.id == id } }) else { continue }
                // Paid so far: every instalment up to last month (two of them one behind), all four of the quarterly one, and
                // two before the cancelled one stopped.
                let paidCount = index == 6 ? 4 : (index == 7 ? 2 : (index % 3 == 1 ? 1 + index : 2 + index))
                for n in 0..<paidCount {
                    let due = PledgeSchedule.adding(months: n * pledge.frequencyMonths, to: start)
                    guard !(today < due) else { break }
                    planned.append(Planned(day: due, donor: donor, kind: .cash, method: .bankTransfer, amount: pledge.amount,
                                           designation: pledge.designation, fund: fund, lines: [], pledge: pledge))
                }
            }

            // In date order, so receipt numbers follow the days.
            planned.sort { $0.day < $1.day }
            var cancelled: [Donation] = []
            for (index, plan) in planned.enumerated() {
                let recordedAt = plan.day.moment.addingTimeInterval(Double(index % 6) * 1_800)
                let donation = Donation()
                donation.donorID = try plan.donor.requireID()
                donation.branchID = plan.donor.branchID
                donation.kind = plan.kind
                donation.method = plan.method
                donation.amount = plan.amount
                donation.designation = plan.designation
                donation.fundID = try plan.fund?.requireID()
                donation.pledgeID = try plan.pledge?.requireID()
                donation.receivedOn = plan.day.description
                donation.reference = plan.method == .bankTransfer ? "TRX\(100_000 + index * 17)" : (plan.method == .cardTerminal ? "POS\(50_000 + index * 11)" : "")
                donation.note = ""
                donation.status = .received
                donation.cancelReason = ""
                donation.recordedBy = staffID
                donation.recordedAt = recordedAt
                try await donation.create(on: db)
                for (item, quantity, unit) in plan.lines {
                    try await DonationRecording.addItem(to: donation, item: item.requireID(), quantity: quantity, unitValue: unit, by: staffID,
                                                        now: recordedAt, on: db)
                }
                _ = try await Receipt.issue(for: donation, by: staffID, at: recordedAt, on: db)
                if plan.kind == .cash, plan.pledge == nil, plan.amount < 450_000_00, [97, 301, 455].contains(index) { cancelled.append(donation) }
            }
            for (index, donation) in cancelled.enumerated() {
                try await DonationRecording.cancel(donation, reason: cancelReasons[index % cancelReasons.count], by: staffID,
                                                   now: donation.recordedAt.addingTimeInterval(86_400), on: db)
            }
            for (index, pledge) in pledges.enumerated() {
                try await PledgeProgress.advance(pledge, on: db)
                if index == 7 {
                    pledge.status = .cancelled
                    pledge.nextDueOn = ""
                    pledge.note = "أُلغي: انتقل الداعم إلى مدينة أخرى ويتبرع عبر جمعية محلية"
                    try await pledge.save(on: db)
                }
            }
            return planned.count
        }
        return (people.count + organizations.count, donations)
    }

    private static func dayNumber(_ day: CalendarDay) -> Int {
        Int(day.moment.timeIntervalSince1970 / 86_400)
    }
}
