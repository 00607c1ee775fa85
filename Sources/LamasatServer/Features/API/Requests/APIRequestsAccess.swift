/// The requests and relations part's operations (requests, timeline, inquiries, complaints, status) and what each
/// needs: the permission of the page that does the same.
extension APIAccess {
    static let requests: [String: Access] = [
        "GET /requests": .api(.viewBeneficiaries),
        "GET /requests/{requestId}": .api(.viewBeneficiaries),
        "POST /beneficiaries/{beneficiaryId}/requests": .api(.takeRequests),
        "POST /requests/{requestId}/submit": .api(.takeRequests),
        "GET /requests/{requestId}/timeline": .api(.viewBeneficiaries),
        "POST /inquiries": .api(.handleInquiries),
        "GET /inquiries/{inquiryId}": .api(.handleInquiries),
        "POST /complaints": .api(.handleComplaints),
        "GET /complaints/{complaintId}": .api(.handleComplaints),
        // The public status page asks for no account; any valid token may look up, with the same number and mobile.
        "GET /status/{trackingNumber}": .api(nil),
    ]
}
