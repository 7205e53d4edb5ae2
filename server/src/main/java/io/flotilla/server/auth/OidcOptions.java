package io.flotilla.server.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Which OpenID Connect issuer the service trusts, besides its own admin token.
 *
 * @param issuer the issuer URL exactly as its tokens carry it in {@code iss}; its discovery
 *     document is {@code <issuer>/.well-known/openid-configuration}
 * @param audience the {@code aud} a token must carry (the service's client id or app id URI)
 * @param principalClaim the claim holding the caller's object id, which role assignments name as
 *     {@code principalId} ({@code oid} for Microsoft Entra ID, {@code sub} elsewhere)
 * @param nameClaim the claim shown as the caller's name in errors, systemData and the audit log
 * @param groupsClaim the claim listing the caller's group ids (assignments to a group apply to its
 *     members)
 * @param clockSkew how far {@code exp} and {@code nbf} may be off the service's clock
 * @param clientId the dashboard's client id at the issuer, for its sign-in (authorization code with
 *     PKCE, a public client); the audience when not given
 * @param scope the scopes the dashboard's sign-in asks for; {@code openid profile} when not given
 *     (Microsoft Entra ID needs the API's scope too, e.g. {@code api://flotilla/.default})
 */
public record OidcOptions(
    URI issuer,
    String audience,
    String principalClaim,
    String nameClaim,
    String groupsClaim,
    Duration clockSkew,
    String clientId,
    String scope) {
  public static final Duration DEFAULT_SKEW = Duration.ofSeconds(60);

  public OidcOptions {
    Objects.requireNonNull(issuer, "issuer");
    if (!"https".equals(issuer.getScheme()) && !isLoopback(issuer)) {
      throw new IllegalArgumentException(
          "--oidc-issuer must be an https:// URL (http:// only on loopback), got " + issuer);
    }
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException(
          "--oidc-audience is required with --oidc-issuer: the 'aud' the service's tokens carry");
    }
    principalClaim = blankTo(principalClaim, "sub");
    nameClaim = blankTo(nameClaim, "preferred_username");
    groupsClaim = blankTo(groupsClaim, "groups");
    clockSkew = clockSkew == null ? DEFAULT_SKEW : clockSkew;
    clientId = blankTo(clientId, audience);
    scope = blankTo(scope, "openid profile");
    if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("the clock skew must be 0 to 5 minutes, got " + clockSkew);
    }
  }

  public static OidcOptions of(String issuer, String audience) {
    return new OidcOptions(URI.create(issuer), audience, null, null, null, null, null, null);
  }

  public OidcOptions withClaims(String principal, String name, String groups) {
    return new OidcOptions(issuer, audience, principal, name, groups, clockSkew, clientId, scope);
  }

  /** The dashboard's sign-in client id and scopes (null or blank: the defaults). */
  public OidcOptions withSignIn(String clientId, String scope) {
    return new OidcOptions(
        issuer, audience, principalClaim, nameClaim, groupsClaim, clockSkew, clientId, scope);
  }

  /** The issuer as tokens carry it: the configured URL without a trailing slash added or lost. */
  String issuerText() {
    return issuer.toString();
  }

  private static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return "http".equals(uri.getScheme())
        && host != null
        && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
  }

  private static String blankTo(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
