package org.berth.api;

import static org.berth.api.Html.escape;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The dashboard's HTML, rendered on the server with every outside value escaped. Small CSS that
 * reflows to one column on a phone; a little script refreshes the panel every few seconds and
 * follows an app's log (server-sent events).
 */
final class DashboardPages {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final String STYLE = """
            body{font:15px/1.4 system-ui,sans-serif;margin:0;padding:0 1rem 2rem;color:#222;background:#f6f6f4}
            header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem;padding:.6rem 0}
            h1{font-size:1.3rem;margin:0}h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:.7rem}
            .card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.7rem}
            .card h3{margin:0 0 .3rem;font-size:1rem;display:flex;justify-content:space-between;gap:.5rem}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .6rem;margin:.3rem 0}dt{color:#666}dd{margin:0;overflow-wrap:anywhere}
            .state{padding:0 .4rem;border-radius:4px;background:#eee;font-size:.85rem}
            .state-serving,.state-Success{background:#d7f5d7}.state-failed,.state-crash-looping,.state-Failure{background:#f8d0d0}
            .state-reloading,.state-starting{background:#fff1c2}
            form{display:inline}button{font-size:.95rem;padding:.35rem .8rem;margin:.2rem .2rem 0 0;border-radius:4px;border:1px solid #888;background:#fafafa}
            table{border-collapse:collapse;width:100%;background:#fff}td,th{border-bottom:1px solid #e3e3e3;padding:.3rem;text-align:left;vertical-align:top}
            .notice{background:#e8f0ff;border:1px solid #9bb5e8;padding:.4rem .6rem;border-radius:4px}
            .error{background:#fde8e8;border-color:#e89b9b}
            pre{background:#111;color:#ddd;padding:.6rem;overflow:auto;max-height:70vh;white-space:pre-wrap;overflow-wrap:anywhere}
            @media (max-width:40rem){.wide{display:none}body{padding:0 .5rem}}
            """;

    private DashboardPages() {
    }

    static String page(String base, DashboardView view, String csrf, boolean signedIn, Optional<String> notice) {
        return document("berth", """
                <header><h1>berth</h1>%s</header>
                %s
                <div id="panel" data-src="%s/dashboard/panel">%s</div>
                <script>
                setInterval(async () => {
                  const panel = document.getElementById('panel');
                  const reply = await fetch(panel.dataset.src, {credentials: 'same-origin'});
                  if (reply.ok) { panel.innerHTML = await reply.text(); }
                }, 3000);
                </script>
                """.formatted(signedIn ? signOut(base, csrf) : "",
                notice.map(text -> "<p class=\"notice\" id=\"notice\">" + escape(text) + "</p>").orElse(""),
                escape(base), panel(base, view, csrf)));
    }

    /** The part that refreshes: apps, sites, history. */
    static String panel(String base, DashboardView view, String csrf) {
        StringBuilder html = new StringBuilder("<h2>Apps</h2><div class=\"cards\">");
        if (view.apps().isEmpty()) {
            html.append("<p>No apps. Drop a bundle into incoming/ or run <code>berth app deploy</code>.</p>");
        }
        view.apps().forEach(app -> html.append(appCard(base, app, csrf)));
        html.append("</div><h2>Sites</h2><div class=\"cards\">");
        if (view.sites().isEmpty()) {
            html.append("<p>No sites.</p>");
        }
        view.sites().forEach(site -> html.append(siteCard(base, site, csrf)));
        html.append("</div><h2>History</h2><table id=\"history\"><tr><th>when</th><th>what</th><th>of</th>"
                + "<th>outcome</th><th class=\"wide\">detail</th></tr>");
        view.history().forEach(row -> html.append("<tr><td>").append(row.at() == null ? "" : TIME.format(row.at()))
                .append("</td><td>").append(escape(row.kind() + ": " + row.what())).append("</td><td>")
                .append(escape(row.subject())).append("</td><td><span class=\"state state-").append(escape(row.outcome()))
                .append("\">").append(escape(row.outcome())).append("</span></td><td class=\"wide\">")
                .append(escape(row.detail())).append("</td></tr>"));
        return html.append("</table>").toString();
    }

