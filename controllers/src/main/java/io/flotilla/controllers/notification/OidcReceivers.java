package io.flotilla.controllers.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.flotilla.api.flux.notification.ReceiverSpec;
import io.flotilla.controllers.runtime.CelEnv;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Receivers whose callers prove who they are with an ID token in {@code Authorization: Bearer}:
 * {@code gcr} (a Google Pub/Sub push: Google's keys, issuer {@code accounts.google.com}, the
 * Secret's {@code audience} and {@code email}, a verified email) and {@code generic-oidc} (the
 * issuer of the token among {@code spec.oidcProviders}, its audience, then the provider's CEL
 * {@code variables} and {@code validations} over the claims).
 */
final class OidcReceivers {
  static final String GOOGLE_CERTS = "https://www.googleapis.com/oauth2/v3/certs";
  private static final Set<String> GOOGLE_ISSUERS =
      Set.of("accounts.google.com", "https://accounts.google.com");
  private static final Map<String, dev.cel.common.types.CelType> CLAIM_VARIABLES =
      Map.of(
          "claims", MapType.create(SimpleType.STRING, SimpleType.DYN),
          "vars", MapType.create(SimpleType.STRING, SimpleType.DYN));

  private final OidcTokens tokens;
  private final String googleCerts;

  OidcReceivers(OidcTokens tokens, String googleCerts) {
    this.tokens = tokens;
    this.googleCerts = googleCerts;
  }

