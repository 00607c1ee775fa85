import Foundation

/// A member of a beneficiary's household, as far as the household figures need.
public struct HouseholdMember: Sendable, Equatable {
    public var birthDate: CalendarDay?
    public var isDependant: Bool

    public init(birthDate: CalendarDay?, isDependant: Bool) {
        self.birthDate = birthDate
        self.isDependant = isDependant
    }
}

/// Household size, dependants and children of school age, computed from the family list (never typed in twice).
public struct Household: Sendable, Equatable {
    /// Ages at which Saudi children are at school (first grade at 6 to the end of secondary at 18).
    public static let schoolAges = 6...18

    public let size: Int
    public let dependants: Int
    public let schoolAgeChildren: Int
    public let ages: [Int?]

    /// `members` excludes the beneficiary herself, who is counted in `size`.
    public init(members: [HouseholdMember], today: Date) {
        size = members.count + 1
        dependants = members.filter(\.isDependant).count
        ages = members.map { $0.birthDate?.age(on: today) }
        schoolAgeChildren = ages.compactMap { $0 }.filter { Self.schoolAges.contains($0) }.count
    }

    public var hasSchoolAgeChildren: Bool { schoolAgeChildren > 0 }
}
