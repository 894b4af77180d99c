/// The document shell shared by every page: head, skip link, header with the
/// language switch, the notice, main, footer.
enum Layout {
    static func document(title: String, context: PageContext, main: HTML) -> String {
        let strings = Catalogue.strings(context.language)
        let page: HTML = """
        <!DOCTYPE html>
        <html lang="\(context.language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <meta name="robots" content="noindex, nofollow">
        <title>\(strings.format(.documentTitle, [title]))</title>
        <style>\(HTML(trusted: stylesheet))</style>
        </head>
        <body>
        <a class="skip" href="#main">\(strings[.skipLink])</a>
        <header><div class="wrap bar">
        <p class="brand">\(strings[.appName])</p>
        \(languageSwitch(context, strings))
        </div>\(signedIn(context, strings))</header>
        <main id="main" tabindex="-1" class="wrap">
        \(flash(context, strings))\(main)
        </main>
        <footer class="wrap"><p>\(strings[.footerPrivate])</p></footer>
        </body>
        </html>
        """
        return page.rendered
    }

    /// Links to the current path in each language; the page's own language is marked current.
    static func languageSwitch(_ context: PageContext, _ strings: Catalogue) -> HTML {
        let path = languagePath(context.path)
        let links = Language.allCases.map { language -> HTML in
            let name = strings[language == .en ? .languageNameEnglish : .languageNameHindi]
            let current: HTML = language == context.language ? " aria-current=\"true\"" : ""
            let href = "\(path)?lang=\(language.rawValue)"
            return "<li><a href=\"\(href)\" hreflang=\"\(language.rawValue)\" lang=\"\(language.rawValue)\"\(current)>\(name)</a></li>"
        }
        return "<nav class=\"lang\" aria-label=\"\(strings[.languageNavLabel])\"><ul>\(links)</ul></nav>"
    }

    /// The path without any query or fragment, and never a scheme that could run script.
    static func languagePath(_ path: String) -> String {
        let bare = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first
            .map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" } ?? ""
        let safe = HTML.safeURL(String(bare))
        return safe.isEmpty || safe == "#" ? "/" : safe
    }

    static func signedIn(_ context: PageContext, _ strings: Catalogue) -> HTML {
        guard let name = context.borrowerName, !name.isEmpty else { return .empty }
        return "<div class=\"wrap who\">\(strings.format(.signedInAs, [name]))</div>"
    }

    static func flash(_ context: PageContext, _ strings: Catalogue) -> HTML {
        guard let message = context.flash else { return .empty }
        return "<div class=\"flash\" role=\"status\"><p>\(strings.text(message))</p></div>\n"
    }

    static func backLink(_ context: PageContext, _ strings: Catalogue) -> HTML {
        guard let href = context.homeHref else { return .empty }
        return "<p><a href=\"\(HTML.safeURL(href))\">\(strings[.backToLoans])</a></p>"
    }

