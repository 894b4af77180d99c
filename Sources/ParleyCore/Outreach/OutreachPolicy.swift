/// One step of the outreach cadence: on `day` of the case, send `template` on the first suitable
/// channel of `channels` (the rest are the fail-over order).
public struct CadenceStep: Hashable, Sendable {
    /// Days since the case opened, in the borrower's local calendar (0 = the day it opened).
    public var day: Int
    public var template: OutreachTemplate
    /// The channels this step may use, in the lender's order of preference. Never empty, no repeats.
    public var channels: [Channel]

    public init(day: Int, template: OutreachTemplate, channels: [Channel]) {
        self.day = day
        self.template = template
        self.channels = channels
    }

    public var json: JSONValue {
        ["day": .int(Int64(day)), "template": .string(template.rawValue),
         "channels": .array(channels.map { .string($0.rawValue) })]
    }
}

/// The `outreach` section of a lender policy: the cadence, whether channel and time are learned,
/// the local send windows the learner chooses among, and an optional tightening of the caps.
public struct OutreachPolicy: Hashable, Sendable {
    /// Steps in strictly increasing day order.
    public var cadence: [CadenceStep]
    /// When true the planner picks channel and window by Thompson sampling over segment statistics;
    /// when false it follows the step's order and the first window.
    public var adaptive: Bool
    /// Local send windows, sorted and non-overlapping. The learner's arms are channel × window.
    public var windows: [ContactWindow]
    /// The lender's tightening of the jurisdiction's standard caps; nil keeps the standard caps.
    public var caps: CapsOverride?

    public init(cadence: [CadenceStep], adaptive: Bool, windows: [ContactWindow], caps: CapsOverride? = nil) {
        self.cadence = cadence
        self.adaptive = adaptive
        self.windows = windows
        self.caps = caps
    }

    /// The default cadence: missed EMI on day 0, then day 1, 3, 7, 14 and 30; adaptive; four windows.
    public static let standard = OutreachPolicy(
        cadence: [
            CadenceStep(day: 0, template: .missedEMI, channels: [.whatsapp, .sms, .email]),
            CadenceStep(day: 1, template: .invitation, channels: [.whatsapp, .sms, .email]),
            CadenceStep(day: 3, template: .reminder, channels: [.sms, .whatsapp, .push, .email]),
            CadenceStep(day: 7, template: .reminder, channels: [.whatsapp, .sms, .email]),
            CadenceStep(day: 14, template: .offerExpiring, channels: [.sms, .email]),
            CadenceStep(day: 30, template: .escalationNotice, channels: [.email, .sms]),
        ],
        adaptive: true,
        windows: [
            ContactWindow(startMinute: 9 * 60, endMinute: 11 * 60),
            ContactWindow(startMinute: 11 * 60, endMinute: 14 * 60),
            ContactWindow(startMinute: 14 * 60, endMinute: 17 * 60),
            ContactWindow(startMinute: 17 * 60, endMinute: 20 * 60),
        ])

    /// The cadence step for a case day, or nil when the cadence sends nothing that day.
    public func step(onDay day: Int) -> CadenceStep? {
        cadence.first { $0.day == day }
    }

    /// The caps that apply to a borrower in `jurisdiction`: the standard caps with the lender's
    /// override applied. The override can only tighten (parsing refuses anything looser), and the
    /// standard cap is kept as a ceiling here too, so a hand-built policy cannot loosen a legal cap.
    public func caps(for jurisdiction: Jurisdiction) -> FrequencyCaps {
        let standard = FrequencyCaps.standard(jurisdiction)
        return caps?.applied(to: standard) ?? standard
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "cadence": .array(cadence.map(\.json)),
            "adaptive": .bool(adaptive),
            "windows": .array(windows.map { .string(OutreachPolicy.windowText($0)) }),
        ]
        if let caps { members["caps"] = caps.json }
        return .object(members)
    }

    /// `09:00-11:00`: the policy's spelling of a window (ASCII hyphen).
    public static func windowText(_ window: ContactWindow) -> String {
        LocalDateTime.clock(window.startMinute) + "-" + LocalDateTime.clock(window.endMinute)
    }
}
