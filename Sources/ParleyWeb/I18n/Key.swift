/// Every user-visible string of the borrower's space. Texts live in
/// `Key+English.swift` and `Key+Hindi.swift`; placeholders are `{0}`, `{1}` ….
public enum Key: String, CaseIterable, Sendable {
    // Layout
    case appName, documentTitle, skipLink, languageNavLabel, languageNameEnglish, languageNameHindi
    case signedInAs, footerPrivate, errorPrefix, optionalMark, errorSummaryTitle, backToLoans

    // Code entry
    case codeTitle, codeSentSMS, codeSentEmail, codeSentWhatsApp, codeLabel, codeHint, codeSubmit
    case codeAttemptsLeft, codeErrorWrong, codeErrorExpired, codeErrorLocked, codeNoCode, codeNeverShare

    // Link that cannot be used
    case linkTitle, linkBody, linkNext

    // Home
    case homeTitle, homeIntro, homeEmpty, loanHeading, productLabel, overdueNowLabel, dpdLabel, dpdValue
    case caseLabel, caseNone, statusLabel, openLoan

    // Case status names (CaseStatus and holds)
    case statusTriggered, statusContacted, statusEngaged, statusNegotiating, statusInMediation
    case statusAgreed, statusSigned, statusImplementing, statusResolved, statusBroken, statusEscalated
    case statusInArbitration, statusAwarded, statusClosed, statusCured, statusWithdrawn
    case statusDisputed, statusHardshipPause, statusLegalHold, statusOnHold, statusContactStopped

    // Timeline event titles (CaseEventKind and borrower actions)
    case eventOpened, eventContacted, eventEngaged, eventNegotiationStarted, eventMediationStarted
    case eventAgreed, eventSigned, eventImplementationStarted, eventResolved, eventBroken, eventReopened
    case eventEscalated, eventArbitrationStarted, eventAwarded, eventClosed, eventCured, eventWithdrawn
    case eventHoldPlaced, eventHoldReleased, eventNoted
    case eventPathwayChosen, eventProposalSent, eventHardshipStated, eventDocumentUploaded
    case eventDisputeRaised, eventMessage, eventPaymentReceived, eventCounterOffer

    // Who did it
    case actorYou, actorLender, actorMediator, actorPlatform

    // Loan page: dues
    case asOf, loanStanding, duesHeading, duesIntro
    case figOverdueInstalments, figPrincipalOverdue, figInterestOverdue, figFeesOverdue
    case figTotalOverdue, figPrincipalOutstanding, figPayoff, figNextInstalment
    case expOverdueInstalments, expPrincipalOverdue, expInterestOverdue, expFeesOverdue
    case expTotalOverdue, expPrincipalOutstanding, expPayoff, expNextInstalment

    // Loan page: pathways
    case pathwaysHeading, pathwaysIntro, pathwaysNone, chooseThis, proposeOwnTerms, seeCaseHistory
    case pathPayOverdue, pathPayInFull, pathSettlement, pathPlan, pathHardship, pathDispute
    case pathPayOverdueDetail, pathPayInFullDetail, pathSettlementDetail, pathPlanDetail
    case pathHardshipDetail, pathDisputeDetail
    case amountToPay, amountSettlement, amountPlanTotal

    // Case page
    case caseTitle, caseForLoan, timelineHeading, timelineEmpty, formsHeading
    case proposeIntro, fieldAmount, fieldAmountHint, fieldInstalments, fieldInstalmentsHint
    case fieldFirstDate, fieldFirstDateHint, proposeSubmit
    case hardshipHeading, hardshipIntro, fieldIncome, fieldExpenses, fieldExpensesHint, fieldDependants
    case fieldStatement, fieldMaxChars, hardshipSubmit
    case uploadHeading, uploadIntro, fieldDocument, fieldDocumentHint, fieldDocumentNote, uploadSubmit
    case disputeHeading, disputeIntro, fieldReason, reasonChoose, reasonAmountWrong, reasonAlreadyPaid
    case reasonNotMyLoan, reasonOther, fieldDetails, fieldDetailsHint, disputeSubmit
    case messageHeading, messageIntro, fieldMessage, messageSubmit

    // Field errors (for the server's validation)
    case errRequired, errAmount, errInstalments, errDate, errDatePast, errTooLong, errWholeNumber
    case errFileType, errFileSize, errChooseReason

    // Notices after an action
    case flashPathwayChosen, flashProposalSent, flashHardshipSent, flashDocumentUploaded
    case flashDisputeRaised, flashMessageSent

    // Error pages
    case errorStatusCode, errorReference
    case errorTitle400, errorBody400, errorTitle403, errorBody403, errorTitle404, errorBody404
    case errorTitle413, errorBody413, errorTitle429, errorBody429, errorTitle500, errorBody500
}
