package io.flotilla.server;

import static io.flotilla.server.TestServers.AUDIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.server.auth.OidcOptions;
import io.flotilla.testkit.oidc.OidcIssuer;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signing in to the dashboard over HTTP, as a browser does it: a pasted token or the OIDC
 * authorization code flow with PKCE against a local issuer; the session cookie's flags, and that
 * the cookie alone (a request from another site) authorizes nothing.
 */
class DashboardSignInIT {
  static final String SESSION = "flotilla_session";
  static final String PENDING = "flotilla_login";

  final OidcIssuer issuer = OidcIssuer.start();

  @RegisterExtension
  final ServiceHarness service =
      ServiceHarness.h2()
          .with(
              o ->
                  o.withOidc(
                      OidcOptions.of(issuer.issuer(), AUDIENCE).withSignIn("dashboard", null)));

  final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @AfterEach
  void stop() {
    issuer.close();
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder at(String pathOrUrl) {
    return HttpRequest.newBuilder(
        URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : service.server().url() + pathOrUrl));
  }

  static String cookie(HttpResponse<?> r, String name) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst()
        .orElse(null);
  }

  static String value(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }

  HttpResponse<String> fleet(String session, boolean dashboardHeader) throws Exception {
    HttpRequest.Builder b = at("/dashboard/fleet").header("Cookie", SESSION + "=" + session);
    if (dashboardHeader) {
      b.header("X-Flotilla-Dashboard", "1");
    }
    return send(b);
  }

  @Test
  void aPastedTokenBecomesAnHttpOnlySameSiteSessionThatCountsOnlyOnTheDashboardsOwnRequests()
      throws Exception {
    HttpResponse<String> r =
        send(
            at("/dashboard/session")
                .header("Authorization", "Bearer " + service.server().adminToken())
                .header("X-Flotilla-Dashboard", "1")
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).isEqualTo(204);
    String set = cookie(r, SESSION);
    assertThat(set)
        .contains("; Path=/")
        .contains("; HttpOnly")
        .contains("; SameSite=Strict")
        .doesNotContain("Secure") // plain HTTP here; TlsIT sees Secure
        .doesNotContain("Max-Age"); // the admin token does not expire: a browser-session cookie
    String session = value(set);

    assertThat(fleet(session, true).statusCode()).isEqualTo(200);
    // a page of another site can make the browser send the cookie, never the header
    HttpResponse<String> forged = fleet(session, false);
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).contains("'Authorization' header is missing");

    HttpResponse<String> out =
        send(
            at("/dashboard/logout")
                .header("X-Flotilla-Dashboard", "1")
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(cookie(out, SESSION)).startsWith(SESSION + "=;").contains("Max-Age=0");
  }

  @Test
  void aWrongTokenOrAnAgentTokenStartsNoSession() throws Exception {
    var admin = service.admin();
    admin.put(
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
            + "Microsoft.Kubernetes/connectedClusters/c1?api-version=2024-01-01",
        "{\"location\":\"westeurope\"}");
    String agentToken =
        admin
            .post(
                "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
                    + "Microsoft.Kubernetes/connectedClusters/c1/issueAgentToken"
                    + "?api-version=2024-01-01",
                null)
            .json()
            .path("token")
            .asText();
    for (String token :
        List.of("not-a-token", agentToken, issuer.token("api://other", "x", "x", null))) {
      HttpResponse<String> r =
          send(
              at("/dashboard/session")
                  .header("Authorization", "Bearer " + token)
                  .header("X-Flotilla-Dashboard", "1")
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(r.statusCode()).as(token).isEqualTo(401);
      assertThat(cookie(r, SESSION)).isNull();
    }
  }

  @Test
  void theOidcSignInUsesTheAuthorizationCodeWithPkceAndComesBackToTheAskedPage() throws Exception {
    issuer.signIn("olga", "olga@example.com", AUDIENCE);
    String next = "/ui/subscriptions/s/resourceGroups/rg";
    HttpResponse<String> start =
        send(at("/login/oidc?next=" + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8)));
    assertThat(start.statusCode()).isEqualTo(302);
    String authorize = start.headers().firstValue("Location").orElseThrow();
    assertThat(authorize).startsWith(issuer.issuer() + "/authorize?");
    Map<String, String> q = query(URI.create(authorize).getRawQuery());
    assertThat(q)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", "dashboard")
        .containsEntry("redirect_uri", service.server().url() + "/login/callback")
        .containsEntry("code_challenge_method", "S256")
        .containsKeys("state", "code_challenge", "scope");
    String pending = cookie(start, PENDING);
    assertThat(pending)
        .contains("; Path=/login/callback")
        .contains("; HttpOnly")
        .contains("; SameSite=Lax")
        .contains("; Max-Age=600");
    // the verifier stays with the browser; the issuer sees only its hash
    assertThat(authorize).doesNotContain(value(pending).split("\\.")[1]);

    HttpResponse<String> atIssuer = send(at(authorize));
    assertThat(atIssuer.statusCode()).isEqualTo(302);
    String callback = atIssuer.headers().firstValue("Location").orElseThrow();
    assertThat(callback).startsWith(service.server().url() + "/login/callback?code=");

    HttpResponse<String> back = send(at(callback).header("Cookie", PENDING + "=" + value(pending)));
    assertThat(back.statusCode()).as(back.headers().map().toString()).isEqualTo(302);
    assertThat(back.headers().firstValue("Location")).contains(next);
    String set = cookie(back, SESSION);
    assertThat(set).contains("; HttpOnly").contains("; SameSite=Strict").contains("; Max-Age=");
    long maxAge = Long.parseLong(set.replaceAll(".*Max-Age=(\\d+).*", "$1"));
    assertThat(maxAge).isBetween(3000L, 3600L); // the access token's own hour
    assertThat(cookie(back, PENDING)).contains("Max-Age=0");
    assertThat(fleet(value(set), true).statusCode()).isEqualTo(200);

    // the code was used: the same answer again is refused by the issuer, said on the sign-in page
    HttpResponse<String> replay =
        send(at(callback).header("Cookie", PENDING + "=" + value(pending)));
    assertThat(replay.statusCode()).isEqualTo(302);
    assertThat(decoded(replay)).startsWith("/login?error=").contains("invalid_grant");
    assertThat(cookie(replay, SESSION)).isNull();
  }

  @Test
  void aCallbackWithoutTheBrowsersPendingCookieOrWithAnotherVerifierIsRefused() throws Exception {
    issuer.signIn("olga", "olga@example.com", AUDIENCE);
    HttpResponse<String> start = send(at("/login/oidc"));
    String pending = value(cookie(start, PENDING));
    String callback =
        send(at(start.headers().firstValue("Location").orElseThrow()))
            .headers()
            .firstValue("Location")
            .orElseThrow();

    HttpResponse<String> elsewhere = send(at(callback));
    assertThat(decoded(elsewhere))
        .startsWith("/login?error=")
        .contains("not started in this browser");
    assertThat(cookie(elsewhere, SESSION)).isNull();

    String[] parts = pending.split("\\.");
    String otherVerifier = parts[0] + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA." + parts[2];
    HttpResponse<String> stolen =
        send(at(callback).header("Cookie", PENDING + "=" + otherVerifier));
    assertThat(decoded(stolen)).contains("invalid_grant");
    assertThat(cookie(stolen, SESSION)).isNull();

    // an issuer that refuses (no user signed in there) is said so
    issuer.signIn(null, null, null);
    HttpResponse<String> again = send(at("/login/oidc"));
    HttpResponse<String> refused = send(at(again.headers().firstValue("Location").orElseThrow()));
    HttpResponse<String> shown =
        send(
            at(refused.headers().firstValue("Location").orElseThrow())
                .header("Cookie", PENDING + "=" + value(cookie(again, PENDING))));
    assertThat(decoded(shown)).contains("refused the sign-in: login_required");
  }

  static String decoded(HttpResponse<?> r) {
    return URLDecoder.decode(r.headers().firstValue("Location").orElse(""), StandardCharsets.UTF_8);
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
