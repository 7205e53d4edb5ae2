package io.flotilla.server.dashboard;

import io.flotilla.server.cluster.Connectivity;
import io.flotilla.server.http.SessionCookie;
import io.flotilla.server.store.ConfigurationRepository;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet dashboard at {@code /}: server-rendered views of the fleet, a cluster and a flux
 * configuration, fetched by a small script with the user's bearer token. Views of one resource are
 * read through the ARM REST API as that user; actions go from the browser to the same API.
 */
public final class Dashboard {
  private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
  static final String ASSETS = "/dashboard/assets/";
  private static final Map<String, String> ASSET_TYPES =
      Map.of(
          "dashboard.js", "text/javascript; charset=utf-8",
          "dashboard.css", "text/css; charset=utf-8");
  private static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final FleetQuery fleet;
  // where the signed-in principal may read clusters (null: everywhere): the fleet reads the store
  private final java.util.function.Function<Context, java.util.List<String>> readableScopes;
  private final Permits permits;
  private final Jdbi jdbi;
  private final SignIn signIn;
  private final ArmReader arm;
  private final Clock clock;
  private final String version;
  // clusters joined by kubeconfig (GitopsClusters), when the service watches a management cluster
  private JoinedClustersView joined;

  /** Whether the signed-in principal may send a method to an ARM path: which buttons to offer. */
  @FunctionalInterface
  public interface Permits {
    boolean allows(Context ctx, String method, String armPath);
  }

  /**
   * {@code selfUrl} is where this service answers (known once it listens); {@code tlsIdentity} its
   * HTTPS key store, or null for plain HTTP.
   */
  public Dashboard(
      Jdbi jdbi,
      Connectivity connectivity,
      Clock clock,
      java.util.function.Function<Context, java.util.List<String>> readableScopes,
      Permits permits,
      io.flotilla.server.auth.OidcSignIn oidcSignIn,
      Supplier<String> selfUrl,
      KeyStore tlsIdentity,
      String version) {
    this.signIn = new SignIn(oidcSignIn, tlsIdentity != null);
    this.fleet = new FleetQuery(jdbi, connectivity, clock);
    this.jdbi = jdbi;
    this.readableScopes = readableScopes;
    this.permits = permits;
    this.arm =
        new ArmReader(selfUrl, tlsIdentity == null ? null : PinnedCertificate.context(tlsIdentity));
    this.clock = clock;
    this.version = version;
    int filled = jdbi.withHandle(h -> new ConfigurationRepository().backfillCompliance(h));
    if (filled > 0) {
      LOG.info("Recorded the compliance of {} flux configuration(s) for the dashboard", filled);
    }
  }

  /** Addresses that carry no data (the page, sign-in, script and styles): no token needed. */
  public static boolean servesWithoutToken(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    return p.equals("/")
        || p.equals("/login")
        || p.equals(SignIn.OIDC_START)
        || p.equals(SignIn.CALLBACK)
        || p.equals("/dashboard/logout")
        || p.startsWith(Views.RESOURCE_PREFIX + "/")
        || p.startsWith(ASSETS);
  }

  /** Shows the GitopsClusters beside the agent-run clusters; {@code permitted} as in Access. */
  public void joinedClusters(
      Supplier<io.flotilla.server.joined.JoinedClusters> clusters,
      java.util.function.BiFunction<Context, String, java.util.function.Predicate<String>>
          permitted) {
    this.joined = new JoinedClustersView(clusters, permitted, arm, clock);
  }

  public void routes(Javalin app) {
    app.get("/", ctx -> shell(ctx, false));
    app.get("/login", ctx -> shell(ctx, true));
    app.get(Views.RESOURCE_PREFIX + "/*", ctx -> shell(ctx, false));
    app.get(ASSETS + "{file}", this::asset);
    app.get("/dashboard/fleet", this::fleet);
    app.get("/dashboard/resource", this::resource);
    signIn.routes(app);
  }

  private void shell(Context ctx, boolean login) {
    secure(ctx);
    ctx.html(Shell.html(version, login, signIn.oidc()));
  }

