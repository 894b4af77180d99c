import Testing
@testable import ParleyCore

@Suite("Outreach policy")
struct OutreachPolicyTests {
    static let example = #"""
    {"outreach": {
      "cadence": [ {"day": 0, "template": "missed_emi", "channels": ["whatsapp","sms","email"]},
                   {"day": 1, "template": "invitation", "channels": ["whatsapp","sms","email"]},
                   {"day": 3, "template": "reminder", "channels": ["sms","whatsapp","push","email"]},
                   {"day": 7, "template": "reminder", "channels": ["whatsapp","sms","email"]},
                   {"day": 14, "template": "offer_expiring", "channels": ["sms","email"]},
                   {"day": 30, "template": "escalation_notice", "channels": ["email","sms"]} ],
      "adaptive": true,
      "windows": ["09:00-11:00","11:00-14:00","14:00-17:00","17:00-20:00"],
      "caps": {"per_channel_per_day": {"sms": 1}, "overall_per_day": 3, "overall_per_7_days": 7, "per_channel_per_7_days": {"email": 4}}
    }}
    """#

    @Test func defaultsAreTheStandardCadence() throws {
        let outreach = try LenderPolicy.parse("{}").outreach
        #expect(outreach == .standard)
        #expect(outreach.cadence.map(\.day) == [0, 1, 3, 7, 14, 30])
        #expect(outreach.cadence.map(\.template) == [.missedEMI, .invitation, .reminder, .reminder, .offerExpiring, .escalationNotice])
        #expect(outreach.cadence[2].channels == [.sms, .whatsapp, .push, .email])
        #expect(outreach.adaptive)
        #expect(outreach.windows.map(\.description) == ["09:00–11:00", "11:00–14:00", "14:00–17:00", "17:00–20:00"])
        #expect(outreach.caps == nil)
        for jurisdiction in Jurisdiction.allCases {
            #expect(LenderPolicy().caps(for: jurisdiction) == .standard(jurisdiction))
        }
    }

    @Test func briefExampleParsesAndTightensTheCaps() throws {
        let policy = try LenderPolicy.parse(Self.example)
        #expect(policy.outreach.cadence == OutreachPolicy.standard.cadence)
        #expect(policy.outreach.caps == CapsOverride(perChannelPerDay: [.sms: 1], overallPerDay: 3, overallPer7Days: 7,
                                                     perChannelPer7Days: [.email: 4]))
        let india = policy.caps(for: .india)
        #expect(india.overallPer7Days == 7)
        #expect(india.overallPerDay == 3)
        #expect(india.perChannelPerDay == [.whatsapp: 1, .sms: 1, .email: 1, .push: 2])
        #expect(india.perChannelPer7Days == [.whatsapp: 3, .sms: 3, .email: 4, .push: 5])
    }

    @Test func overrideReplacesOnlyTheFieldsGiven() throws {
        let policy = try LenderPolicy.parse(#"{"outreach": {"adaptive": false, "caps": {"per_channel_per_day": {"push": 0}, "overall_per_7_days": 5}}}"#)
        #expect(policy.outreach.adaptive == false)
        #expect(policy.outreach.cadence == OutreachPolicy.standard.cadence)
        #expect(policy.outreach.windows == OutreachPolicy.standard.windows)
        var expected = FrequencyCaps.standard(.unitedKingdom)
        expected.perChannelPerDay[.push] = 0
        expected.overallPer7Days = 5
        #expect(policy.caps(for: .unitedKingdom) == expected)
        #expect(try LenderPolicy.parse(#"{"outreach": {"caps": null}}"#).outreach.caps == nil)
    }

    @Test func handBuiltLooseOverrideIsStillCappedByTheStandard() {
        var policy = LenderPolicy()
        policy.outreach.caps = CapsOverride(perChannelPerDay: [.sms: 9], overallPer7Days: 9)
        #expect(policy.caps(for: .unitedStates).overallPer7Days == 7)
        #expect(policy.caps(for: .india).overallPer7Days == 9)
        #expect(policy.caps(for: .india).perChannelPerDay[.sms] == 1)
    }

    @Test func roundTrips() throws {
        let custom = try LenderPolicy.parse(#"""
        {"outreach": {"cadence": [{"day": 2, "template": "broken_plan", "channels": ["push", "email"]},
                                  {"day": 40, "template": "plan_instalment_due", "channels": ["whatsapp"]}],
                      "adaptive": false, "windows": ["08:30-10:00", "18:00-24:00"],
                      "caps": {"per_channel_per_7_days": {"sms": 2, "push": 1}}}}
        """#)
        #expect(custom.outreach.windows == [ContactWindow(startMinute: 510, endMinute: 600), ContactWindow(startMinute: 1080, endMinute: 1440)])
        for policy in [custom, try LenderPolicy.parse(Self.example), LenderPolicy()] {
            #expect(try LenderPolicy.from(policy.json) == policy)
            #expect(try LenderPolicy.parse(policy.json.canonical) == policy)
        }
        #expect(custom.outreach.json["windows"] == ["08:30-10:00", "18:00-24:00"])
        #expect(custom.outreach.json["caps"] == ["per_channel_per_7_days": ["sms": 2, "push": 1]])
    }

    static let looser = "; a policy may only tighten the caps"

    @Test(arguments: [
        (#"{"outreach": []}"#, "outreach: must be a JSON object"),
        (#"{"outreach": {"cadance": []}}"#, "outreach.cadance: unknown field (known: adaptive, cadence, caps, windows)"),
        (#"{"outreach": {"cadence": []}}"#, "outreach.cadence: must be a list of 1 to 100 steps"),
        (#"{"outreach": {"cadence": [3]}}"#, "outreach.cadence[0]: must be an object with day, template and channels"),
        (#"{"outreach": {"cadence": [{"template": "reminder", "channels": ["sms"]}]}}"#, "outreach.cadence[0].day: is required"),
        (#"{"outreach": {"cadence": [{"day": 1, "hour": 9, "template": "reminder", "channels": ["sms"]}]}}"#,
         "outreach.cadence[0].hour: unknown field (known: channels, day, template)"),
        (#"{"outreach": {"cadence": [{"day": 3651, "template": "reminder", "channels": ["sms"]}]}}"#,
         "outreach.cadence[0].day: 3651 is outside 0…3650"),
        (#"{"outreach": {"cadence": [{"day": -1, "template": "reminder", "channels": ["sms"]}]}}"#,
         "outreach.cadence[0].day: -1 is outside 0…3650"),
        (#"{"outreach": {"cadence": [{"day": 1, "template": "hello", "channels": ["sms"]}]}}"#,
         #"outreach.cadence[0].template: unknown template "hello" (known: agreement_confirmation, broken_plan, "#
            + "escalation_notice, invitation, missed_emi, offer_expiring, plan_instalment_due, reminder)"),
        (#"{"outreach": {"cadence": [{"day": 1, "template": "reminder", "channels": []}]}}"#,
         "outreach.cadence[0].channels: must be a non-empty list of channels (email, push, sms, whatsapp)"),
        (#"{"outreach": {"cadence": [{"day": 1, "template": "reminder", "channels": ["sms", "sms"]}]}}"#,
         "outreach.cadence[0].channels[1]: sms is listed twice"),
        (#"{"outreach": {"cadence": [{"day": 0, "template": "missed_emi", "channels": ["sms"]}, "#
            + #"{"day": 2, "template": "reminder", "channels": ["sms"]}, {"day": 3, "template": "reminder", "channels": ["fax"]}]}}"#,
         "outreach.cadence[2].channels[0]: must be one of email, push, sms, whatsapp"),
        (#"{"outreach": {"cadence": [{"day": 0, "template": "missed_emi", "channels": ["sms"]}, "#
            + #"{"day": 0, "template": "reminder", "channels": ["email"]}]}}"#,
         "outreach.cadence[1].day: 0 is not after the previous step's day 0 (days must strictly increase)"),
        (#"{"outreach": {"adaptive": "yes"}}"#, "outreach.adaptive: must be true or false"),
        (#"{"outreach": {"windows": []}}"#, #"outreach.windows: must be a list of 1 to 24 windows such as "09:00-11:00""#),
        (#"{"outreach": {"windows": ["9:00-11:00"]}}"#,
         #"outreach.windows[0]: must be a local time span "HH:MM-HH:MM" such as "09:00-11:00""#),
        (#"{"outreach": {"windows": ["09:00-11:00", "09:60-11:00"]}}"#,
         #"outreach.windows[1]: must be a local time span "HH:MM-HH:MM" such as "09:00-11:00""#),
        (#"{"outreach": {"windows": ["11:00-09:00"]}}"#, "outreach.windows[0]: starts at 11:00, which is not before its end 09:00"),
        (#"{"outreach": {"windows": ["09:00-11:00", "10:30-12:00"]}}"#,
         "outreach.windows[1]: starts at 10:30, before the previous window ends at 11:00 (windows must be sorted and must not overlap)"),
        (#"{"outreach": {"windows": ["14:00-17:00", "09:00-11:00"]}}"#,
         "outreach.windows[1]: starts at 09:00, before the previous window ends at 17:00 (windows must be sorted and must not overlap)"),
        (#"{"outreach": {"caps": {"per_day": 1}}}"#,
         "outreach.caps.per_day: unknown field (known: overall_per_7_days, overall_per_day, per_channel_per_7_days, per_channel_per_day)"),
        (#"{"outreach": {"caps": {"per_channel_per_day": {"fax": 1}}}}"#,
         "outreach.caps.per_channel_per_day.fax: unknown channel (known: email, push, sms, whatsapp)"),
        (#"{"outreach": {"caps": {"overall_per_day": -1}}}"#, "outreach.caps.overall_per_day: -1 is outside 0…1000"),
        (#"{"outreach": {"caps": {"per_channel_per_day": {"sms": 2}}}}"#,
         "outreach.caps.per_channel_per_day.sms: 2 is looser than the IN standard cap of 1 SMS message a day" + OutreachPolicyTests.looser),
        (#"{"outreach": {"caps": {"overall_per_day": 4}}}"#,
         "outreach.caps.overall_per_day: 4 is looser than the IN standard cap of 3 messages a day" + OutreachPolicyTests.looser),
        (#"{"outreach": {"caps": {"overall_per_7_days": 8}}}"#,
         "outreach.caps.overall_per_7_days: 8 is looser than the US standard cap of 7 messages in 7 days "
            + "(Regulation F presumes more than 7 in 7 days is harassment)" + OutreachPolicyTests.looser),
        (#"{"outreach": {"caps": {"per_channel_per_7_days": {"email": 5}}}}"#,
         "outreach.caps.per_channel_per_7_days.email: 5 is looser than the IN standard cap of 4 email messages in 7 days" + OutreachPolicyTests.looser),
    ])
    func rejectsInvalidSections(text: String, message: String) {
        #expect(throws: PolicyError.self) { try LenderPolicy.parse(text) }
        do { _ = try LenderPolicy.parse(text) } catch { #expect(error.description == message) }
    }
}
