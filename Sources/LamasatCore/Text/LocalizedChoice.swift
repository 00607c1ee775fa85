/// A coded value with the key of its label: what a form offers as a choice (a role, a channel, a status).
public protocol LocalizedChoice: RawRepresentable where RawValue == String {
    var localizationKey: String { get }
}

extension BranchScope: LocalizedChoice {}
extension CommitteeVote: LocalizedChoice {}
extension ComplaintKind: LocalizedChoice {}
extension ComplaintSeverity: LocalizedChoice {}
extension ContactChannel: LocalizedChoice {}
extension ContactDirection: LocalizedChoice {}
extension ContactOutcome: LocalizedChoice {}
extension DeliveryPlace: LocalizedChoice {}
extension ResearchRecommendation: LocalizedChoice {}
extension Role: LocalizedChoice {}
extension SupportKind: LocalizedChoice {}
extension SurveyAspect: LocalizedChoice {}
extension SurveyQuestionKind: LocalizedChoice {}
extension MessageChannel: LocalizedChoice {}
extension BeneficiaryStatus: LocalizedChoice {}
extension ConsentPurpose: LocalizedChoice {}
extension ConsentMethod: LocalizedChoice {}
