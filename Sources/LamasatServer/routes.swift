import Vapor

/// What each feature shows on her file (`FilePart`).
let fileParts: [any FilePart] = [
    DocumentsFilePart(), RequestsFilePart(), InteractionsFilePart(), PortalFilePart(), SatisfactionFilePart(), OutreachFilePart(), ConsentFilePart(),
    RightsFilePart(), AppointmentsFilePart(), FileMergePart(),
]

/// Every route of the application, grouped by area. Each controller declares the access of each of its routes.
func routes(_ app: Application) throws {
    // Reachable without signing in.
    try app.register(collection: SignInController())
    try app.register(collection: SecondFactorSignInController())
    try app.register(collection: FirstAdminSetupController())
    try app.register(collection: LanguageController())
    try app.register(collection: OperationsController())
    // The JSON API for the association's other systems, with its tokens.
    try APIRoutes.register(app)
    try app.register(collection: APIDocsController())
    if app.lamasat.config.benchmarkCeiling { try app.register(collection: BenchmarkCeilingController()) }

    // Staff.
    try app.register(collection: DashboardController())
    try app.register(collection: AccountController())
    try app.register(collection: SecondFactorController())
    try app.register(collection: NotificationsController())

    // Beneficiary files, and what each feature shows on them.
    fileParts.forEach(app.fileParts.register)
    app.requestVolunteerLinks.register(RequestVolunteers())
    app.requestPaymentLinks.register(PaymentRequestLink())
    app.requestFundLinks.register(RequestFunds())
    app.requestStockLinks.register(RequestStock())
    app.contactVolunteers.register(VolunteerServiceContacts())
    app.surveyServiceNames.register { language, db in
        try await SupportType.query(on: db).all().reduce(into: [:]) { $0[$1.code] = $1.name(in: language) }
    }
    app.surveyServiceNames.register { language, _ in
        language == .en ? ["inquiry": "Inquiry", "complaint": "Complaint"] : ["inquiry": "استفسار", "complaint": "شكوى"]
    }
    app.contactOrigins.register { contact, call, db in try await CallListsController.completeEntry(contact, call, on: db) }
    try app.register(collection: BeneficiariesController())
    try app.register(collection: BeneficiaryFileController())
    try app.register(collection: PortalCodeLimitController())
    try app.register(collection: FamilyController())
    try app.register(collection: ConsentController())
    try app.register(collection: ProcessingRecordsController())
    try app.register(collection: BreachRegisterController())
    try app.register(collection: RetentionController())
    try app.register(collection: BreachStepsController())
    try app.register(collection: RightsQueueController())
    try app.register(collection: RequestLifecycleController())
    try app.register(collection: CasePeriodsController())
    try app.register(collection: AppointmentsDayController())
    try app.register(collection: AppointmentBookingController())
    try app.register(collection: RightsRequestController())
    try app.register(collection: DocumentsController())
    try app.register(collection: DataExportController())
    try app.register(collection: RequestsController())
    try app.register(collection: RequestListController())
    try app.register(collection: VerificationController())
    try app.register(collection: DeclarationController())
    try app.register(collection: DeclarationTextController())
    try app.register(collection: ResearchController())
    try app.register(collection: CommitteeController())
    try app.register(collection: CommitteeVotingController())
    try app.register(collection: CommitteePrintables())
    try app.register(collection: DeliveryController())
    try app.register(collection: DeliveryReceipt())
    try app.register(collection: DeliveriesListController())
    try app.register(collection: RequestVolunteerController())

    // Channels, inquiries, complaints, the library and the FAQ.
    try app.register(collection: ContactsController())
    try app.register(collection: InquiriesController())
    try app.register(collection: ComplaintsController())
    try app.register(collection: SocialInboxController())
    try app.register(collection: LibraryController())
    try app.register(collection: FAQController())
    try app.register(collection: RepliesController())
    try app.register(collection: RelationsReportController())
    try app.register(collection: ReportsController())
    try app.register(collection: BoardPackController())
    try app.register(collection: RelationsSetupController())
    try app.register(collection: MessagesController())
    try app.register(collection: SMSWebhookController())
    try app.register(collection: WhatsAppWebhookController())
    try app.register(collection: LettersController())
    try app.register(collection: TemplatesController())

    // Proactive outreach.
    try app.register(collection: OutreachController())
    try app.register(collection: CampaignsController())
    try app.register(collection: CallListsController())

    // The public site and the beneficiary portal.
    try app.register(collection: PublicPagesController())
    try app.register(collection: PublicCasesController())
    try app.register(collection: VolunteersController())
    try app.register(collection: VolunteerRecordsRoutes())
    try app.register(collection: OpportunitiesController())
    try app.register(collection: AssignmentsController())
    // Volunteers' hours, certificates (and their public check), survey and feedback (issue 17, part D).
    for collection: any RouteCollection in [VolunteerHoursController(), VolunteerCertificatesController(), CertificateVerifyController(),
                                            MyCertificatesController(), VolunteerSurveyController(), VolunteerFeedbackController()] {
        try app.register(collection: collection)
    }
    try app.register(collection: VolunteerSignInController())
    try app.register(collection: VolunteerAreaController())
    try app.register(collection: PortalSignInController())
    try app.register(collection: PortalController())
    try app.register(collection: PortalApplyController())
    try app.register(collection: PortalContactController())
    try app.register(collection: PortalConsentController())
    try app.register(collection: PortalRightsController())
    try app.register(collection: PortalAppointmentsController())
    try app.register(collection: PortalAppealController())
    try app.register(collection: ContactChangeReviewController())
    try app.register(collection: RegistrationController())
    try app.register(collection: RegistrationReviewController())
    try app.register(collection: AppealController())
    try app.register(collection: FileMergeController())

    // Donors and the money that serves her (issue 18): donors and gifts, receipts and money reports, funds and
    // stock, payment batches.
    for collection: any RouteCollection in [DonorRoutes(), ReceiptRoutes(), FundRoutes(), PaymentRoutes()] {
        try app.register(collection: collection)
    }

    // Satisfaction and improvement.
    try app.register(collection: SurveyAnswerController())
    try app.register(collection: SurveyResultsController())
    try app.register(collection: SurveyFollowUpsController())
    try app.register(collection: ImprovementsController())

    // Administration.
    let admin = app.grouped("admin")
    try admin.register(collection: UsersController())
    try admin.register(collection: APITokensController())
    try admin.register(collection: BranchesController())
    try admin.register(collection: SettingsController())
    try admin.register(collection: AuditLogController())
    try admin.register(collection: OutboxController())
    try admin.register(collection: InboundLogController())
    try admin.register(collection: CatalogsController())
    try admin.register(collection: SurveyTemplatesController())
    try admin.register(collection: ImportController())
}
