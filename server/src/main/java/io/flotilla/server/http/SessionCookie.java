package io.flotilla.server.http;

import io.javalin.http.Context;
import java.time.Duration;

/**
 * The dashboard's session: the signed-in user's bearer token in a cookie the page's script cannot
 * read ({@code HttpOnly}), sent only to this site ({@code SameSite=Strict}) and only over HTTPS
 * when the service serves HTTPS ({@code Secure}). The cookie holds the token itself, so every
 * replica accepts it and a restart signs nobody out; it counts only on requests that also carry
 * {@link #HEADER}, which a page of another site cannot add without a CORS preflight this service
 * never grants — so a cookie alone never authorizes anything (no cross-site request forgery).
 */
public final class SessionCookie {
  public static final String NAME = "flotilla_session";
  public static final String HEADER = "X-Flotilla-Dashboard";

  /** Browsers keep about 4 KiB per cookie; a longer token cannot be a session. */
  public static final int MAX_TOKEN_CHARS = 3800;

  private SessionCookie() {}

  /** The session's token when the request is the dashboard's own, else null. */
  public static String token(Context ctx) {
    if (ctx.header(HEADER) == null) {
      return null;
    }
    String token = ctx.cookie(NAME);
    return token == null || token.isBlank() ? null : token;
  }

  /**
   * Starts the session. {@code lifetime} null: until the browser closes; else the token's own
   * remaining life (an expired token would be refused anyway).
   */
  public static void set(Context ctx, String token, boolean secure, Duration lifetime) {
    if (!token.chars().allMatch(SessionCookie::cookieChar)) {
      throw ArmErrors.invalidToken();
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new ArmException(
          400,
          "InvalidAuthenticationToken",
          "The token is "
              + token.length()
              + " characters long; a browser session keeps at most "
              + MAX_TOKEN_CHARS
              + ". Ask the issuer for a token with fewer claims (groups), or use the CLI.");
    }
    ctx.res()
        .addHeader(
            "Set-Cookie",
            NAME
                + "="
                + token
                + "; Path=/; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "")
                + (lifetime == null ? "" : "; Max-Age=" + Math.max(0, lifetime.toSeconds())));
  }

  public static void clear(Context ctx, boolean secure) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            NAME
                + "=; Path=/; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "")
                + "; Max-Age=0");
  }

  /** RFC 6265's cookie-octet: what a token may hold to travel in a cookie unquoted. */
  private static boolean cookieChar(int c) {
    return c == 0x21
        || (c >= 0x23 && c <= 0x2B)
        || (c >= 0x2D && c <= 0x3A)
        || (c >= 0x3C && c <= 0x5B)
        || (c >= 0x5D && c <= 0x7E);
  }
}
