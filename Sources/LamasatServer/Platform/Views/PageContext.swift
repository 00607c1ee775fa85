import LamasatCore
import Vapor

/// What the layout of every page needs: language and direction, the signed-in person, the navigation she may use,
/// the CSRF token for forms, and a one-line notice after a completed action.
struct PageContext: Encodable {
    struct NavItem: Encodable {
        let label: String
        let path: String
        let current: Bool
    }

    /// The menu on a phone: the same items in a few groups, each folding open.
    struct NavGroup: Encodable {
        let label: String
        let items: [NavItem]
        let current: Bool
    }

    struct UserBadge: Encodable {
        let name: String
        let role: String
        let branch: String
    }

    let lang: String
    let dir: String
    let title: String
    let organization: String
    let csrfToken: String
    let user: UserBadge?
    let nav: [NavItem]
    let navGroups: [NavGroup]
    let hasNav: Bool
    let notice: String?
    let switchLanguage: String
    let switchLanguageCode: String
    let returnPath: String
    /// The bell: shown when the feature that keeps staff notices counted hers for this page; the count when not 0.
    let hasBell: Bool
    let unreadCount: Int
    let bellCount: Int?

    /// Which group each path belongs to on a phone.
    static let groups: [(key: String, paths: Set<String>)] = [
        ("nav.group.work", ["/", "/work", "/beneficiaries", "/requests", "/deliveries", "/appointments", "/committee"]),
        ("nav.group.relations", ["/inquiries", "/complaints", "/contacts", "/social", "/calls", "/letters", "/outreach", "/campaigns", "/satisfaction", "/improvements", "/rights", "/volunteers", "/volunteers/opportunities", "/volunteers/hours"]),
        ("nav.group.money", ["/donors", "/donations", "/pledges", "/receipts", "/funds", "/stock", "/payments", "/reports/donations"]),
        ("nav.group.knowledge", ["/library", "/faq", "/reports"]),
        ("nav.group.admin", ["/admin/users", "/admin/api-tokens", "/admin/branches", "/admin/settings", "/admin/catalogs", "/admin/audit", "/admin/outbox", "/admin/surveys", "/admin/funds", "/admin/import", "/admin/processing", "/admin/breaches", "/admin/retention"]),
    ]

    static let navigation: [(key: String, path: String, permission: Permission)] = [
        ("nav.dashboard", "/", .viewDashboard),
        ("nav.work", "/work", .viewBeneficiaries),
        ("nav.beneficiaries", "/beneficiaries", .viewBeneficiaries),
        ("nav.requests", "/requests", .viewBeneficiaries),
        ("nav.deliveries", "/deliveries", .viewBeneficiaries),
        ("nav.appointments", "/appointments", .manageAppointments),
        ("nav.committee", "/committee", .viewCommittee),
        ("nav.inquiries", "/inquiries", .handleInquiries),
        ("nav.complaints", "/complaints", .handleComplaints),
        ("nav.contacts", "/contacts", .logContacts),
        ("nav.social", "/social", .logContacts),
        ("nav.calls", "/calls", .logContacts),
        ("nav.letters", "/letters", .logContacts),
        ("nav.outreach", "/outreach", .runOutreach),
        ("nav.campaigns", "/campaigns", .runOutreach),
        ("nav.satisfaction", "/satisfaction", .viewSatisfaction),
        ("nav.improvements", "/improvements", .recordImprovements),
        ("nav.rights", "/rights", .handleRightsRequests),
        ("nav.volunteers", "/volunteers", .manageVolunteers),
        ("nav.volunteerOpportunities", "/volunteers/opportunities", .manageVolunteers),
        ("nav.volunteerHours", "/volunteers/hours", .manageVolunteers),
        ("nav.donors", "/donors", .manageDonors),
        ("nav.donations", "/donations", .manageDonors),
        ("nav.pledges", "/pledges", .manageDonors),
        ("nav.receipts", "/receipts", .manageDonors),
        ("nav.funds", "/funds", .viewFunds),
        ("nav.stock", "/stock", .viewFunds),
        ("nav.payments", "/payments", .approvePayments),
        ("nav.financeReports", "/reports/donations", .viewFinanceReports),
        ("nav.library", "/library", .viewDashboard),
        ("nav.faq", "/faq", .viewDashboard),
        ("nav.reports", "/reports", .viewReports),
        ("nav.users", "/admin/users", .manageUsers),
        ("apiTokens.nav", "/admin/api-tokens", .manageAPITokens),
        ("nav.branches", "/admin/branches", .manageBranches),
        ("nav.settings", "/admin/settings", .manageSettings),
        ("nav.catalogs", "/admin/catalogs", .manageSettings),
        ("nav.audit", "/admin/audit", .viewAuditLog),
        ("nav.outbox", "/admin/outbox", .viewOutbox),
        ("nav.surveys", "/admin/surveys", .manageSurveys),
        ("nav.adminFunds", "/admin/funds", .manageFunds),
        ("nav.import", "/admin/import", .importData),
        ("nav.processing", "/admin/processing", .manageSettings),
        ("nav.breaches", "/admin/breaches", .manageBreaches),
        ("nav.retention", "/admin/retention", .manageRetention),
    ]

    init(_ request: Request, title: String) {
        let language = request.language
        lang = language.rawValue
        dir = language.direction
        self.title = title
        organization = request.t("app.organization")
        csrfToken = request.csrfToken ?? ""
        let path = request.url.path
        if let staff = request.staff {
            user = UserBadge(name: staff.user.fullName, role: request.t(staff.user.role.localizationKey), branch: staff.branchName)
            nav = Self.navigation.filter { staff.can($0.permission) && !staff.user.mustChangePassword }.map { item in
                // The longest item that starts the path is the current one (/volunteers/opportunities, not /volunteers).
                let current = item.path == "/" ? path == "/"
                    : path.hasPrefix(item.path) && !Self.navigation.contains { $0.path.count > item.path.count && $0.path.hasPrefix(item.path) && path.hasPrefix($0.path) }
                return NavItem(label: request.t(item.key), path: item.path, current: current)
            }
        } else {
            user = nil
            nav = []
        }
        let items = nav
        navGroups = Self.groups.compactMap { group in
            let members = items.filter { group.paths.contains($0.path) }
            guard !members.isEmpty else { return nil }
            return NavGroup(label: request.t(group.key), items: members, current: members.contains(where: \.current))
        }
        hasNav = !nav.isEmpty
        if let key = request.query[String.self, at: "done"], key.allSatisfy({ $0.isLetter || $0 == "." }),
           request.lamasat.localizer.has("notice.\(key)") {
            notice = request.t("notice.\(key)")
        } else {
            notice = nil
        }
        let other: Language = language == .ar ? .en : .ar
        switchLanguageCode = other.rawValue
        switchLanguage = other == .ar ? "العربية" : "English"
        var returnPath = path
        if let query = request.url.query, !query.isEmpty { returnPath += "?" + query }
        self.returnPath = returnPath
        hasBell = request.staff != nil && request.unreadNotices != nil
        unreadCount = request.unreadNotices ?? 0
        bellCount = hasBell && unreadCount > 0 ? unreadCount : nil
    }
}

extension Request {
    private struct UnreadNoticesKey: StorageKey {
        typealias Value = Int
    }

    /// Set before the handler runs by whichever feature keeps staff notices; the layout shows it as the bell.
    var unreadNotices: Int? {
        get { storage[UnreadNoticesKey.self] }
        set { storage[UnreadNoticesKey.self] = newValue }
    }
}
