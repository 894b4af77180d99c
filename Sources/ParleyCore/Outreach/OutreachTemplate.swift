/// The message a cadence step sends, by template key. The keys match the channel templates
/// (`DefaultTemplates.keys` in ParleyChannels), so a step always names a template that exists.
public enum OutreachTemplate: String, Sendable, CaseIterable, Codable, Hashable {
    case missedEMI = "missed_emi"
    case reminder
    case invitation
    case offerExpiring = "offer_expiring"
    case agreementConfirmation = "agreement_confirmation"
    case planInstalmentDue = "plan_instalment_due"
    case brokenPlan = "broken_plan"
    case escalationNotice = "escalation_notice"

    /// The name used in sentences on the record, e.g. "Day 3 reminder by SMS".
    public var displayName: String {
        switch self {
        case .missedEMI: return "missed-EMI notice"
        case .reminder: return "reminder"
        case .invitation: return "invitation"
        case .offerExpiring: return "offer-expiry notice"
        case .agreementConfirmation: return "agreement confirmation"
        case .planInstalmentDue: return "instalment-due reminder"
        case .brokenPlan: return "broken-plan notice"
        case .escalationNotice: return "escalation notice"
        }
    }
}
