import ParleyChannels
import ParleyCore
import ParleyHTTP
import ParleyStore

/// Provider webhooks: delivery receipts and inbound messages (WhatsApp Cloud API signed with `X-Hub-Signature-256`,
/// the SMS gateway behind a secret path), and RFC 8058 one-click unsubscribe for email. A request that fails its
/// signature or secret gets 401 and changes nothing; one that is malformed gets 400 and changes nothing.
extension WebApp {
    func registerWebhookRoutes() {
        let secrets = configuration.webhooks
        router.add(.GET, "/webhooks/whatsapp") { request in
            switch WhatsAppWebhook.verificationChallenge(query: request.query, verifyToken: secrets.whatsAppVerifyToken?.value ?? "") {
            case .success(let challenge): return .text(challenge)
            case .failure: throw HTTPError.forbidden("verification token mismatch")
            }
        }
        router.add(.POST, "/webhooks/whatsapp") { [self] request in
            guard let appSecret = secrets.whatsAppAppSecret?.value, !appSecret.isEmpty,
                  WhatsAppWebhook.verifySignature(body: request.body, header: request.headers["X-Hub-Signature-256"],
                                                  appSecret: appSecret) else {
                throw HTTPError.unauthorized("invalid X-Hub-Signature-256")
            }
            let batch: WebhookBatch
            do { batch = try WhatsAppWebhook.parse(body: request.body) } catch { throw HTTPError.badRequest("\(error)") }
            let result = try apply(receipts: batch.receipts, inbound: batch.inbound)
            return .json(result.canonical)
        }
        router.add(.POST, "/webhooks/sms/:secret/status") { [self] request in
            try authorizeSMS(request, secrets)
            let receipt: DeliveryReceipt
            let form = try request.formFields()
            do { receipt = try SMSGatewayWebhook.parseStatus(form: form, receivedAt: clock()) } catch { throw HTTPError.badRequest("\(error)") }
            return .json(try apply(receipts: [receipt], inbound: []).canonical)
        }
        for method in [HTTPMethod.GET, .POST] {
            router.add(method, "/webhooks/sms/:secret/inbound") { [self] request in
                try authorizeSMS(request, secrets)
                let fields = method == .GET ? request.query : try request.formFields()
                let inbound: InboundMessage
                do { inbound = try SMSGatewayWebhook.parseInbound(form: fields, receivedAt: clock()) } catch { throw HTTPError.badRequest("\(error)") }
                return .json(try apply(receipts: [], inbound: [inbound]).canonical)
            }
        }
        router.add(.GET, "/unsubscribe/:token") { [self] request in
            guard let entry = try pool.with({ try $0.outboxEntry(unsubscribeToken: request.pathParameters["token"] ?? "") }) else {
                throw HTTPError.notFound("this unsubscribe link is not valid")
            }
            let hindi = entry.message.language.hasPrefix("hi")
            let title = hindi ? "ईमेल बंद करें" : "Stop emails"
            let button = hindi ? "ईमेल संदेश बंद करें" : "Stop email messages"
            return .html("""
                <!doctype html><html lang="\(hindi ? "hi" : "en")"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">\
                <title>\(title)</title></head><body><main><h1>\(title)</h1>\
                <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">\
                <button type="submit">\(button)</button></form></main></body></html>
                """)
        }
        router.add(.POST, "/unsubscribe/:token") { [self] request in
            let token = request.pathParameters["token"] ?? ""
            let now = clock()
            let changed = try pool.with { store -> Bool in
                try store.transaction {
                    guard let entry = try store.outboxEntry(unsubscribeToken: token) else {
                        throw HTTPError.notFound("this unsubscribe link is not valid")
                    }
                    guard try store.optOut(borrowerKey: entry.message.borrowerKey, channel: Channel.email.rawValue, at: now,
                                           source: "email:one-click") else { return false }
                    if let caseKey = entry.message.caseKey {
                        _ = try? store.appendEvent(caseKey: caseKey, event: NewCaseEvent(
                            kind: .noted, at: now, actor: Actor(.borrower, entry.borrowerID), rule: "inbound.unsubscribe",
                            data: ["kind": "opt_out", "channel": "email",
                                   "summary": "The borrower unsubscribed from email with the one-click link (RFC 8058)."]))
                    }
                    return true
                }
            }
            return request.prefersJSON || request.mediaType != "application/x-www-form-urlencoded"
                ? .json((["unsubscribed": true, "changed": .bool(changed)] as JSONValue).canonical)
                : .html("<!doctype html><html><head><meta charset=\"utf-8\"><title>Unsubscribed</title></head><body><main>"
                        + "<h1>You will get no more emails from us.</h1></main></body></html>")
        }
    }

    private func authorizeSMS(_ request: HTTPRequest, _ secrets: WebhookSecrets) throws {
        guard let configured = secrets.smsWebhookSecret?.value, !configured.isEmpty,
              SMSGatewayWebhook.authorize(pathSecret: request.pathParameters["secret"] ?? "", configured: configured) else {
            throw HTTPError.unauthorized("unknown webhook secret")
        }
    }

    /// Applies receipts and inbound messages in one transaction and reports what each did.
    private func apply(receipts: [DeliveryReceipt], inbound: [InboundMessage]) throws -> JSONValue {
        let now = clock()
        return try pool.with { store in
            try store.transaction {
                var receiptResults: [JSONValue] = []
                for receipt in receipts {
                    let outcome = try store.applyReceipt(channel: receipt.channel.rawValue, providerMessageID: receipt.providerMessageID,
                                                         status: receipt.status.rawValue, at: receipt.at,
                                                         error: receipt.errorReason.map { reason in receipt.errorCode.map { "\($0) \(reason)" } ?? reason })
                    switch outcome {
                    case .applied(_, _, let to): receiptResults.append(.string("applied:" + to))
                    case .ignored(_, let status): receiptResults.append(.string("ignored:" + status))
                    case .pending: receiptResults.append("pending")
                    }
                }
                let actions = InboundActions(store: store, baseURL: configuration.baseURL,
                                             linkLifetimeSeconds: configuration.linkLifetimeSeconds, now: now)
                let inboundResults = try inbound.map { JSONValue.string(try actions.handle($0)) }
                return ["receipts": .array(receiptResults), "inbound": .array(inboundResults)]
            }
        }
    }
}
