package io.flotilla.server;

import io.flotilla.server.agent.AgentController;
import io.flotilla.server.agent.AgentService;
import io.flotilla.server.agent.ChangeFeed;
import io.flotilla.server.auth.Authentication;
import io.flotilla.server.cluster.ClusterController;
import io.flotilla.server.cluster.ClusterService;
import io.flotilla.server.cluster.Connectivity;
import io.flotilla.server.context.ServiceContext;
import io.flotilla.server.dashboard.Dashboard;
import io.flotilla.server.extension.ExtensionController;
import io.flotilla.server.extension.ExtensionService;
import io.flotilla.server.fluxconfig.FluxConfigurationController;
import io.flotilla.server.fluxconfig.FluxConfigurationService;
import io.flotilla.server.http.ArmErrorPages;
import io.flotilla.server.http.Json;
import io.flotilla.server.prometheus.GoExposition;
import io.flotilla.server.security.KeyMaterial;
import io.flotilla.server.security.PemKeyStore;
import io.flotilla.server.security.ProtectedSettingsCipher;
import io.flotilla.server.security.Tokens;
import io.flotilla.server.signals.DesiredStateSignals;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.Database;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration service: the ARM-shaped REST API for flux configurations, extensions and
 * connected clusters, and the agent API through which each cluster pulls its desired state.
 */
