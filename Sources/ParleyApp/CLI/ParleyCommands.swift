/// The `parley` command tree. Names and options are a contract (SPEC.md "Interfaces"); keep them stable.
public enum ParleyCommands {
    static let db = OptionSpec.option("db", value: "PATH", help: "SQLite database file (or PARLEY_DB).", default: "./parley.db")
    static let lender = OptionSpec.option("lender", value: "ID", help: "The lender (tenant) to act for.", default: "default")
    static let json = OptionSpec.flag("json", help: "Print JSON for machines.")
    static let asOf = OptionSpec.option("as-of", value: "YYYY-MM-DD", help: "The day, counted to its end.", required: true)
    static let providers = OptionSpec.option("providers", value: "FILE", help: "Provider configuration JSON (or PARLEY_PROVIDERS; default: log on every channel).")
    static let baseURL = OptionSpec.option("base-url", value: "URL", help: "Public URL used in links (or PARLEY_BASE_URL).")

    static func importCommand(_ name: String, _ what: String) -> CommandSpec {
        CommandSpec(name, abstract: "Import \(what) from a CSV file (idempotent).",
                    discussion: """
                    The whole file is imported in one transaction. A bad row (with its line, column and reason) \
                    stops the import and nothing is stored, unless --skip-bad-rows is given: then exactly the \
                    good rows are stored and the others go to the rejects file. Importing the same file again \
                    changes nothing.
                    """,
                    arguments: [.required("FILE", help: "The CSV file (SPEC.md format, with header).")],
                    options: [lender, .flag("skip-bad-rows", help: "Import the good rows, reject the bad ones."),
                              .option("rejects", value: "FILE", help: "Write rejected rows with reasons here (CSV)."), json])
    }