    // Colours: text #1b1b1b on #fff (17:1), links #0b4f8a (8.6:1), header #12355b with
    // white (12:1), buttons white on #0b5394 (7.6:1), errors #a4001d (8.2:1).
    // Every state is also said in text or shape, never by colour alone.
    // Devanagari's matras need a little more size and leading to stay legible.
    static let stylesheet = """
    *{box-sizing:border-box}\
    html{-webkit-text-size-adjust:100%}\
    body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Devanagari",sans-serif;color:#1b1b1b;background:#f3f3f0}\
    html[lang=hi] body{font-size:1.125rem;line-height:1.65}\
    .wrap{max-width:40rem;margin:0 auto;padding:0 1rem}\
    a{color:#0b4f8a;text-underline-offset:.15em}\
    :focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}\
    header :focus-visible{outline-color:#fff}\
    .skip{position:absolute;left:-999rem;top:.5rem;z-index:9;background:#fff;color:#0b4f8a;padding:.75rem 1rem;border:3px solid #1b1b1b}\
    .skip:focus{left:.5rem}\
    header{background:#12355b;color:#fff}\
    header a{color:#fff}\
    .bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.25rem}\
    .brand{margin:0;font-weight:700;font-size:1.2rem;padding:.6rem 0}\
    .lang ul{display:flex;gap:.25rem;list-style:none;margin:0;padding:0}\
    .lang a{display:inline-block;min-height:48px;min-width:48px;padding:.7rem .75rem;text-align:center}\
    .lang a[aria-current]{font-weight:700;text-decoration:none;border-bottom:3px solid #fff}\
    .who{padding-bottom:.5rem;font-size:.95rem}\
    main{display:block;padding:1rem 1rem 2rem}\
    main:focus{outline:none}\
    h1{font-size:1.6rem;line-height:1.25;margin:.75rem 0 1rem}\
    h2{font-size:1.3rem;line-height:1.3;margin:2rem 0 .75rem}\
    h3{font-size:1.15rem;line-height:1.3;margin:0 0 .5rem}\
    p{margin:0 0 .75rem}\
    .lead{font-size:1.1rem}\
    .card{background:#fff;border:1px solid #767676;border-radius:8px;padding:1rem;margin:0 0 1rem}\
    .card.key{border:3px solid #12355b}\
    .amt{font-size:1.5rem;font-weight:700;margin:0 0 .5rem}\
    .amt small{display:block;font-size:.95rem;font-weight:400;color:#3d3d3d}\
    dl{margin:0}\
    .facts div{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 1rem;padding:.4rem 0;border-bottom:1px solid #d6d6d6}\
    .facts dt{color:#3d3d3d}\
    .facts dd{margin:0;font-weight:600}\
    .figs>div{background:#fff;border:1px solid #767676;border-radius:8px;padding:.75rem 1rem;margin:0 0 .75rem}\
    .figs>div.key{border:3px solid #12355b}\
    .figs dt{font-weight:600}\
    .figs dd{margin:0}\
    .val{display:block;font-size:1.35rem;font-weight:700}\
    .ex{display:block;color:#3d3d3d;font-size:.95rem;margin-top:.2rem}\
    form{margin:0 0 1.25rem}\
    .field{margin:1rem 0 0}\
    label{display:block;font-weight:600;margin:0 0 .25rem}\
    .hint{display:block;color:#3d3d3d;font-size:.95rem;margin:0 0 .35rem}\
    input,select,textarea{display:block;width:100%;min-height:48px;font:inherit;color:#1b1b1b;background:#fff;padding:.6rem .7rem;border:2px solid #595959;border-radius:4px}\
    input[type=file]{padding:.55rem .5rem}\
    textarea{min-height:8rem;resize:vertical}\
    .bad{border-left:5px solid #a4001d;padding-left:.75rem}\
    .bad input,.bad select,.bad textarea{border:3px solid #a4001d}\
    .err{display:block;color:#a4001d;font-weight:700;margin:0 0 .35rem}\
    button,.btn{display:block;width:100%;min-height:48px;margin:1rem 0 0;padding:.75rem 1rem;font:inherit;font-weight:700;color:#fff;background:#0b5394;border:2px solid #0b5394;border-radius:6px;text-align:center;text-decoration:none;cursor:pointer}\
    button:hover,.btn:hover{background:#083d6e}\
    .btn2{display:block;min-height:48px;padding:.75rem 0;font-weight:600}\
    .summary{background:#fff;border:4px solid #a4001d;padding:1rem;margin:0 0 1.5rem}\
    .summary h2{margin-top:0}\
    .summary ul{margin:0;padding-left:1.25rem}\
    .summary a{color:#a4001d;font-weight:700}\
    .flash{background:#fff;border-left:6px solid #1d6b35;padding:.75rem 1rem;margin:0 0 1rem}\
    .note{background:#fff;border-left:6px solid #12355b;padding:.75rem 1rem;margin:0 0 1rem}\
    .flash p,.summary p{margin:0}\
    .tl{list-style:none;margin:0;padding:0 0 0 1rem;border-left:3px solid #12355b}\
    .tl li{position:relative;padding:0 0 1.1rem .5rem}\
    .tl li::before{content:"";position:absolute;left:-1.6rem;top:.45rem;width:.8rem;height:.8rem;border-radius:50%;background:#12355b}\
    .tl h3{margin:0}\
    .tl .by{font-size:.9rem;color:#3d3d3d;margin:0}\
    .plain{list-style:none;margin:0;padding:0}\
    .tl .d{margin:.25rem 0 0;white-space:pre-line;overflow-wrap:anywhere}\
    .vh{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}\
    footer{font-size:.9rem;color:#3d3d3d;border-top:1px solid #c4c4c4;padding-top:1rem;padding-bottom:2rem}\
    @media (min-width:48rem){body{font-size:1.125rem}html[lang=hi] body{font-size:1.1875rem}}
    """
}
