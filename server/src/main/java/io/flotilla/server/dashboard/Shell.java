package io.flotilla.server.dashboard;

/**
 * The one HTML page every dashboard address serves. It holds no data, so it needs no token; its
 * script reads the view for the address (with the token kept in the browser session) and puts the
 * server-rendered fragment into {@code <main>}.
 */
final class Shell {
  private Shell() {}

  static String html(String version, boolean login, boolean oidc) {
    String main =
        login
            ? """
              <section class="login"><h1>Sign in</h1>
              <p id="login-error" class="notice error" hidden></p>
              %s<form id="login"><label for="token">Bearer token</label>
              <input id="token" name="token" type="password" autocomplete="off" required>
              <p class="muted">The token the CLI uses (the service's <code>admin-token</code> file, or
              an access token of your identity provider). The service keeps it in a session cookie
              the page's scripts cannot read, sent only to this service.</p>
              <button type="submit">Sign in</button></form></section>
              """
                .formatted(
                    oidc
                        ? "<p><a id=\"oidc\" class=\"button\" href=\"/login/oidc\">Sign in with"
                            + " your identity provider</a></p><p class=\"muted\">or</p>"
                        : "")
            : "<p class=\"muted\">Loading…</p>";
    return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Flotilla</title>
        <link rel="stylesheet" href="/dashboard/assets/dashboard.css">
        <script src="/dashboard/assets/dashboard.js" defer></script>
        </head>
        <body>
        <header class="top">
        <a class="brand" href="/">Flotilla</a>
        <span class="spacer"></span>
        <span id="live" class="muted" aria-live="off"></span>
        <button id="theme" type="button" title="Dark or light">◐ Theme</button>
        <button id="logout" type="button">Sign out</button>
        </header>
        <output id="flash" role="status" aria-live="polite"></output>
        <main id="view">%s<noscript>The dashboard needs JavaScript.</noscript></main>
        <footer>Flotilla configuration service %s · ARM API under <code>/subscriptions/…</code>
        (bearer token) · agent API <code>/agent/v1/…</code> · <a href="/healthz">health</a></footer>
        </body>
        </html>
        """
        .formatted(main, Html.escape(version));
  }
}
