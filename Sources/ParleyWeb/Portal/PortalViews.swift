import ParleyCore
import ParleyStore

/// Turns domain values into the portal's view models.
enum PortalViews {
    static func figures(_ dues: Dues) -> [DuesFigure] {
        func money(_ value: Int64) -> String { MoneyText.format(value, dues.currency) }
        var figures = [
            DuesFigure(kind: .overdueInstalments, valueText: String(dues.overdueInstalments)),
            DuesFigure(kind: .principalOverdue, valueText: money(dues.principalOverdue)),
            DuesFigure(kind: .interestOverdue, valueText: money(dues.interestOverdue)),
            DuesFigure(kind: .feesOverdue, valueText: money(dues.feesOverdue)),
            DuesFigure(kind: .totalOverdue, valueText: money(dues.totalOverdue)),
            DuesFigure(kind: .principalOutstanding, valueText: money(dues.principalOutstanding)),
            DuesFigure(kind: .payoff, valueText: money(dues.payoff)),
        ]
        if let next = dues.nextDueOn {
            figures.append(DuesFigure(kind: .nextInstalment, valueText: money(dues.nextDueAmount), explanationArgs: [next.description]))
        }
        return figures
    }

    static func pathways(_ offered: [ParleyCore.Pathway], dues: Dues, action: String) -> [Pathway] {
        func money(_ value: Int64) -> String { MoneyText.format(value, dues.currency) }
        return offered.map { pathway in
            var hidden = ["pathway": pathway.kind]
            switch pathway {
            case .payOverdue(let amount):
                return Pathway(kind: .payOverdue, amountText: money(amount), formAction: action, hiddenFields: hidden)
            case .payInFull(let amount):
                return Pathway(kind: .payInFull, amountText: money(amount), formAction: action, hiddenFields: hidden)
            case .settlement(let amount, _, let deadline):
                return Pathway(kind: .settlement, amountText: money(amount), detailArgs: [money(dues.payoff - amount), deadline.description],
                               formAction: action, hiddenFields: hidden)
            case .plan(let months, let instalment, let firstDue, let total):
                hidden["months"] = String(months)
                return Pathway(kind: .plan, amountText: money(total), detailArgs: [String(months), money(instalment), firstDue.description],
                               formAction: action, hiddenFields: hidden)
            case .hardshipPause(let days):
                return Pathway(kind: .hardshipPause, detailArgs: [String(max(1, days / 30))], formAction: action, hiddenFields: hidden)
            case .dispute:
                return Pathway(kind: .dispute, formAction: action, hiddenFields: hidden)
            }
        }
    }

    static func statusKey(_ status: CaseStatus, holds: Set<HoldKind>) -> Key {
        if holds.contains(.dispute) { return .statusDisputed }
        if holds.contains(.hardship) { return .statusHardshipPause }
        if holds.contains(.legal) { return .statusLegalHold }
        if !holds.isEmpty { return .statusOnHold }
        switch status {
        case .triggered: return .statusTriggered
        case .contacted: return .statusContacted
        case .engaged: return .statusEngaged
        case .negotiating: return .statusNegotiating
        case .inMediation: return .statusInMediation
        case .agreed: return .statusAgreed
        case .signed: return .statusSigned
        case .implementing: return .statusImplementing
        case .resolved: return .statusResolved
        case .broken: return .statusBroken
        case .escalated: return .statusEscalated
        case .inArbitration: return .statusInArbitration
        case .awarded: return .statusAwarded
        case .closed: return .statusClosed
        case .cured: return .statusCured
        case .withdrawn: return .statusWithdrawn
        }
    }

    static func timeline(_ events: [CaseEvent]) -> [TimelineEntry] {
        events.reversed().map { event in
            let actor: TimelineActor
            switch event.actor.kind {
            case .borrower: actor = .you
            case .system: actor = .platform
            case .staff, .lenderSystem: actor = .lender
            }
            return TimelineEntry(timeText: displayTime(event.at),
                                 titleKey: titleKey(event), actor: actor, detail: event.data["summary"]?.stringValue)
        }
    }

    static func titleKey(_ event: CaseEvent) -> Key {
        switch event.data["kind"]?.stringValue {
        case "proposal": return .eventProposalSent
        case "pathway": return .eventPathwayChosen
        case "hardship": return .eventHardshipStated
        case "document": return .eventDocumentUploaded
        case "dispute": return .eventDisputeRaised
        case "message": return .eventMessage
        default: break
        }
        switch event.kind {
        case .opened: return .eventOpened
        case .contacted: return .eventContacted
        case .engaged: return .eventEngaged
        case .negotiationStarted: return .eventNegotiationStarted
        case .mediationStarted: return .eventMediationStarted
        case .agreed: return .eventAgreed
        case .signed: return .eventSigned
        case .implementationStarted: return .eventImplementationStarted
        case .resolved: return .eventResolved
        case .broken: return .eventBroken
        case .reopened: return .eventReopened
        case .escalated: return .eventEscalated
        case .arbitrationStarted: return .eventArbitrationStarted
        case .awarded: return .eventAwarded
        case .closed: return .eventClosed
        case .cured: return .eventCured
        case .withdrawn: return .eventWithdrawn
        case .holdPlaced: return .eventHoldPlaced
        case .holdReleased: return .eventHoldReleased
        case .noted: return .eventNoted
        }
    }
}

/// "2026-12-04 10:30 UTC".
func displayTime(_ instant: Instant) -> String {
    let text = instant.description
    return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5)) + " UTC"
}
