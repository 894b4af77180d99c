import ParleyCore
import Synchronization

/// Records sends without any network: for demos, tests and channels not yet contracted.
public final class LogProvider: ChannelProvider {
    public let channel: Channel
    public let kind = "log"
    private let sent = Mutex<[OutboundMessage]>([])

    public init(channel: Channel) { self.channel = channel }

    public func send(_ message: OutboundMessage) -> SendOutcome {
        sent.withLock { $0.append(message) }
        // Idempotency keys are unique per channel, so the id is unique across runs and processes too.
        return .sent(providerMessageID: "log:" + message.idempotencyKey)
    }

    /// What was "sent", in order.
    public var messages: [OutboundMessage] { sent.withLock { $0 } }
}