public final class ConfigurationServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationServer.class);

  /** Protected settings live this long after the agent confirmed the version carrying them. */
  static final Duration PROTECTED_SETTINGS_TTL = Duration.ofHours(48);

  static final String KUBERNETES_CONFIGURATION_PREFIX =
      "/subscriptions/{sub}/resourceGroups/{rg}/providers/{rp}/{type}/{cluster}"
          + "/providers/Microsoft.KubernetesConfiguration";

  private final Javalin app;
  private final Database database;
  private final String adminToken;
  private final ClusterService clusters;
  private final FluxConfigurationService fluxConfigurations;
  private final AgentService agents;
  private final AutoCloseable assignments;
  private final ScheduledExecutorService jobs;
  private final DesiredStateSignals signals;
  private final Connectivity connectivity;
  private final java.util.List<ReadinessCheck> readiness;
  private final String url;
  // the management cluster's GitopsClusters: empty until one is watched
  private java.util.concurrent.atomic.AtomicReference<io.flotilla.server.joined.JoinedClusters>
      gitops;
  private Clock clock;

  private ConfigurationServer(
      Javalin app,
      Database database,
      String adminToken,
      ClusterService clusters,
      FluxConfigurationService fluxConfigurations,
      AgentService agents,
      AutoCloseable assignments,
      ScheduledExecutorService jobs,
      DesiredStateSignals signals,
      Connectivity connectivity,
      java.util.List<ReadinessCheck> readiness,
      String host,
      boolean tls) {
    this.app = app;
    this.database = database;
    this.adminToken = adminToken;
    this.clusters = clusters;
    this.fluxConfigurations = fluxConfigurations;
    this.agents = agents;
    this.assignments = assignments;
    this.jobs = jobs;
    this.signals = signals;
    this.connectivity = connectivity;
    this.readiness = readiness;
    this.url = (tls ? "https://" : "http://") + reachable(host) + ":" + app.port();
  }

  /** The host to call this service at: loopback when it listens on every address. */
  private static String reachable(String host) {
    String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    return h.contains(":") ? "[" + h + "]" : h;
  }

  /** Migrates the database, creates the data directory's secrets if needed and binds. */
  public static ConfigurationServer start(ServerOptions options) {
    return start(options, Clock.systemUTC(), System::getenv);
  }

  static ConfigurationServer start(
      ServerOptions options, Clock baseClock, UnaryOperator<String> env) {
    // Millisecond timestamps survive the database round trip unchanged (ARM shows millis too).
    Clock clock = Clock.tick(baseClock, Duration.ofMillis(1));
    Path dataDir = prepareDataDir(options.dataDir());
    String dbUrl =
        options.databaseUrl() == null || options.databaseUrl().isBlank()
            ? Database.h2Url(dataDir)
            : options.databaseUrl();
    Database db = Database.open(dbUrl);
    var gitops =
        new java.util.concurrent.atomic.AtomicReference<io.flotilla.server.joined.JoinedClusters>();
    try {
      String adminToken = KeyMaterial.adminToken(dataDir);
      var cipher = new ProtectedSettingsCipher(KeyMaterial.encryptionKey(dataDir, env));
      db.jdbi()
          .useHandle(
              h ->
                  new ClusterRepository()
                      .ensureAdminToken(h, Tokens.hash(adminToken), clock.instant()));

      var signals = new DesiredStateSignals();
      var tokenCache = new io.flotilla.server.security.TokenCache();
      var connectivity = new Connectivity(clock, options.offlineAfter());
      var context = new ServiceContext(db.jdbi(), clock, cipher, signals);
      var changeFeed = new ChangeFeed(context, tokenCache, connectivity);
      var clusterService = new ClusterService(context, tokenCache, connectivity);
      var fluxService = new FluxConfigurationService(context, connectivity);
      var extensionService = new ExtensionService(context, version(), fluxService);
      var assignmentService =
          new io.flotilla.server.assignment.AssignmentService(
              context, fluxService.lifecycle(), connectivity);
      clusterService.onMembershipChange(assignmentService.reconciler()::clusterChanged);
      fluxService.onWrite(assignmentService.reconciler()::clusterChanged);
      var rollouts =
          new io.flotilla.server.rollout.RolloutService(
              context, connectivity, assignmentService.rollouts(), fluxService.lifecycle());
      var agentService = new AgentService(context, fluxService, extensionService, connectivity);
      KeyStore tlsIdentity =
          options.tls() ? PemKeyStore.load(options.tlsCert(), options.tlsKey()) : null;
      var access = io.flotilla.server.auth.Access.create(options.oidc(), db.jdbi(), clock);
      var auth = new Authentication(db.jdbi(), tokenCache, access);
      var metrics =
          new ServiceMetrics(
              options.meters() != null
                  ? options.meters()
                  : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      var readiness = new java.util.concurrent.CopyOnWriteArrayList<ReadinessCheck>();
      readiness.add(new ReadinessCheck("database", () -> healthy(db)));

      Javalin app =
          Javalin.create(
              cfg -> {
                cfg.showJavalinBanner = false;
                cfg.startupWatcherEnabled = false;
                // Long-polls block their request thread; virtual threads make that cheap. Jetty's
                // selectors and acceptors stay on a few platform threads (a selector blocking in
                // select() would pin a virtual thread's carrier); requests run on virtual threads.
                QueuedThreadPool pool = new QueuedThreadPool(32, 4, 60_000);
                pool.setName("flotilla-http");
                pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
                cfg.jetty.threadPool = pool;
                // ARM paths are case-insensitive ("resourcegroups" works as well).
                cfg.router.caseInsensitiveRoutes = true;
                cfg.router.ignoreTrailingSlashes = true;
                cfg.http.maxRequestSize = io.flotilla.server.http.RequestBodies.MAX_BYTES;
                // waiting long-polls are asynchronous requests; they answer within their wait
                cfg.http.asyncTimeout =
                    io.flotilla.server.agent.AgentController.ASYNC_TIMEOUT.toMillis();
                cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
                cfg.requestLogger.http(metrics::request);
                // Jetty's own refusals (a NUL in the path, an over-long URI) as ARM JSON too
                cfg.jetty.modifyServer(
                    s -> {
                      s.setErrorHandler(new ArmErrorPages());
                      io.flotilla.server.agent.AgentController.keepAgentConnections(s);
                    });
                cfg.jetty.modifyServletContextHandler(h -> h.setErrorHandler(new ArmErrorPages()));
                if (tlsIdentity != null) {
                  // HTTPS only: this connector replaces Javalin's plain HTTP one.
                  cfg.jetty.addConnector(
                      (server, http) -> HttpsConnector.create(server, http, tlsIdentity, options));
                }
              });
      app.before(
          ctx -> {
            if (!Dashboard.servesWithoutToken(ctx.path())) {
              auth.check(ctx);
            }
          });
      // Routes are matched in the order they were added, by a regular expression each: agents'
      // polls and reports are most of the requests, so their routes come first.
      new AgentController(agentService, signals).routes(app);
      String scheme = tlsIdentity != null ? "https://" : "http://";
      if (options.gitops() != null) {
        gitops.set(options.gitops().start(clock));
      }
      var dashboard =
          new Dashboard(
              db.jdbi(),
              connectivity,
              clock,
              access::clusterReadScopes,
              access::permits,
              access.signIn(),
              () -> scheme + reachable(options.host()) + ":" + app.port(),
              tlsIdentity,
              version());
      dashboard.joinedClusters(gitops::get, access::permitted);
      io.flotilla.server.joined.JoinedClusterRoutes.register(app, gitops::get);
      dashboard.routes(app);
      app.get(
          "/healthz",
          ctx -> {
            boolean healthy = healthy(db);
            ctx.result(healthy ? "ok" : "database unavailable").status(healthy ? 200 : 503);
          });
      app.get("/readyz", ctx -> ReadinessCheck.answer(ctx, readiness));
      app.get(
          "/metrics",
          ctx ->
              ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                  .result(GoExposition.scrape(metrics.registry())));
      new ClusterController(clusterService).routes(app);
      new FluxConfigurationController(fluxService).routes(app, KUBERNETES_CONFIGURATION_PREFIX);
      new ExtensionController(extensionService).routes(app, KUBERNETES_CONFIGURATION_PREFIX);
      new io.flotilla.server.assignment.AssignmentController(assignmentService).routes(app);
      new io.flotilla.server.rollout.RolloutController(rollouts).routes(app);
      access.routes(app);
      ErrorAnswers.register(app);
      if (tlsIdentity != null) {
        app.start();
      } else {
        app.start(options.host(), options.port());
      }

      ScheduledExecutorService jobs =
          Executors.newScheduledThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "flotilla-jobs");
                t.setDaemon(true);
                return t;
              });
      jobs.scheduleWithFixedDelay(
          () -> Housekeeping.purge(fluxService, agentService, db), 0, 15, TimeUnit.MINUTES);
      jobs.scheduleWithFixedDelay(() -> Housekeeping.refresh(changeFeed), 0, 1, TimeUnit.SECONDS);
      // assignments: a full pass catches what other replicas changed and reverts missed drift
      jobs.scheduleWithFixedDelay(assignmentService.reconciler()::all, 0, 30, TimeUnit.SECONDS);
      jobs.scheduleWithFixedDelay(rollouts::tick, 500, 500, TimeUnit.MILLISECONDS);
      jobs.scheduleWithFixedDelay(
          () -> metrics.refresh(db, connectivity, clock.instant()), 0, 5, TimeUnit.SECONDS);
      long flushMillis = connectivity.flushEvery().toMillis();
      jobs.scheduleWithFixedDelay(
          () -> Housekeeping.flush(connectivity, db),
          flushMillis,
          flushMillis,
          TimeUnit.MILLISECONDS);
      var server =
          new ConfigurationServer(
              app,
              db,
              adminToken,
              clusterService,
              fluxService,
              agentService,
              assignmentService,
              jobs,
              signals,
              connectivity,
              readiness,
              options.host(),
              options.tls());
      server.gitops = gitops;
      server.clock = clock;
      LOG.info(
          "Flotilla configuration service {} listening on {} (database {})",
          version(),
          server.url(),
          Database.redact(dbUrl));
      return server;
    } catch (RuntimeException e) {
      if (gitops.get() != null) {
        gitops.get().close();
      }
      db.close();
      throw e;
    }
  }

  public String url() {
    return url;
  }

  public int port() {
    return app.port();
  }

  /** The bearer token the CLI uses; also in {@code <dataDir>/admin-token}. */
  public String adminToken() {
    return adminToken;
  }

  /**
   * Adds a check to {@code /readyz} (the database is always one): in {@code flotilla up}, the
   * controllers' and the agent's informers.
   */
  public void addReadinessCheck(String name, java.util.function.BooleanSupplier check) {
    readiness.add(new ReadinessCheck(name, check));
  }

  /**
   * Watches this management cluster's GitopsClusters from now on (in {@code flotilla up}, the
   * embedded API, which starts after the service), replacing any watched before.
   */
  public void watchGitopsClusters(io.flotilla.server.joined.JoinedClusters.Watch watch) {
    var old = gitops.getAndSet(watch.start(clock));
    if (old != null) {
      old.close();
    }
  }

  public Clusters clusters() {
    return new ClusterRegistry(clusters);
  }

  /** Forgets recorded deletes older than {@link AgentService#DELETIONS_KEPT} now. */
  int pruneRecordedDeletes() {
    return agents.pruneRecordedDeletes();
  }

  /** Runs the protected-settings purge now; returns how many configurations it cleared. */
  int purgeProtectedSettings() {
    int n = fluxConfigurations.purgeProtectedSettings(PROTECTED_SETTINGS_TTL);
    if (n > 0) {
      agents.renderedStale();
    }
    return n;
  }

  String databaseUrl() {
    return database.url();
  }

  @Override
  public void close() {
    jobs.shutdown();
    try {
      assignments.close();
    } catch (Exception e) {
      LOG.warn("Stopping the assignment reconciler failed", e);
    }
    signals.shutdown();
    app.stop();
    var joined = gitops.getAndSet(null);
    if (joined != null) {
      joined.close();
    }
    agents.close();
    try {
      // A purge that is already running finishes before the pool goes away.
      jobs.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Housekeeping.flush(connectivity, database);
    database.close();
  }

  private static boolean healthy(Database db) {
    try {
      return db.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Path prepareDataDir(Path dataDir) {
    try {
      if (!Files.exists(dataDir)) {
        Files.createDirectories(dataDir);
        if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          // It holds the admin token and the encryption key.
          Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        }
      }
      return dataDir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
    }
  }

  /** The product version, from the build. */
  static String version() {
    try (InputStream in =
        ConfigurationServer.class.getResourceAsStream("/io/flotilla/server/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
