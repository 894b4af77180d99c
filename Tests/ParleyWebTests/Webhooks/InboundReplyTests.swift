import Testing
import ParleyApp
import ParleyCore
@testable import ParleyHTTP
@testable import ParleyStore
@testable import ParleyWeb

/// HELP, PAY, a language choice, free text and strangers: what each records, and what the reply says.
@Suite struct InboundReplyTests {
    static let t0: Int64 = 1_776_247_200

    /// The personal link at the end of a reply, as a path (`/p/<token>`).
    func linkPath(in body: String) throws -> String {
        let range = try #require(body.range(of: "https://parley.test/p/"))
        let token = body[range.upperBound...]
        #expect(token.count == 43)
        #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        return "/p/" + token
    }

    /// Opens the link, confirms the code it sends, and returns where the borrower lands.
    func enter(_ world: WebhookWorld, _ path: String) throws -> String? {
        let page = world.web.get(path)
        try #require(page.status == 200)
        let anonymous = try #require(page.cookie(WebApp.anonymousCSRFCookie))
        let entered = world.web.post(path, as: Credentials(cookies: [WebApp.anonymousCSRFCookie: anonymous]),
                                     form: [("csrf", anonymous), ("code", try world.web.latestCode())])
        #expect(entered.status == 303)
        return entered.headers["Location"]
    }

