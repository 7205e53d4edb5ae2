package io.flotilla.server.auth;

import io.flotilla.server.http.ArmErrors;
import io.flotilla.server.store.AuditLog;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users and roles: OIDC bearer tokens (when an issuer is configured), the role assignments that
 * decide each ARM request of a user, the {@code Microsoft.Authorization} REST surface, and the
 * audit of every change request with the principal who made it.
 */
public final class Access {
  private static final Logger LOG = LoggerFactory.getLogger(Access.class);
  private static final Set<String> CHANGES = Set.of("PUT", "PATCH", "DELETE", "POST");

  private final OidcVerifier oidc;
  private final Authorizer authorizer;
  private final RoleAssignmentController controller;
  private final Jdbi jdbi;
  private final Clock clock;

  private Access(OidcVerifier oidc, Jdbi jdbi, Clock clock) {
    this.oidc = oidc;
    this.jdbi = jdbi;
    this.clock = clock;
    this.authorizer = new Authorizer(jdbi);
    this.controller = new RoleAssignmentController(jdbi, clock);
  }

  /** {@code oidc} null: only the service's own tokens are accepted. */
  public static Access create(OidcOptions oidc, Jdbi jdbi, Clock clock) {
    return new Access(oidc == null ? null : OidcVerifier.create(oidc, clock), jdbi, clock);
  }

  /**
   * The user behind a token the service did not issue: an OIDC token when an issuer is configured;
   * otherwise, or for a token that is no JWT, ARM's invalid-token 401.
   */
  public Principal.User authenticate(String token) {
    if (oidc == null || !OidcVerifier.looksLikeJwt(token)) {
      throw ArmErrors.invalidToken();
    }
    return oidc.verify(token);
  }

  /** The dashboard's sign-in at the OIDC issuer, or null when no issuer is configured. */
  public OidcSignIn signIn() {
    return oidc == null ? null : new OidcSignIn(oidc, clock);
  }

  /** Refuses an ARM request the principal's roles do not allow (the admin token may do all). */
  public void authorize(Context ctx, Principal principal) {
    if (principal instanceof Principal.User user) {
      RequestAction request = RequestAction.of(ctx.method().name(), decodedPath(ctx));
      if (request != null) {
        authorizer.check(user, request);
      }
    }
  }

  /**
   * The ARM scopes at which the request's principal may read clusters, for views that read the
   * store directly (the dashboard's fleet): null when it may read all (the admin token), empty when
   * none.
   */
  public java.util.List<String> clusterReadScopes(Context ctx) {
    Principal p = Principal.of(ctx);
    if (p instanceof Principal.Admin) {
      return null;
    }
    if (p instanceof Principal.User user) {
      return authorizer.scopesPermitting(user, "Microsoft.Kubernetes/connectedClusters/read");
    }
    return java.util.List.of();
  }

  /**
   * Whether the request's principal may perform {@code action} over a resource id, for views that
   * read in process (the dashboard's joined clusters): the admin token everywhere, a user where one
   * of its roles' scopes covers the id, nobody else. Reads the assignments once.
   */
  public java.util.function.Predicate<String> permitted(Context ctx, String action) {
    Principal p = Principal.of(ctx);
    if (p instanceof Principal.Admin) {
      return id -> true;
    }
    if (p instanceof Principal.User user) {
      java.util.List<String> scopes = authorizer.scopesPermitting(user, action);
      return id -> scopes.stream().anyMatch(s -> RequestAction.covers(s, id));
    }
    return id -> false;
  }

  /**
   * Whether the request's principal may send {@code method} to the ARM resource {@code path}: what
   * the dashboard offers as buttons (the API decides again when one is pressed).
   */
  public boolean permits(Context ctx, String method, String path) {
    return switch (Principal.of(ctx)) {
      case Principal.Admin a -> true;
      case Principal.User user -> {
        RequestAction request = RequestAction.of(method, path);
        yield request != null && authorizer.permits(user, request);
      }
      case null, default -> false;
    };
  }

  public void routes(Javalin app) {
    controller.routes(app);
    new AuditLogController(jdbi).routes(app);
    app.after(this::audit);
  }

  /**
   * One audit row per change request to the ARM API, allowed or not: who (name, object id, kind),
   * the Azure action, the resource and the answer's status. The services' own rows say what
   * changed.
   */
  void audit(Context ctx) {
    Principal p = Principal.of(ctx);
    if (p == null || !CHANGES.contains(ctx.method().name())) {
      return;
    }
    RequestAction request = RequestAction.of(ctx.method().name(), decodedPath(ctx));
    if (request == null) {
      return;
    }
    try {
      jdbi.useHandle(
          h ->
              AuditLog.record(
                  h,
                  RoleAssignmentController.audit(
                      p,
                      clock.instant(),
                      request.action(),
                      request.scope(),
                      "HTTP " + ctx.statusCode())));
    } catch (RuntimeException e) {
      LOG.warn(
          "Recording {} {} by {} in the audit log failed", ctx.method(), ctx.path(), p.name(), e);
    }
  }

  private static String decodedPath(Context ctx) {
    return org.eclipse.jetty.util.URIUtil.decodePath(ctx.path());
  }
}
