/// Notification bodies shaped like the examples in Meta's webhook reference (messages: text, button,
/// interactive; statuses: sent, delivered, read, failed), with the conversation and pricing objects kept.
enum WhatsAppPayloads {
    static func envelope(_ value: String, field: String = "messages") -> [UInt8] {
        Array(#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":"#.utf8)
            + Array(value.utf8) + Array(#","field":""#.utf8) + Array(field.utf8) + Array(#""}]}]}"#.utf8)
    }

    static let metadata = #""messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"}"#

    static let text = envelope(#"""
        {\#(metadata),"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
         "messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
           "timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]}
        """#)

    static let button = envelope(#"""
        {\#(metadata),"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
         "messages":[{"context":{"from":"15550783881","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3NjA2QTVGMzk2RjdGODQ4MDEA"},
           "from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUVBNzE1QUIyOEM2QjdCNkQ2MwA=",
           "timestamp":"1712595443","type":"button","button":{"payload":"PAY_NOW","text":"Pay now"}}]}
        """#)

    static let interactive = envelope(#"""
        {\#(metadata),"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
         "messages":[{"context":{"from":"15550783881","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCMUQzQkIxMTU3NTkxMEM2NjgA"},
           "from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUJGRTMyODdBRDY2RjlCOUFBMAA=",
           "timestamp":"1750032413","type":"interactive",
           "interactive":{"type":"button_reply","button_reply":{"id":"change-button","title":"Change"}}}]}
        """#)

    static func status(_ status: String, timestamp: String, extra: String = "") -> String {
        #"""
        {"id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RjY1RjdFRDg5QjhGQzUyRjIA","status":"\#(status)","timestamp":"\#(timestamp)",
         "recipient_id":"16505551234"\#(extra)}
        """#
    }

    static let pricing = #","conversation":{"id":"a75d17ad06104c51166f948319b03c6a","expiration_timestamp":"1750350173","origin":{"type":"utility"}},"pricing":{"billable":true,"pricing_model":"PMP","category":"utility","type":"regular"}"#

    static let failedError = #""#
        + #","errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","#
        + #""error_data":{"details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."},"#
        + #""href":"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]"#

    static let statuses = envelope("{\(metadata),\"statuses\":["
        + status("sent", timestamp: "1750263773", extra: pricing) + ","
        + status("delivered", timestamp: "1750263800", extra: pricing) + ","
        + status("read", timestamp: "1750263900") + ","
        + status("failed", timestamp: "1750264000", extra: failedError) + "]}")
}
