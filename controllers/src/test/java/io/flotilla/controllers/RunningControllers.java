package io.flotilla.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.controllers.notification.NotificationOptions;
import io.flotilla.testkit.GitFixture;
import io.flotilla.testkit.TempDirs;
import io.flotilla.testkit.TestKube;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The harness of the controller ITs, one IT class's cluster as a JUnit extension
 * ({@code @RegisterExtension static}): the embedded API with Flux's CRDs and the controllers
 * running on it, started before the class's {@code @BeforeAll} methods and stopped after its
 * {@code @AfterAll} ones; {@link #gitSource} adds the usual Git fixture, a repository served as a
 * GitRepository.
 */
public final class RunningControllers implements BeforeAllCallback, AfterAllCallback {
  /** How long an IT waits for the controllers to bring the cluster where it expects it. */
  public static final Duration CONVERGE = Duration.ofSeconds(60);

  /** As the FluxConfig controller runs on a cluster: multi-tenancy, dependencies retried at 2s. */
  private static final UnaryOperator<ControllerOptions> FLUX_CONFIGS =
      o -> o.withRequeueDependency(Duration.ofSeconds(2)).withMultiTenancy(true);

  /** For ITs that wait on a dependency: it is retried every second. */
  private static final UnaryOperator<ControllerOptions> QUICK_RETRIES =
      o -> o.withRequeueDependency(Duration.ofSeconds(1));

  private final UnaryOperator<ControllerOptions> options;
  private final boolean rbac;
  private final NotificationOptions notifications;
  private Path dataDir;
  private TestKube kube;
  private Controllers controllers;
  private final List<GitFixture> repos = new ArrayList<>();

  private RunningControllers(
      UnaryOperator<ControllerOptions> options, boolean rbac, NotificationOptions notifications) {
    this.options = options;
    this.rbac = rbac;
    this.notifications = notifications;
  }

  /** The controllers with the defaults {@code options} changes. */
  public static RunningControllers with(UnaryOperator<ControllerOptions> options) {
    return new RunningControllers(options, false, null);
  }

  /** {@link #with}, and notification-controller with {@code notifications}. */
  public static RunningControllers with(
      UnaryOperator<ControllerOptions> options, NotificationOptions notifications) {
    return new RunningControllers(options, false, notifications);
  }

  /** The default controllers, and notification-controller with its receiver on a free port. */
  public static RunningControllers withNotificationReceiver() {
    return with(o -> o, NotificationOptions.defaults().withReceiver("127.0.0.1", 0));
  }

  /** {@link #with}, on an API server that enforces RBAC; the client is an admin. */
  public static RunningControllers withRbac(UnaryOperator<ControllerOptions> options) {
    return new RunningControllers(options, true, null);
  }

  /** The controllers with the FluxConfig ITs' options: multi-tenancy, dependencies at 2s. */
  public static RunningControllers forFluxConfigs() {
    return with(FLUX_CONFIGS);
  }

  /** {@link #forFluxConfigs}, on an API server that enforces RBAC. */
  public static RunningControllers forFluxConfigsWithRbac() {
    return withRbac(FLUX_CONFIGS);
  }

  /** The controllers retrying a dependency that is not ready every second. */
  public static RunningControllers withQuickRetries() {
    return with(QUICK_RETRIES);
  }

  /** {@link #withQuickRetries}, on an API server that enforces RBAC. */
  public static RunningControllers withQuickRetriesAndRbac() {
    return withRbac(QUICK_RETRIES);
  }

  /** The controllers' data directory (artifacts, work trees). */
  public Path dataDir() {
    return dataDir.resolve("data");
  }

  public Controllers controllers() {
    return controllers;
  }

  /**
   * A Git repository with {@code files} in one commit on main, created as the GitRepository {@code
   * namespace/name} polled every {@code interval}; returns the commit's id.
   */
  public String gitSource(
      String namespace, String name, Map<String, String> files, String interval) {
    GitFixture repo = git(name).write(files);
    String commit = repo.commit("manifests");
    client().resource(GitSources.onMain(namespace, name, repo.fileUrl(), interval)).create();
    return commit;
  }

  /**
   * A Git repository {@code name} with {@code files} in one commit ({@code message}) on main, not
   * yet a GitRepository; returns its {@code file://} URL.
   */
  public String gitRepository(String name, Map<String, String> files, String message) {
    GitFixture repo = git(name).write(files);
    repo.commit(message);
    return repo.fileUrl();
  }

  /** An empty Git repository {@code name}, open for the IT's commits; closed with the cluster. */
  public GitFixture git(String name) {
    GitFixture repo = GitFixture.init(dataDir.resolve("git").resolve(name));
    repos.add(repo);
    return repo;
  }

  /** Creates or replaces Secret {@code namespace/name} with {@code data} as its stringData. */
  public void secret(String namespace, String name, Map<String, String> data) {
    client()
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(data)
                .build())
        .createOr(r -> r.update());
  }

  /** {@code default/name} of {@code type}, null when there is none. */
  public <T extends HasMetadata> T get(Class<T> type, String name) {
    return client().resources(type).inNamespace("default").withName(name).get();
  }

  public KubernetesClient client() {
    return kube.client();
  }

  public TestKube kube() {
    return kube;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("flotilla-it-");
    kube = rbac ? TestKube.startWithRbac() : TestKube.start();
    Crds.install(kube.client());
    ControllerOptions applied = options.apply(ControllerOptions.defaults(dataDir.resolve("data")));
    controllers =
        notifications == null
            ? Controllers.start(kube.client(), applied)
            : Controllers.start(kube.client(), applied, notifications);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (controllers != null) controllers.close();
    if (kube != null) kube.close();
    repos.forEach(GitFixture::close);
    TempDirs.delete(dataDir);
  }
}
