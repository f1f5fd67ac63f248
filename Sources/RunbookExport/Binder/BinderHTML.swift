import RunbookDocument

/// The binder as one self-contained printable HTML file: inline CSS, no scripts, no external
/// asset, a table of contents, and a page break before each runbook. Every text from a runbook
/// is escaped.
public enum BinderHTML {
    public static func render(_ binder: Binder) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Runbook binder</title>
            <style>\(style)</style>
            </head>
            <body>
            <main>
            <section class="cover">
            <h1>Runbook binder</h1>
            <p class="muted">\(binder.runbooks.count) runbooks, most critical first. Generated \(h(binder.generatedAt)) by runbook; \
            each chapter names the sha256 of the text it was made from.</p>
            <h2>Contents</h2>
            <ol class="toc">

            """
        for (index, runbook) in binder.runbooks.enumerated() {
            html +=
                "<li><a href=\"#\(Binder.anchor(index))\">\(h(runbook.title))</a> "
                + "<span class=\"tag \(runbook.priority.rawValue)\">\(runbook.priority.rawValue)</span>"
                + (runbook.category.map { " <span class=\"muted\">\($0.rawValue)</span>" } ?? "")
                + " <span class=\"muted\">\(h(runbook.path))</span></li>\n"
        }
        html += "</ol>\n</section>\n"
        for (index, runbook) in binder.runbooks.enumerated() {
            html += chapter(runbook, anchor: Binder.anchor(index))
        }
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    private static func chapter(_ runbook: Runbook, anchor: String) -> String {
        var html = "<section class=\"runbook\" id=\"\(anchor)\">\n"
        html += "<h1>\(h(runbook.title))</h1>\n"
        var facts = "<span class=\"tag \(runbook.priority.rawValue)\">\(runbook.priority.rawValue)</span>"
        if let category = runbook.category { facts += " \(category.rawValue)" }
        facts += " · <code>\(h(runbook.id))</code>"
        if let version = runbook.version { facts += " · version \(h(version))" }
        facts += " · <code>\(h(runbook.path))</code> · sha256:\(h(String(runbook.contentHash.prefix(12))))"
        html += "<p class=\"muted\">\(facts)</p>\n"
        if let description = runbook.description { html += "<p>\(h(description))</p>\n" }
        html += contacts(runbook.contacts)
        html += variables(runbook.variables)
        html += phase("Prerequisites", runbook.prerequisites, numbered: false)
        html += phase("Quick reference", runbook.steps, numbered: true)
        html += phase("Validation", runbook.validation, numbered: false)
        html += phase("Rollback", runbook.rollback, numbered: false)
        html += "</section>\n"
        return html
    }

    private static func contacts(_ contacts: [Contact]) -> String {
        guard !contacts.isEmpty else { return "" }
        var html =
            "<h2>Contacts</h2>\n<table class=\"contacts\">\n<tr><th>Name</th><th>Role</th><th>Reach</th><th>Escalate when</th></tr>\n"
        for contact in contacts {
            html +=
                "<tr><td>\(h(contact.name))</td><td>\(h(contact.role ?? ""))</td><td>\(h(contact.reach ?? ""))</td>"
                + "<td>\(h(contact.escalateWhen ?? ""))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    private static func variables(_ variables: [Variable]) -> String {
        guard !variables.isEmpty else { return "" }
        var html =
            "<h2>Values</h2>\n<table class=\"values\">\n<tr><th>Variable</th><th>Default</th><th>Meaning</th></tr>\n"
        for variable in variables {
            html +=
                "<tr><td><code>\(h(variable.name))</code></td><td><code>\(h(Binder.shownDefault(variable)))</code></td>"
                + "<td>\(h(variable.description ?? ""))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    private static func phase(_ title: String, _ steps: [Step], numbered: Bool) -> String {
        guard !steps.isEmpty else { return "" }
        let list = numbered ? "ol" : "ul"
        var html = "<h2>\(title)</h2>\n<\(list) class=\"steps\">\n"
        for step in steps {
            html += "<li>"
            if step.kind == .manual {
                html += "<span class=\"box\">☐</span> \(h(step.command))"
            } else {
                html += "<strong>\(h(step.title))</strong> <span class=\"muted\">[\(h(step.id))]</span>"
                if let confirmation = Binder.confirmation(of: step) {
                    html += "<p class=\"confirm\">\(h(confirmation))</p>"
                }
                html += "<pre>\(h(Binder.command(of: step)))</pre>"
            }
            html += "</li>\n"
        }
        return html + "</\(list)>\n"
    }

    /// Escapes text for element content and attribute values.
    static func h(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            default:
                result.unicodeScalars.append(Binder.picture(of: scalar) ?? scalar)
            }
        }
        return result
    }

    static let style = """
        :root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bad:#cf222e;--warn:#9a6700;--code:#f6f8fa}
        body{margin:0;font:15px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:#fff}
        main{max-width:960px;margin:0 auto;padding:24px}
        h1{font-size:1.8em;border-bottom:1px solid var(--line);padding-bottom:.3em}
        h2{font-size:1.25em;margin-top:1.4em}
        code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em}
        pre{background:var(--code);border:1px solid var(--line);border-radius:6px;padding:8px 12px;white-space:pre-wrap;word-break:break-word;margin:.3em 0 .8em}
        table{border-collapse:collapse;margin:.5em 0 1em}
        th,td{border:1px solid var(--line);padding:4px 10px;text-align:left;vertical-align:top}
        th{background:var(--code)}
        .muted{color:var(--muted)}
        .tag{border:1px solid var(--line);border-radius:4px;padding:0 6px;font-size:.85em}
        .tag.critical{border-color:var(--bad);color:var(--bad);font-weight:bold}
        .tag.high{border-color:var(--warn);color:var(--warn)}
        .confirm{color:var(--bad);font-weight:bold;margin:.2em 0}
        .toc li{margin:.2em 0}
        .steps li{margin:.6em 0}
        .box{font-size:1.2em}
        .runbook{break-before:page;page-break-before:always}
        @media print{body{font-size:10.5pt}main{max-width:none;padding:0}a{color:inherit;text-decoration:none}li,tr,pre{break-inside:avoid}}
        """
}
