package io.flotilla.server.dashboard;

import io.flotilla.server.auth.OidcSignIn;
import io.flotilla.server.http.SessionCookie;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signing in to the dashboard: with a pasted token ({@code POST /dashboard/session} carrying it as
 * the bearer, which the service checks as any request's) or at the OIDC issuer (authorization code
 * with PKCE: {@code /login/oidc} there, {@code /login/callback} back). Either way the session is
 * the {@link SessionCookie}; signing out clears it.
 */
final class SignIn {
  static final String OIDC_START = "/login/oidc";
  static final String CALLBACK = "/login/callback";
  private static final String PENDING = "flotilla_login";

  private final OidcSignIn oidc;
  private final boolean secure;

  /** {@code oidc} null: no issuer is configured, only tokens sign in. */
  SignIn(OidcSignIn oidc, boolean secure) {
    this.oidc = oidc;
    this.secure = secure;
  }

  boolean oidc() {
    return oidc != null;
  }

  void routes(Javalin app) {
    app.post("/dashboard/session", this::session);
    app.post("/dashboard/logout", this::logout);
    app.get(OIDC_START, this::start);
    app.get(CALLBACK, this::callback);
  }

  /** The request was authenticated with the pasted token as its bearer: keep it as the session. */
  private void session(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null) {
      // already signed in by the cookie: nothing to change
      ctx.status(204);
      return;
    }
    SessionCookie.set(ctx, header.substring(7).strip(), secure, null);
    ctx.status(204);
  }

  private void logout(Context ctx) {
    SessionCookie.clear(ctx, secure);
    ctx.status(204);
  }

  private void start(Context ctx) {
    if (oidc == null) {
      failed(ctx, "No identity provider is configured; sign in with a token.");
      return;
    }
    try {
      OidcSignIn.Started s = oidc.start(redirectUri(ctx), ctx.queryParam("next"));
      ctx.res()
          .addHeader(
              "Set-Cookie",
              PENDING
                  + "="
                  + s.pending()
                  // Lax: the issuer's redirect back is a navigation from another site
                  + "; Path="
                  + CALLBACK
                  + "; HttpOnly; SameSite=Lax; Max-Age=600"
                  + (secure ? "; Secure" : ""));
      ctx.redirect(s.authorize().toString(), io.javalin.http.HttpStatus.FOUND);
    } catch (OidcSignIn.Refused e) {
      failed(ctx, e.getMessage());
    }
  }

  private void callback(Context ctx) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            PENDING
                + "=; Path="
                + CALLBACK
                + "; HttpOnly; SameSite=Lax; Max-Age=0"
                + (secure ? "; Secure" : ""));
    if (oidc == null) {
      failed(ctx, "No identity provider is configured; sign in with a token.");
      return;
    }
    Map<String, String> answer = new LinkedHashMap<>();
    for (String k : new String[] {"code", "state", "error", "error_description"}) {
      answer.put(k, ctx.queryParam(k));
    }
    try {
      OidcSignIn.Finished f = oidc.finish(answer, ctx.cookie(PENDING), redirectUri(ctx));
      SessionCookie.set(ctx, f.token(), secure, f.lifetime());
      ctx.redirect(f.next(), io.javalin.http.HttpStatus.FOUND);
    } catch (OidcSignIn.Refused e) {
      failed(ctx, e.getMessage());
    }
  }

  /** Back to the sign-in page, which shows the reason (as text). */
  private static void failed(Context ctx, String message) {
    ctx.redirect(
        "/login?error=" + URLEncoder.encode(message, StandardCharsets.UTF_8),
        io.javalin.http.HttpStatus.FOUND);
  }

  /** This service as the browser reaches it: the issuer sends the browser back here. */
  private static String redirectUri(Context ctx) {
    return ctx.scheme() + "://" + ctx.host() + CALLBACK;
  }
}
