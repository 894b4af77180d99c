/// The staff pages: plain, accessible, English (the borrower portal carries the translations).
enum StaffPages {
    static func document(title: String, body: String) -> String {
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>\(HTML.escape(title)) — Parley</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1a1a1a}
        label{display:block;margin-top:.75rem;font-weight:600}input{font:inherit;padding:.5rem;width:100%;max-width:24rem;border:1px solid #555;border-radius:4px}
        button{font:inherit;margin-top:1rem;padding:.6rem 1.2rem;background:#0b5394;color:#fff;border:0;border-radius:4px}
        :focus-visible{outline:3px solid #c60;outline-offset:2px}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}
        .error{color:#a00000;font-weight:600}</style></head><body><main id="main">\(body)</main></body></html>
        """
    }

    static func login(csrf: String, error: String?) -> String {
        document(title: "Sign in", body: """
        <h1>Parley staff sign-in</h1>
        \(error.map { "<p class=\"error\" role=\"alert\" id=\"login-error\">\(HTML.escape($0))</p>" } ?? "")
        <form method="post" action="/login">
        <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
        <label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>
        <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button></form>
        """)
    }

    static func dashboard(email: String, role: String, lenderID: String, counts: [(String, Int)], rows: [[String]], csrf: String) -> String {
        let countText = counts.map { "<li>\(HTML.escape($0.0)): \($0.1)</li>" }.joined()
        let table = rows.map { row in
            "<tr><td><a href=\"/staff/cases/\(HTML.escape(row[0]))?lender=\(HTML.escape(lenderID))\">\(HTML.escape(row[0]))</a></td>"
                + row.dropFirst().map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>"
        }.joined()
        return document(title: "Cases", body: """
        <h1>Cases of \(HTML.escape(lenderID))</h1>
        <p>Signed in as \(HTML.escape(email)) (\(HTML.escape(role))).</p>
        <form method="post" action="/logout"><input type="hidden" name="csrf" value="\(HTML.escape(csrf))"><button type="submit">Sign out</button></form>
        <h2>By status</h2><ul>\(countText)</ul>
        <h2>Latest cases</h2>
        <table><thead><tr><th scope="col">Case</th><th scope="col">Loan</th><th scope="col">Borrower</th><th scope="col">Status</th><th scope="col">Updated</th></tr></thead>
        <tbody>\(table)</tbody></table>
        """)
    }

    static func caseDetail(id: String, loanID: String, status: String, events: [(String, String, String, String)]) -> String {
        let items = events.map { at, type, actor, detail in
            "<li><strong>\(HTML.escape(type))</strong> — \(HTML.escape(at)) by \(HTML.escape(actor))<br>\(HTML.escape(detail))</li>"
        }.joined()
        return document(title: "Case \(id)", body: """
        <p><a href="/staff">All cases</a></p><h1>Case \(HTML.escape(id))</h1>
        <p>Loan \(HTML.escape(loanID)); status \(HTML.escape(status)).</p><h2>Timeline</h2><ol>\(items)</ol>
        """)
    }
}
