package io.flotilla.server.auth;

import io.flotilla.api.agent.AgentApi;
import io.flotilla.server.http.ArmErrors;
import io.flotilla.server.http.ArmRequestChecks;
import io.flotilla.server.http.ArmRequests;
import io.flotilla.server.http.SessionCookie;
import io.flotilla.server.security.TokenCache;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.GroupedTransactions;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Bearer-token checks, run before routing so that a caller without a valid token learns nothing,
 * not even whether a resource exists.
 */
public final class Authentication {
  private final GroupedTransactions<String, Optional<ClusterRepository.TokenRow>> tokenReads;
  private final ClusterRepository tokens = new ClusterRepository();

  private final TokenCache cache;
  private final Access access;

  public Authentication(Jdbi jdbi, TokenCache cache, Access access) {
    this.cache = cache;
    this.access = access;
    // a reconnecting fleet's tokens are unknown to a fresh replica: looked up together
    this.tokenReads =
        new GroupedTransactions<>(
            jdbi,
            "token-reads",
            2,
            500,
            (h, hashes) -> {
              var found = tokens.findTokens(h, hashes);
              return hashes.stream().map(x -> Optional.ofNullable(found.get(x))).toList();
            });
  }

  public void check(Context ctx) {
    String path = ctx.path().toLowerCase(Locale.ROOT);
    // the probes and Prometheus' scrape, as on Flux's controllers, need no token
    if (path.equals("/")
        || path.equals("/healthz")
        || path.equals("/readyz")
        || path.equals("/metrics")) {
      return;
    }
    String token = bearer(ctx);
    var found = cache.find(token, tokenReads::submit);
    if (path.startsWith(AgentApi.PREFIX.toLowerCase(Locale.ROOT))) {
      if (found.isEmpty() || !"agent".equals(found.get().kind())) {
        throw ArmErrors.invalidToken();
      }
      String rest = ctx.path().substring(AgentApi.PREFIX.length());
      String clusterId = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
      if (!clusterId.equals(found.get().clusterId())) {
        throw ArmErrors.forbidden(
            "This agent token belongs to another cluster; it cannot read or report cluster '"
                + clusterId
                + "'.");
      }
      identify(ctx, new Principal.Agent(clusterId));
      return;
    }
    // An agent token is no user: it can do nothing outside its own cluster's agent API.
    Principal principal =
        found.isEmpty()
            ? access.authenticate(token)
            : "admin".equals(found.get().kind()) ? new Principal.Admin() : null;
    if (principal == null) {
      throw ArmErrors.invalidToken();
    }
    identify(ctx, principal);
    if (path.startsWith("/subscriptions/")) {
      ArmRequestChecks.check(
          org.eclipse.jetty.util.URIUtil.decodePath(ctx.path()), ctx.queryParam("api-version"));
      access.authorize(ctx, principal);
    }
  }

  private static void identify(Context ctx, Principal principal) {
    ctx.attribute(Principal.ATTRIBUTE, principal);
    ctx.attribute(ArmRequests.ACTOR, principal.name());
  }

  private static String bearer(Context ctx) {
    String h = ctx.header("Authorization");
    if (h == null || h.isBlank()) {
      // the dashboard's session: the token in its cookie, on the dashboard's own requests only
      String session = SessionCookie.token(ctx);
      if (session != null) {
        return session;
      }
      throw ArmErrors.missingAuthorization();
    }
    if (!h.regionMatches(true, 0, "Bearer ", 0, 7) || h.substring(7).isBlank()) {
      throw ArmErrors.invalidToken();
    }
    return h.substring(7).strip();
  }
}