  private void asset(Context ctx) {
    String file = ctx.pathParam("file");
    String type = ASSET_TYPES.get(file);
    if (type == null) {
      ctx.status(404).result("");
      return;
    }
    try (InputStream in = Dashboard.class.getResourceAsStream(file)) {
      if (in == null) {
        ctx.status(404).result("");
        return;
      }
      ctx.contentType(type).header("Cache-Control", "no-cache").result(in.readAllBytes());
      secure(ctx);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void fleet(Context ctx) {
    String joinedSection = joined == null ? "" : joined.section(ctx, ctx.queryParam("q"));
    fragment(
        ctx, FleetPage.render(fleet.page(filter(ctx), readableScopes.apply(ctx)), joinedSection));
  }

  void resource(Context ctx) {
    String id = ctx.queryParam("id");
    String auth = ctx.header("Authorization");
    if (auth == null && SessionCookie.token(ctx) != null) {
      auth = "Bearer " + SessionCookie.token(ctx);
    }
    if (joined != null && JoinedClustersView.names(id)) {
      fragment(ctx, joined.page(id, auth));
      return;
    }
    if (RolloutPage.names(id)) {
      fragment(
          ctx, RolloutPage.render(id, arm.get(id, RolloutPage.API_VERSION, auth), clock.instant()));
      return;
    }
    var view = ResourceView.parse(id);
    if (view.isEmpty()) {
      Html h = new Html();
      Problem.render(
          h,
          new ArmReader.Refused(
              404, "NotFound", "'" + id + "' is not the id of a cluster or a flux configuration."));
      fragment(ctx.status(404), h.toString());
      return;
    }
    String html =
        switch (view.get()) {
          case ResourceView.Cluster c -> {
            var configs =
                arm.get(c.cluster().fluxConfigurationsPath(), ArmReader.FLUX_API_VERSION, auth);
            var extensions =
                configs instanceof ArmReader.Found
                    ? arm.get(
                        c.cluster().extensionPrefix() + "/extensions",
                        ArmReader.EXTENSION_API_VERSION,
                        auth)
                    : configs;
            yield ClusterPage.render(
                c.cluster(),
                configs instanceof ArmReader.Found
                    ? fleet.one(c.cluster())
                    : java.util.Optional.empty(),
                configs,
                extensions,
                clock.instant());
          }
          case ResourceView.Configuration c -> {
            String path = c.cluster().fluxConfigurationId(c.name());
            var read = arm.get(path, ArmReader.FLUX_API_VERSION, auth);
            yield ConfigurationPage.render(
                c.cluster(),
                c.name(),
                read,
                new ConfigurationPage.Allowed(
                    permits.allows(ctx, "PATCH", path), permits.allows(ctx, "DELETE", path)),
                // read from the store only once the API let this user read the configuration
                read instanceof ArmReader.Found ? observed(c.cluster(), c.name()) : null);
          }
        };
    fragment(ctx, html);
  }

  private io.flotilla.api.agent.ObservedObjects observed(
      io.flotilla.api.arm.ClusterRef ref, String name) {
    return jdbi.withHandle(
            h ->
                new io.flotilla.server.store.ClusterRepository()
                    .findByRef(h, ref)
                    .flatMap(c -> new ConfigurationRepository().observed(h, c.id(), name)))
        .map(
            json ->
                io.flotilla.server.http.Json.read(
                    json, io.flotilla.api.agent.ObservedObjects.class))
        .orElse(null);
  }

  static Fleet.Filter filter(Context ctx) {
    String reach = ctx.queryParam("reach");
    String compliance = ctx.queryParam("compliance");
    return new Fleet.Filter(
        ctx.queryParam("q"),
        "online".equalsIgnoreCase(reach)
            ? Fleet.Reach.ONLINE
            : "offline".equalsIgnoreCase(reach) ? Fleet.Reach.OFFLINE : null,
        compliance != null && FleetQuery.STATES.contains(compliance) ? compliance : null,
        number(ctx.queryParam("page"), 1),
        number(ctx.queryParam("size"), Fleet.Filter.DEFAULT_SIZE));
  }

  private static int number(String s, int otherwise) {
    try {
      return s == null ? otherwise : Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  private static void fragment(Context ctx, String html) {
    secure(ctx);
    ctx.header("Cache-Control", "no-store").html(html);
  }

  private static void secure(Context ctx) {
    ctx.header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("X-Frame-Options", "DENY");
  }
}
