import Fluent
import Vapor

/// Every migration in order. Landed migrations are frozen: change the schema with a new one.
enum LamasatMigrations {
    /// `auditKey` marks, under the key, where the keyed audit chain starts (0023).
    static func all(auditKey: SymmetricKey) -> [any Migration] {
        landed + [M0023AddTrustControls(auditKey: auditKey), M0024AddQueueIndexes(), M0025AddNameWordIndex(), M0026AddReportIndexes(), M0027CreateBoardPacks(),
                  M0028CreateRequestCounts(),
                  M0029CreateCaseMessages(),
                  M0030CreateInboundMessages(),
                  M0031CreateSocialInbox(),
                  M0032CreateNotifications(),
                  M0033AddCaseContactEmail(),
                  M0034CreateVolunteers(),
                  M0035CreateVolunteerStatusChanges(),
                  M0037AddCodeAudience(),
                  M0038CreateVolunteerRecognition(),
                  M0039CreateMoney(),
                  M0040CreateAPITokens(),
                  M0041CreateImports(),
                  M0042CreatePastAid(),
                  M0043CreateConsentRecords(),
                  M0044CreateProcessingActivities(),
                  M0045CreateBreachIncidents(),
                  M0046CreateRightsRequests(),
                  M0047CreateCasePeriods(),
                  M0048CreateAppointments(),
                  M0049CreateOnlineRegistrations(),
                  M0050CreateRequestAppeals(),
                  M0051CreateFileMerges(),
                  M0052CreateRetention()]
    }

    static let landed: [any Migration] = [
        M0001CreateBranches(),
        M0002CreateStaffUsers(),
        M0003CreateSessions(),
        M0004CreateOrganizationSettings(),
        M0005CreateAuditTrail(),
        M0006CreateJobs(),
        M0007CreateOutbox(),
        M0008CreateBeneficiaryCategories(),
        M0009CreateBeneficiaries(),
        M0010CreateFamilyMembers(),
        M0011CreateDocuments(),
        M0012CreateSupportTypes(),
        M0013CreateSupportRequests(),
        M0014CreateRequestWorkflow(),
        M0015CreateRelations(),
        M0016CreateMessagePreferences(),
        M0017CreateOutreach(),
        M0018CreateMessageTemplates(),
        M0019CreateSatisfaction(),
        M0020CreatePortal(),
        M0021CreateContactChangesAndVolunteers(),
        M0022AddMessageOwnerAndPortalRates(),
    ]
}
