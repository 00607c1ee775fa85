/// A fund's money in halalas. The balance the issue names: given to it − approved from it and not yet paid −
/// paid from it. Cancelled gifts and released commitments count nowhere.
public struct FundTotals: Sendable, Equatable {
    public var received: Int64
    public var committed: Int64
    public var paid: Int64

    public init(received: Int64 = 0, committed: Int64 = 0, paid: Int64 = 0) {
        self.received = received
        self.committed = committed
        self.paid = paid
    }

    public var available: Int64 { received - committed - paid }
}

/// What a committee decision needs to know of a fund and of the request it would pay.
public struct FundFacts: Sendable {
    public var designation: Designation
    public var isActive: Bool
    /// A restricted fund may name the one support type it pays.
    public var restrictedToSupportType: String?
    public var totals: FundTotals

    public init(designation: Designation, isActive: Bool, restrictedToSupportType: String?, totals: FundTotals) {
        self.designation = designation
        self.isActive = isActive
        self.restrictedToSupportType = restrictedToSupportType
        self.totals = totals
    }
}

public enum FundRule {
    public enum Refusal: Error, Sendable, Equatable {
        case inactive
        /// A zakat fund and a category the administrator has not marked as entitled to zakat.
        case notZakatEligible
        /// A restricted fund and a support type it was not given for.
        case otherPurpose
        /// The fund cannot cover the amount; `available` halalas are left.
        case insufficient(available: Int64)

        public var localizationKey: String {
            switch self {
            case .inactive: "money.fund.refused.inactive"
            case .notZakatEligible: "money.fund.refused.zakat"
            case .otherPurpose: "money.fund.refused.purpose"
            case .insufficient: "money.fund.refused.insufficient"
            }
        }
    }

    /// Whether `fund` may pay `amount` halalas of a request of `supportType` for a file of `category`.
    public static func check(_ fund: FundFacts, amount: Int64, supportType: String, category: String,
                             zakatCategories: Set<String>) -> Refusal? {
        guard fund.isActive else { return .inactive }
        if fund.designation == .zakat, !zakatCategories.contains(category) { return .notZakatEligible }
        if let only = fund.restrictedToSupportType, only != supportType { return .otherPurpose }
        if amount > fund.totals.available { return .insufficient(available: max(0, fund.totals.available)) }
        return nil
    }
}
