package io.flotilla.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.SourceStatus;
import io.flotilla.controllers.notification.NotificationOptions;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.testkit.ClusterHarness;
import io.flotilla.testkit.GitFixture;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The harness of the controller ITs: testkit's {@link ClusterHarness} with Flux's CRDs installed
 * and the controllers running on the embedded API; {@link #gitSource} adds the usual Git fixture, a
 * repository served as a GitRepository.
 */
public final class RunningControllers extends ClusterHarness<Controllers> {
  /** How long an IT waits for the controllers to bring the cluster where it expects it. */
  public static final Duration CONVERGE = Duration.ofSeconds(60);

  /** As the FluxConfig controller runs on a cluster: multi-tenancy, dependencies retried at 2s. */
  private static final UnaryOperator<ControllerOptions> FLUX_CONFIGS =
      o -> o.withRequeueDependency(Duration.ofSeconds(2)).withMultiTenancy(true);

  /** For ITs that wait on a dependency: it is retried every second. */
  private static final UnaryOperator<ControllerOptions> QUICK_RETRIES =
      o -> o.withRequeueDependency(Duration.ofSeconds(1));

  private RunningControllers(
      UnaryOperator<ControllerOptions> options, boolean rbac, NotificationOptions notifications) {
    super(
        (client, dataDir) -> {
          Crds.install(client);
          ControllerOptions applied = options.apply(ControllerOptions.defaults(dataDir));
          return notifications == null
              ? Controllers.start(client, applied)
              : Controllers.start(client, applied, notifications);
        },
        rbac);
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

  public Controllers controllers() {
    return running();
  }

  /**
   * Creates the object of {@code yaml} typed, as the Java client writes it (with the fields the
   * model derives, which the CRD keeps).
   */
  public <T extends HasMetadata> T create(Class<T> type, String yaml) {
    return client().resource(Serialization.unmarshal(yaml, type)).create();
  }

  /**
   * {@code default/name} of {@code type} once {@code p} holds (up to 90 s, as slow as OCI gets).
   */
  public <T extends HasMetadata> T await(Class<T> type, String name, Predicate<T> p) {
    return client()
        .resources(type)
        .inNamespace("default")
        .withName(name)
        .waitUntilCondition(o -> o != null && p.test(o), 90, TimeUnit.SECONDS);
  }

  /**
   * Source {@code default/name} once its Ready condition has an outcome, True or False (a progress
   * report, Ready=Unknown, comes first).
   */
  public <T extends CustomResource<?, ? extends SourceStatus>> T awaitSettled(
      Class<T> type, String name) {
    return await(
        type, name, o -> sourceReady(o).filter(c -> !c.status().equals("Unknown")).isPresent());
  }

  /** The Ready condition of a source, if it has one yet. */
  public static Optional<Condition> sourceReady(CustomResource<?, ? extends SourceStatus> source) {
    return sourceCondition(source, "Ready");
  }

  /** Condition {@code type} of a source, if it has one yet (none when there is no source). */
  public static Optional<Condition> sourceCondition(
      CustomResource<?, ? extends SourceStatus> source, String type) {
    return source == null || source.getStatus() == null
        ? Optional.empty()
        : Conditions.find(source.getStatus().conditions(), type);
  }

  /**
   * A Git repository with {@code files} in one commit on main, created as GitRepository {@code
   * default/repo} (the source the ITs' Kustomizations name) polled every {@code interval}; returns
   * the commit's id.
   */
  public String gitSource(Map<String, String> files, String interval) {
    GitFixture repo = git("repo").write(files);
    String commit = repo.commit("manifests");
    client().resource(GitSources.onMain("default", "repo", repo.fileUrl(), interval)).create();
    return commit;
  }
}