    public static let spec = CommandSpec(
        "parley",
        abstract: "Online dispute resolution for loan collections.",
        globalOptions: [db],
        subcommands: [
            CommandSpec("init", abstract: "Create the database (and the default lender).", options: [json]),
            CommandSpec("lender", abstract: "Manage lenders (tenants).", subcommands: [
                CommandSpec("add", abstract: "Add a lender or rename one.",
                            arguments: [.required("ID", help: "Lender id, e.g. acme-bank.")],
                            options: [.option("name", value: "NAME", help: "Display name.", required: true)]),
                CommandSpec("list", abstract: "List lenders.", options: [json]),
            ]),
            CommandSpec("import", abstract: "Import the loan book or payments.", subcommands: [
                importCommand("loans", "loans (loans.csv)"),
                importCommand("payments", "payments (payments.csv)"),
            ]),
            CommandSpec("dues", abstract: "Show what a loan owes at the end of a day.",
                        arguments: [.required("LOAN_ID", help: "The loan id from the loan book.")],
                        options: [asOf, lender, json]),
            CommandSpec("cycle", abstract: "Run the daily cycle: open and cure cases, plan the day's outreach.",
                        discussion: "Idempotent for a day; safe to rerun after a crash. `parley dispatch` sends what it plans.",
                        options: [asOf, lender, providers, baseURL, json]),
            CommandSpec("case", abstract: "Look at cases.", subcommands: [
                CommandSpec("list", abstract: "List cases.",
                            options: [.option("status", value: "STATUS", help: "Only this status (or 'open')."),
                                      .option("loan", value: "LOAN_ID", help: "Only cases of this loan."),
                                      .option("limit", value: "N", help: "At most N cases.", default: "100"),
                                      .option("after", value: "CASE_ID", help: "Page: cases after this one."),
                                      lender, json]),
                CommandSpec("show", abstract: "Show a case with its timeline and reasons.",
                            arguments: [.required("CASE_ID", help: "e.g. C0000001")], options: [lender, json]),
                CommandSpec("verify", abstract: "Check a case's hash chain.",
                            arguments: [.required("CASE_ID", help: "e.g. C0000001")], options: [lender, json]),
            ]),
            CommandSpec("policy", abstract: "Show or set the lender's policy.", subcommands: [
                CommandSpec("show", abstract: "Print the policy in force (JSON).", options: [lender]),
                CommandSpec("set", abstract: "Replace the policy with a validated JSON document.",
                            arguments: [.required("FILE", help: "Policy JSON file.")], options: [lender]),
            ]),
            CommandSpec("serve", abstract: "Serve the web portal, staff pages and the JSON API.",
                        discussion: "Stops gracefully on SIGTERM or SIGINT: in-flight requests finish.",
                        options: [.option("port", value: "PORT", help: "TCP port (0 picks a free one).", default: "8080"),
                                  .option("bind", value: "ADDRESS", help: "Address to listen on.", default: "127.0.0.1"),
                                  .option("base-url", value: "URL", help: "Public URL used in borrower links (or PARLEY_BASE_URL)."),
                                  .option("threads", value: "N", help: "Worker threads.", default: "2 × cores, at least 4"),
                                  .option("today", value: "YYYY-MM-DD", help: "Compute dues as of this day (demos)."),
                                  providers]),
            CommandSpec("user", abstract: "Manage staff accounts.", subcommands: [
                CommandSpec("add", abstract: "Add a staff user; the password is read from standard input.",
                            options: [.option("email", value: "EMAIL", help: "Sign-in email.", required: true),
                                      .option("role", value: "ROLE", help: "lender_admin, lender_agent, case_manager, mediator, arbitrator or platform_admin.", required: true),
                                      .option("lender", value: "ID", help: "The lender (required for lender roles)."),
                                      .flag("password-stdin", help: "Read the password from standard input (required).")]),
            ]),
            CommandSpec("apikey", abstract: "Manage lender API keys.", subcommands: [
                CommandSpec("create", abstract: "Create an API key (printed once; only its hash is stored).",
                            options: [.option("lender", value: "ID", help: "The lender the key acts for.", required: true)]),
                CommandSpec("revoke", abstract: "Revoke an API key by its prefix.",
                            arguments: [.required("PREFIX", help: "The key's first 8 characters.")],
                            options: [.option("lender", value: "ID", help: "The lender.", required: true)]),
            ]),
            CommandSpec("link", abstract: "Borrower entry links.", subcommands: [
                CommandSpec("issue", abstract: "Print a borrower's personal entry URL (single-use, expiring).",
                            options: [.option("loan", value: "LOAN_ID", help: "The loan.", required: true), lender,
                                      .option("base-url", value: "URL", help: "Public URL (or PARLEY_BASE_URL).", default: "http://127.0.0.1:8080")]),
            ]),
            CommandSpec("outbox", abstract: "Messages to borrowers.", subcommands: [
                CommandSpec("list", abstract: "List messages with their rendered body.",
                            options: [.option("loan", value: "LOAN_ID", help: "Only this loan's messages."),
                                      .option("limit", value: "N", help: "At most N messages.", default: "1000"), lender, json]),
            ]),
            CommandSpec("optout", abstract: "Record a borrower's opt-out of a channel (honoured at once).",
                        options: [.option("borrower", value: "ID", help: "The borrower id.", required: true),
                                  .option("channel", value: "CHANNEL", help: "whatsapp, sms, email or push.", required: true), lender, json]),
            CommandSpec("hold", abstract: "Place or clear a borrower-level hold on outreach and escalation.", subcommands: [
                CommandSpec("set", abstract: "Place a hold on the borrower and their open cases.",
                            options: [.option("borrower", value: "ID", help: "The borrower id.", required: true),
                                      .option("kind", value: "KIND", help: "dispute, hardship, legal, deceased or cease.", required: true), lender, json]),
                CommandSpec("clear", abstract: "Release a hold from the borrower and their open cases.",
                            options: [.option("borrower", value: "ID", help: "The borrower id.", required: true),
                                      .option("kind", value: "KIND", help: "dispute, hardship, legal, deceased or cease.", required: true), lender, json]),
            ]),
            CommandSpec("dispatch", abstract: "Send the outbox's messages due at or before now, each through the compliance gate.",
                        discussion: """
                        Each message passes the gate at the dispatcher's clock: allowed ones go to their provider within its \
                        rate limit; others are rescheduled or dropped with the reason recorded. Provider errors worth retrying \
                        (429, 5xx, network) back off exponentially with jitter; permanent ones fail over to the next allowed \
                        channel. A message is sent at most once per channel, across crashes and reruns.
                        """,
                        options: [.option("now", value: "INSTANT", help: "The clock's start, e.g. 2026-12-01T10:30:00Z (default: the wall clock)."),
                                  .option("lender", value: "ID", help: "Only this lender's messages (default: every lender)."),
                                  providers, baseURL,
                                  .option("concurrency", value: "N", help: "Sends in flight at once.", default: "8"),
                                  .option("max-wait", value: "SECONDS", help: "Wait this long for retries falling due soon.", default: "30"),
                                  json]),
            CommandSpec("template", abstract: "Message templates per lender, channel and language.", subcommands: [
                CommandSpec("preview", abstract: "Render a template for a case, as outreach would send it.",
                            options: [.option("case", value: "CASE_ID", help: "The case, e.g. C0000001.", required: true),
                                      .option("template", value: "KEY", help: "missed_emi, reminder, invitation, offer_expiring, agreement_confirmation, plan_instalment_due, broken_plan or escalation_notice.", required: true),
                                      .option("channel", value: "CHANNEL", help: "whatsapp, sms, email or push.", required: true),
                                      .option("language", value: "LANG", help: "Language (default: the borrower's)."),
                                      .option("as-of", value: "YYYY-MM-DD", help: "Figures as of this day (default: today UTC)."),
                                      providers, baseURL, lender, json]),
                CommandSpec("set", abstract: "Store the lender's own wording of a template (SMS needs its DLT registration).",
                            options: [.option("key", value: "KEY", help: "The template key.", required: true),
                                      .option("channel", value: "CHANNEL", help: "whatsapp, sms, email or push.", required: true),
                                      .option("language", value: "LANG", help: "e.g. en, hi.", required: true),
                                      .option("file", value: "FILE", help: "The text, with {{variables}}.", required: true),
                                      .option("subject", value: "TEXT", help: "Email subject or push title."),
                                      .option("whatsapp-name", value: "NAME", help: "The approved WhatsApp template name."),
                                      .option("dlt-template-id", value: "ID", help: "India DLT content template id."),
                                      .option("dlt-text", value: "TEXT", help: "The registered DLT text with {#var#}."),
                                      lender]),
            ]),
            CommandSpec("push", abstract: "App push registration.", subcommands: [
                CommandSpec("register", abstract: "Register a borrower's FCM registration token.",
                            options: [.option("borrower", value: "ID", help: "The borrower id.", required: true),
                                      .option("token", value: "TOKEN", help: "The FCM registration token.", required: true), lender]),
            ]),
            CommandSpec("generate", abstract: "Write a synthetic loan book (loans.csv, payments.csv).",
                        options: [.option("loans", value: "N", help: "Number of loans.", required: true),
                                  .option("seed", value: "S", help: "Random seed (same seed, same files).", default: "1"),
                                  .option("out", value: "DIR", help: "Output directory.", required: true),
                                  .option("as-of", value: "YYYY-MM-DD", help: "Payments up to this day.", default: "today (UTC)"),
                                  json]),
        ])
}
