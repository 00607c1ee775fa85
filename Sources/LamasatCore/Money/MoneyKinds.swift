/// What a donor gave her gift for (DOMAIN.md "Donors, funds and aid"). Zakat may reach only the categories the
/// administrator marks as entitled; a restricted gift only what its fund names.
public enum Designation: String, CaseIterable, Codable, Sendable {
    case zakat, sadaqa, general, restricted
    public var localizationKey: String { "money.designation.\(rawValue)" }

    /// A gift goes to a fund of its own designation; sadaqa and general gifts may share a general fund.
    public func fits(fund: Designation) -> Bool {
        switch self {
        case .zakat, .restricted: fund == self
        case .sadaqa, .general: fund == .sadaqa || fund == .general
        }
    }
}

public enum DonationKind: String, CaseIterable, Codable, Sendable {
    case cash, inKind
    public var localizationKey: String { "money.donationKind.\(rawValue)" }
}

/// How a cash gift reached the association; in-kind gifts have none.
public enum DonationMethod: String, CaseIterable, Codable, Sendable {
    case bankTransfer, cardTerminal, cash, none
    public var localizationKey: String { "money.method.\(rawValue)" }
}

/// A recorded gift stays; a mistaken one is cancelled with its reason and leaves every balance.
public enum DonationStatus: String, CaseIterable, Codable, Sendable {
    case received, cancelled
    public var localizationKey: String { "money.donationStatus.\(rawValue)" }
}

public enum DonorKind: String, CaseIterable, Codable, Sendable {
    case individual, organization
    public var localizationKey: String { "money.donorKind.\(rawValue)" }
}

/// The way a donor prefers to hear from the association.
public enum DonorChannel: String, CaseIterable, Codable, Sendable {
    case sms, email, whatsapp, phone
    public var localizationKey: String { "money.donorChannel.\(rawValue)" }
}

/// A promise to give, once or on a schedule (a sponsorship).
public enum PledgeStatus: String, CaseIterable, Codable, Sendable {
    case active, completed, cancelled
    public var localizationKey: String { "money.pledgeStatus.\(rawValue)" }
}

public enum ReceiptStatus: String, CaseIterable, Codable, Sendable {
    case valid, cancelled
    public var localizationKey: String { "money.receiptStatus.\(rawValue)" }
}

/// Aid approved from a fund: held (committed) until paid, or released when the request no longer needs it.
public enum CommitmentStatus: String, CaseIterable, Codable, Sendable {
    case committed, paid, released
    public var localizationKey: String { "money.commitmentStatus.\(rawValue)" }
}

/// A payment batch's life: the maker prepares it, another approves it, it is exported to the bank, and it closes
/// when every payment has the bank's result.
public enum PaymentBatchStatus: String, CaseIterable, Codable, Sendable {
    case draft, submitted, approved, exported, closed, cancelled
    public var localizationKey: String { "money.batchStatus.\(rawValue)" }
    /// Once exported, the bank has the file: its payments and amounts no longer change.
    public var isLocked: Bool { self == .approved || self == .exported || self == .closed }
}

public enum PaymentStatus: String, CaseIterable, Codable, Sendable {
    case pending, paid, failed
    public var localizationKey: String { "money.paymentStatus.\(rawValue)" }
}

public enum StockMovementKind: String, CaseIterable, Codable, Sendable {
    case received, issued, adjusted
    public var localizationKey: String { "money.stockMovement.\(rawValue)" }
}