    @Test func helpRepliesWithTheKeywordsAndAWorkingPersonalLink() throws {
        let world = try WebhookWorld()
        let response = world.whatsApp(WhatsAppBody.inbound(id: "wamid.HELP", "help"))
        #expect(response.json == .webhook(inbound: ["help"]))
        let replies = try world.messages(template: "reply_help")
        try #require(replies.count == 1)
        let reply = replies[0]
        #expect(reply.channel == "whatsapp")
        #expect(reply.destination == "+919876543210")
        #expect(reply.purpose == .transactional)
        let path = try linkPath(in: reply.body)
        #expect(reply.body == "Parley help: reply PAY for a payment link, STOP to stop messages, HINDI to switch language. "
                + "See your account: https://parley.test" + path)
        #expect(try enter(world, path) == "/portal/loans/L1")
        // HELP is not an opt-out and not an engagement with the case.
        #expect(try world.store.optedOutChannels(borrowerKey: try world.borrower("B1").key) == [])
        #expect(try world.events("L1", rule: "inbound.message") == [])
    }

    @Test(arguments: [
        ("text", WhatsAppBody.text(id: "wamid.PAY", body: "PAY")),
        ("button payload", WhatsAppBody.button(id: "wamid.PAYB", text: "Pay now", payload: "PAY")),
        ("Hindi", WhatsAppBody.text(id: "wamid.PAYH", body: "भुगतान")),
    ])
    func payRecordsAnEngagementAndRepliesWithAWorkingLink(_ name: String, _ message: String) throws {
        let world = try WebhookWorld()
        let response = world.whatsApp(WhatsAppBody.notification(messages: [message]))
        #expect(response.json == .webhook(inbound: ["pay"]), "\(name)")
        for loan in ["L1", "L2"] {
            let engaged = try world.events(loan, rule: "inbound.pay")
            #expect(engaged.map(\.kind) == [.engaged], "\(name) \(loan)")
            #expect(engaged.first?.event.data["summary"] == "The borrower asked to pay by replying PAY.")
            #expect(try world.web.summary(loan).state.status == .engaged)
        }
        let reply = try #require(try world.messages(template: "reply_pay").first)
        let path = try linkPath(in: reply.body)
        #expect(reply.body == "Open your personal link to see what you owe and pay or choose a plan: https://parley.test" + path)
        #expect(try enter(world, path) == "/portal/loans/L1")
    }

    @Test func hindiChangesTheLanguageOfRepliesAndOfTheNextPlannedMessage() throws {
        let world = try WebhookWorld()
        let b1 = try world.borrower("B1")
        #expect(world.whatsApp(WhatsAppBody.inbound(id: "wamid.HI", "Hindi")).json == .webhook(inbound: ["language"]))
        #expect(try world.borrower("B1").language == "hi")
        let reply = try #require(try world.messages(template: "reply_language").first)
        #expect(reply.body == "ठीक है, अब से हम आपको हिंदी में लिखेंगे।")
        #expect(reply.language == "hi")
        #expect(try world.events("L1", rule: "inbound.language").map { $0.event.data["language"] } == ["hi"])

        // Asking again changes nothing but still answers; later HELP comes in Hindi.
        #expect(world.whatsApp(WhatsAppBody.inbound(id: "wamid.HI2", "हिंदी")).json == .webhook(inbound: ["language"]))
        #expect(try world.events("L1", rule: "inbound.language").count == 1)
        #expect(world.whatsApp(WhatsAppBody.inbound(id: "wamid.HELP2", "मदद")).json == .webhook(inbound: ["help"]))
        let help = try #require(try world.messages(template: "reply_help").first)
        #expect(help.body.hasPrefix("Parley सहायता: भुगतान लिंक के लिए PAY, संदेश बंद करने के लिए STOP, भाषा बदलने के लिए ENGLISH लिखें। अपना खाता देखें: https://parley.test/p/"))

        // The cycle's next planned message (day 1 of the cases opened on 10 February: the invitation) is in Hindi.
        let planning = OutreachPlanning(store: world.store, lenderID: "default", baseURL: "https://parley.test",
                                        providers: .logging())
        let summary = try planning.run(asOf: CivilDate(year: 2026, month: 2, day: 11)!)
        #expect(summary.casesChecked == 3)
        let planned = try world.outbox().filter { $0.template == "invitation" && $0.borrowerKey == b1.key }
        #expect(planned.count == 2)
        for message in planned {
            #expect(message.language == "hi")
            let link = try #require(message.variables["link"])
            #expect(message.body == "प्रिय Asha Rao, Default lender आपको अपना ऋण ऑनलाइन, निजी रूप से और अपनी सुविधा से "
                    + "सुलझाने के लिए आमंत्रित करता है: " + link)
        }
        // B2 said nothing and keeps English.
        let other = try #require(try world.outbox().first { $0.template == "invitation" && $0.borrowerKey != b1.key })
        #expect(other.language == "en")

        // ENGLISH switches back.
        #expect(world.whatsApp(WhatsAppBody.inbound(id: "wamid.EN", "english")).json == .webhook(inbound: ["language"]))
        #expect(try world.borrower("B1").language == "en")
        #expect(try world.messages(template: "reply_language").map(\.body)
                == ["ठीक है, अब से हम आपको हिंदी में लिखेंगे।", "ठीक है, अब से हम आपको हिंदी में लिखेंगे।",
                    "Done: we will write to you in English from now on."])
    }

    @Test func freeTextIsAnEngagementAndGetsNoReply() throws {
        let world = try WebhookWorld()
        let response = world.whatsApp(WhatsAppBody.inbound(id: "wamid.FREE", "I lost my job, can I pay later?"))
        #expect(response.json == .webhook(inbound: ["message"]))
        #expect(try world.outbox() == [])
        for loan in ["L1", "L2"] {
            let engaged = try world.events(loan, rule: "inbound.message")
            #expect(engaged.map(\.kind) == [.engaged])
            #expect(engaged.first?.event.data["text"] == "I lost my job, can I pay later?")
        }
        var replied: [String] = []
        try world.store.db.prepare("SELECT kind || ':' || channel || ':' || at FROM contact_events ORDER BY id")
            .forEachRow { replied.append($0.string(0)) }
        #expect(replied == ["replied:whatsapp:\(Self.t0)"])
    }

    @Test(arguments: ["STOP", "HELP", "PAY", "HINDI", "hello"])
    func anUnknownSenderIsRecordedAndGetsNoReply(_ text: String) throws {
        let world = try WebhookWorld()
        var before = try world.snapshot()
        let response = world.whatsApp(WhatsAppBody.inbound(id: "wamid.STRANGER", from: WebhookWorld.stranger, text))
        #expect(response.status == 200)
        #expect(response.json == .webhook(inbound: ["unknown_sender"]))
        #expect(try world.inbound() == [["whatsapp", "wamid.STRANGER", "+919000000001", "0", text, "unknown_sender"]])
        var after = try world.snapshot()
        before["inbound_messages"] = nil
        after["inbound_messages"] = nil
        #expect(after == before)
    }
}
