import ParleyCore
import Synchronization

/// Records sends without any network: for demos, tests and channels not yet contracted.
public final class LogProvider: ChannelProvider {
    public let channel: Channel
    public let kind = "log"
    private let sent = Mutex<[OutboundMessage]>([])

    public init(channel: Channel) { self.channel = channel }

    public func send(_ message: OutboundMessage) -> SendOutcome {
        let count = sent.withLock { list -> Int in
            list.append(message)
            return list.count
        }
        return .sent(providerMessageID: "log-\(channel.rawValue)-\(count)")
    }

    /// What was "sent", in order.
    public var messages: [OutboundMessage] { sent.withLock { $0 } }
}
