import Foundation
import Testing
import ParleyCore
import ParleyCrypto
import ParleyStore
@testable import ParleyApp

/// Drives the real `parley` binary.
@Suite("parley binary, end to end", .serialized)
struct EndToEndTests {
    let scratch = Scratch()
    var db: String { scratch.file("parley.db") }

    @Test func generateImportDuesCycleAndCases() throws {
        let generate = try Binary.run(["generate", "--loans", "300", "--seed", "5", "--as-of", "2026-12-01", "--out", scratch.path, "--json"])
        #expect(generate.status == 0, "\(generate.stderr)")
        #expect(try Binary.run(["import", "loans", scratch.file("loans.csv"), "--db", db]).stdout.contains("300 new"))
        let payments = try Binary.run(["import", "payments", scratch.file("payments.csv"), "--db", db, "--json"])
        #expect(payments.status == 0)
        let again = try Binary.run(["import", "payments", scratch.file("payments.csv"), "--db", db, "--json"])
        #expect(again.stdout.contains("\"inserted\":0"))

        let dues = try Binary.run(["dues", "L0000001", "--as-of", "2026-12-01", "--db", db, "--json"])
        #expect(dues.status == 0)
        let value = try JSONParser.parse(dues.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        for key in ["loan_id", "as_of", "dpd", "bucket", "overdue_instalments", "principal_overdue", "interest_overdue",
                    "fees_overdue", "total_overdue", "principal_outstanding", "payoff", "currency"] {
            #expect(value[key] != nil, "missing \(key)")
        }
        // The binary's figures equal the library's.
        let store = try SQLiteStore(path: db, sha256: Sodium.sha256)
        let expected = try DuesService(store: store).dues(lenderID: "default", loanID: "L0000001", asOf: CivilDate(iso: "2026-12-01")!)
        #expect(value == expected.json)

        let cycle = try Binary.run(["cycle", "--as-of", "2026-12-01", "--db", db, "--json"])
        #expect(cycle.status == 0, "\(cycle.stderr)")
        let summary = try JSONParser.parse(cycle.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let opened = try #require(summary["cases_opened"]?.intValue)
        #expect(opened > 0 && summary["loans_checked"] == 300)
        let rerun = try JSONParser.parse(try Binary.run(["cycle", "--as-of", "2026-12-01", "--db", db, "--json"]).stdout)
        #expect(rerun["opened_this_run"] == 0 && rerun["cases_opened"] == .int(opened))

        let list = try JSONParser.parse(try Binary.run(["case", "list", "--status", "open", "--limit", "1000", "--db", db, "--json"]).stdout)
        #expect(list.arrayValue?.count == Int(opened))
        let show = try Binary.run(["case", "show", "C0000001", "--db", db])
        #expect(show.stdout.contains("rule trigger.dpd_reached"))
        #expect(try Binary.run(["case", "verify", "C0000001", "--db", db]).stdout.contains("chain intact"))
    }

    @Test func operatorOptOutAndHolds() throws {
        _ = try Binary.run(["import", "loans", scratch.write("loans.csv", Fixtures.loans([Fixtures.loanRow("L1", borrower: "B1")])), "--db", db])
        #expect(try Binary.run(["cycle", "--as-of", "2026-02-01", "--db", db]).status == 0)
        let optout = try JSONParser.parse(try Binary.run(["optout", "--borrower", "B1", "--channel", "sms", "--db", db, "--json"]).stdout)
        #expect(optout == ["changed": true, "cases": ["C0000001"]])
        #expect(try JSONParser.parse(try Binary.run(["optout", "--borrower", "B1", "--channel", "sms", "--db", db, "--json"]).stdout)["changed"] == false)
        #expect(try Binary.run(["optout", "--borrower", "B1", "--channel", "fax", "--db", db]).status == 2)
        #expect(try Binary.run(["optout", "--borrower", "B9", "--channel", "sms", "--db", db]).status == 1)

        #expect(try JSONParser.parse(try Binary.run(["hold", "set", "--borrower", "B1", "--kind", "legal", "--db", db, "--json"]).stdout)["changed"] == true)
        #expect(try JSONParser.parse(try Binary.run(["hold", "set", "--borrower", "B1", "--kind", "legal", "--db", db, "--json"]).stdout)["changed"] == false)
        let held = try JSONParser.parse(try Binary.run(["case", "show", "C0000001", "--db", db, "--json"]).stdout)
        #expect(held["holds"] == ["legal"])
        // opened by the cycle, the day-0 outreach the cycle planned, the opt-out, the hold.
        #expect(held["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue } == ["opened", "noted", "noted", "hold_placed"])
        #expect(held["events"]?.arrayValue?[1]["actor"]?["id"] == "planner")
        #expect(try Binary.run(["hold", "clear", "--borrower", "B1", "--kind", "legal", "--db", db]).stdout.contains("cleared"))
        let released = try JSONParser.parse(try Binary.run(["case", "show", "C0000001", "--db", db, "--json"]).stdout)
        #expect(released["holds"] == [])
        #expect(try Binary.run(["case", "verify", "C0000001", "--db", db]).status == 0)
    }

    @Test func errorsAndExitCodes() throws {
        let usage = try Binary.run(["dues", "--db", db])
        #expect(usage.status == 2)
        #expect(usage.stderr.hasPrefix("error: "))
        let badDate = try Binary.run(["dues", "L1", "--as-of", "2026-02-30", "--db", db])
        #expect(badDate.status == 2 && badDate.stderr.contains("is not a date"))
        let noDB = try Binary.run(["dues", "L1", "--as-of", "2026-02-01", "--db", db])
        #expect(noDB.status == 1 && noDB.stderr.contains("no database"))
        #expect(try Binary.run(["init", "--db", db]).status == 0)
        let unknownLoan = try Binary.run(["dues", "L1", "--as-of", "2026-02-01", "--db", db])
        #expect(unknownLoan.status == 1 && unknownLoan.stderr == "error: no loan \"L1\" for lender default\n")
        let help = try Binary.run(["import", "loans", "--help"])
        #expect(help.status == 0 && help.stdout.contains("Usage: parley import loans FILE"))
        let unknown = try Binary.run(["frobnicate"])
        #expect(unknown.status == 2)
    }

    @Test func badFileImportsNothingAndSkipModeWritesRejects() throws {
        let path = scratch.write("loans.csv", Fixtures.loans([Fixtures.loanRow("L1"), Fixtures.loanRow("L2", ["principal": "-1"])]))
        let strict = try Binary.run(["import", "loans", path, "--db", db])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("line 3, column principal: amount -1 is negative; nothing was imported"))
        #expect(strict.stderr.split(separator: "\n").count == 1)
        let rejects = scratch.file("rejects.csv")
        let skip = try Binary.run(["import", "loans", path, "--db", db, "--skip-bad-rows", "--rejects", rejects])
        #expect(skip.status == 0 && skip.stdout.contains("1 new") && skip.stdout.contains("1 rejected"))
        #expect(scratch.read("rejects.csv").contains("3,principal,amount -1 is negative"))
    }

    @Test func policyShowAndSet() throws {
        #expect(try Binary.run(["init", "--db", db]).status == 0)
        let shown = try JSONParser.parse(try Binary.run(["policy", "show", "--db", db]).stdout)
        #expect(shown["grace_days"] == 3 && shown["late_fee"] == "500.00" && shown["trigger_dpd"] == 1)
        let bad = try Binary.run(["policy", "set", scratch.write("bad.json", #"{"grace_days": -1}"#), "--db", db])
        #expect(bad.status == 1 && bad.stderr.contains("grace_days: -1 is outside 0…365"))
        #expect(try Binary.run(["policy", "set", scratch.write("good.json", #"{"grace_days": 7}"#), "--db", db]).status == 0)
        #expect(try JSONParser.parse(try Binary.run(["policy", "show", "--db", db]).stdout)["grace_days"] == 7)
        #expect(try Binary.run(["lender", "add", "acme", "--name", "Acme Finance", "--db", db]).status == 0)
        #expect(try JSONParser.parse(try Binary.run(["policy", "show", "--lender", "acme", "--db", db]).stdout)["grace_days"] == 3)
    }

    @Test func hundredMegabyteLineIsRefusedInBoundedMemory() throws {
        let path = scratch.file("huge.csv")
        _ = FileManager.default.createFile(atPath: path, contents: Data((Fixtures.loansHeader + "\n" + Fixtures.loanRow("L1") + "\n").utf8))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<100 { handle.write(chunk) }
        handle.write(Data(("\n" + Fixtures.loanRow("L3") + "\n").utf8))
        try handle.close()
        let result = try Binary.run(["import", "loans", path, "--db", db])
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 3"))
        #expect(result.stderr.contains("longer than"))
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        #expect(usage.ru_maxrss < 200 * 1024, "child peak RSS \(usage.ru_maxrss) KiB")
    }
}