    private static String appCard(String base, DashboardView.AppRow app, String csrf) {
        String path = base + "/dashboard/apps/" + app.name();
        return """
                <div class="card app" id="app-%1$s" data-state="%2$s" data-last-deployment="%9$s">
                <h3><a href="%3$s">%1$s</a><span class="state state-%2$s">%2$s</span></h3>
                <dl><dt>release</dt><dd>%4$s</dd><dt>hosts</dt><dd>%5$s</dd><dt>uptime</dt><dd>%6$s</dd>
                <dt>restarts</dt><dd>%7$s</dd><dt>health</dt><dd>%8$s</dd><dt>certificates</dt><dd>%10$s</dd>
                <dt>last deploy</dt><dd class="last-deployment">%9$s</dd>%11$s</dl>
                %12$s%13$s<a href="%3$s">live log</a>
                </div>
                """.formatted(escape(app.name()), escape(app.state()), escape(path), escape(app.release()),
                escape(String.join(", ", app.hosts())), escape(app.uptime()), app.restarts(), escape(app.health()),
                escape(app.lastDeployment()), escape(app.certificates()),
                app.activity().isEmpty() ? "" : "<dt>now</dt><dd>" + escape(app.activity()) + "</dd>",
                action(path + "/restart", "Restart", "restart-" + app.name(), csrf),
                action(path + "/rollback", "Roll back", "rollback-" + app.name(), csrf));
    }

    private static String siteCard(String base, DashboardView.SiteRow site, String csrf) {
        return """
                <div class="card site" id="site-%1$s"><h3>%1$s<span class="state state-%3$s">%3$s</span></h3>
                <dl><dt>last run</dt><dd>%2$s</dd><dt>initialised</dt><dd>%4$s</dd></dl>%5$s</div>
                """.formatted(escape(site.name()), escape(site.lastRun()), escape(site.result()),
                site.present() ? "yes" : "no",
                action(base + "/dashboard/sites/" + site.name() + "/update", "Update", "update-" + site.name(), csrf));
    }

    private static String action(String path, String label, String id, String csrf) {
        return "<form method=\"post\" action=\"" + escape(path) + "\"><input type=\"hidden\" name=\"csrf\" value=\""
                + escape(csrf) + "\"><button id=\"" + escape(id) + "\">" + escape(label) + "</button></form>";
    }

    private static String signOut(String base, String csrf) {
        return "<form method=\"post\" action=\"" + escape(base) + "/dashboard/sign-out\"><input type=\"hidden\" "
                + "name=\"csrf\" value=\"" + escape(csrf) + "\"><button id=\"sign-out\">Sign out</button></form>";
    }

    static String signIn(String base, Optional<String> problem) {
        return document("berth: sign in", """
                <header><h1>berth</h1></header>
                %s
                <form method="post" action="%s/dashboard/sign-in" id="sign-in">
                <p><label>API token<br><input type="password" name="token" id="token" autocomplete="current-password"
                 style="width:100%%;max-width:24rem;font-size:1rem"></label></p>
                <button id="sign-in-button">Sign in</button></form>
                <p>A token from <code>api.tokens</code> in berth.yaml; it is kept in a cookie only this dashboard can use.</p>
                """.formatted(problem.map(text -> "<p class=\"notice error\" id=\"problem\">" + escape(text) + "</p>")
                .orElse(""), escape(base)));
    }

    static String appLog(String base, String app) {
        String path = base + "/dashboard/apps/" + app;
        return document("berth: " + app, """
                <header><h1><a href="%1$s/dashboard">berth</a> / %2$s</h1></header>
                <h2>Live log</h2><pre id="log" data-src="%3$s/log"></pre>
                <script>
                const log = document.getElementById('log');
                const events = new EventSource(log.dataset.src);
                events.onmessage = (event) => {
                  const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
                  log.append(event.data + '\\n');
                  if (atEnd) { log.scrollTop = log.scrollHeight; }
                };
                </script>
                """.formatted(escape(base), escape(app), escape(path)));
    }

    private static String document(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + escape(title) + "</title><style>" + STYLE
                + "</style></head><body>" + body + "</body></html>";
    }
}