  private static String bearer(String authorization) throws WebhookCheck.Refused {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      throw new WebhookCheck.Refused("the Authorization header is missing or malformed");
    }
    String raw = authorization.substring("Bearer ".length()).strip();
    if (raw.isEmpty()) {
      throw new WebhookCheck.Refused("the Authorization header is missing a bearer token");
    }
    return raw;
  }

  /** {@code gcr}: Google's ID token, then the Pub/Sub message wrapping the registry's event. */
  void gcr(String authorization, String email, String audience, byte[] body)
      throws WebhookCheck.Refused {
    try {
      String raw = bearer(authorization);
      JWTClaimsSet claims;
      try {
        claims = tokens.verify(raw, googleCerts, audience == null ? "" : audience);
      } catch (WebhookCheck.Refused e) {
        throw new WebhookCheck.Refused(
            "invalid ID token: audience is '"
                + audienceOf(raw)
                + "', want '"
                + (audience == null ? "" : audience)
                + "': "
                + e.getMessage());
      }
      String iss = claims.getIssuer();
      if (!GOOGLE_ISSUERS.contains(iss)) {
        throw new WebhookCheck.Refused(
            "token issuer is '"
                + iss
                + "', want 'accounts.google.com' or 'https://accounts.google.com'");
      }
      String tokenEmail = String.valueOf(claims.getClaim("email"));
      if (email != null && !email.isEmpty() && !email.equals(tokenEmail)) {
        throw new WebhookCheck.Refused("token email is '" + tokenEmail + "', want '" + email + "'");
      }
      if (!Boolean.TRUE.equals(claims.getClaim("email_verified"))) {
        throw new WebhookCheck.Refused("token email '" + tokenEmail + "' is not verified");
      }
    } catch (WebhookCheck.Refused e) {
      throw new WebhookCheck.Refused("cannot authenticate GCR request: " + e.getMessage());
    }
    JsonNode message;
    try {
      message = Http.JSON.readTree(body).path("message");
    } catch (IOException e) {
      throw new WebhookCheck.Refused("cannot decode GCR webhook payload: " + e.getMessage());
    }
    try {
      byte[] data = Base64.getDecoder().decode(message.path("data").asText(""));
      Http.JSON.readTree(data);
    } catch (IOException | IllegalArgumentException e) {
      throw new WebhookCheck.Refused("cannot decode GCR webhook body: " + e.getMessage());
    }
  }

  private static String audienceOf(String raw) {
    try {
      List<String> aud = com.nimbusds.jwt.SignedJWT.parse(raw).getJWTClaimsSet().getAudience();
      return aud.isEmpty() ? "<unknown>" : String.join(",", aud);
    } catch (java.text.ParseException e) {
      return "<unknown>";
    }
  }

  /** {@code generic-oidc}: the verified claims, once every validation passed. */
  Map<String, Object> genericOidc(List<ReceiverSpec.OidcProvider> providers, String authorization)
      throws WebhookCheck.Refused {
    if (providers == null || providers.isEmpty()) {
      throw new WebhookCheck.Refused("generic-oidc receiver has no oidcProviders configured");
    }
    String raw = bearer(authorization);
    String iss = OidcTokens.unverifiedIssuer(raw);
    ReceiverSpec.OidcProvider provider =
        providers.stream().filter(p -> iss.equals(p.issuerURL())).findFirst().orElse(null);
    if (provider == null) {
      throw new WebhookCheck.Refused("no oidcProvider configured for issuer \"" + iss + "\"");
    }
    JWTClaimsSet verified = tokens.verify(raw, tokens.discover(iss), provider.audience());
    Map<String, Object> claims = new LinkedHashMap<>(verified.toJSONObject());
    evaluate(provider, claims);
    return claims;
  }

  private static void evaluate(ReceiverSpec.OidcProvider p, Map<String, Object> claims)
      throws WebhookCheck.Refused {
    Map<String, Object> vars = new LinkedHashMap<>();
    Map<String, Object> data = Map.of("claims", CelEnv.value(claims), "vars", vars);
    try {
      for (ReceiverSpec.Variable v : nonNull(p.variables())) {
        CelRuntime.Program program = CelEnv.compile(v.expression(), CLAIM_VARIABLES, null);
        try {
          vars.put(v.name(), program.eval(data));
        } catch (CelEvaluationException e) {
          throw new WebhookCheck.Refused(
              "failed to evaluate variable \"" + v.name() + "\": " + e.getMessage());
        }
      }
      List<String> failures = new ArrayList<>();
      for (ReceiverSpec.Validation v : nonNull(p.validations())) {
        CelRuntime.Program program =
            CelEnv.compile(v.expression(), CLAIM_VARIABLES, SimpleType.BOOL);
        try {
          if (!CelEnv.evalBoolean(program, v.expression(), data)) {
            failures.add(v.message());
          }
        } catch (CelEnv.EvaluationError e) {
          throw new WebhookCheck.Refused("failed to evaluate validation: " + e.getMessage());
        }
      }
      if (!failures.isEmpty()) {
        throw new WebhookCheck.Refused("token validation failed: " + String.join("; ", failures));
      }
    } catch (CelEnv.InvalidExpression e) {
      throw new WebhookCheck.Refused(
          "invalid oidcProvider configuration for issuer \""
              + p.issuerURL()
              + "\": "
              + e.getMessage());
    }
  }

  private static <T> List<T> nonNull(List<T> l) {
    return l == null ? List.of() : l;
  }

  /**
   * Flux's checks of {@code spec.oidcProviders} (beyond the CRD's): issuer URLs, audiences,
   * uniqueness, at least one validation, named variables, messages; then every expression compiles.
   */
  static void check(List<ReceiverSpec.OidcProvider> providers) throws CelEnv.InvalidExpression {
    if (providers == null || providers.isEmpty()) {
      throw new CelEnv.InvalidExpression("generic-oidc receiver has no oidcProviders configured");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < providers.size(); i++) {
      ReceiverSpec.OidcProvider p = providers.get(i);
      String at = "oidcProviders[" + i + "]";
      String named = at + " (issuerURL=\"" + p.issuerURL() + "\")";
      if (p.issuerURL() == null || p.issuerURL().isEmpty()) {
        throw new CelEnv.InvalidExpression(at + ": issuerURL is required");
      }
      if (!p.issuerURL().matches("^https?://.*")) {
        throw new CelEnv.InvalidExpression(
            at + ": issuerURL \"" + p.issuerURL() + "\" must start with http:// or https://");
      }
      if (p.audience() == null || p.audience().isEmpty()) {
        throw new CelEnv.InvalidExpression(at + ": audience is required");
      }
      if (!seen.add(p.issuerURL())) {
        throw new CelEnv.InvalidExpression(at + ": duplicate issuerURL \"" + p.issuerURL() + "\"");
      }
      if (nonNull(p.validations()).isEmpty()) {
        throw new CelEnv.InvalidExpression(
            named
                + ": at least one validation is required; without validations any caller able"
                + " to obtain a token from this issuer can trigger the Receiver");
      }
      for (ReceiverSpec.Variable v : nonNull(p.variables())) {
        CelEnv.compile(v.expression(), CLAIM_VARIABLES, null);
      }
      for (ReceiverSpec.Validation v : nonNull(p.validations())) {
        CelEnv.compile(v.expression(), CLAIM_VARIABLES, SimpleType.BOOL);
      }
    }
  }
}
