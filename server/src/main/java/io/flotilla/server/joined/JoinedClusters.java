package io.flotilla.server.joined;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Clusters joined by kubeconfig (GitopsClusters), as the service shows and serves them. The service
 * holds no Kubernetes client: the {@code gitops} module watches a management cluster and plugs in
 * here ({@link Watch}); {@link JoinedClusterRoutes} answers while none is watched.
 */
public interface JoinedClusters extends AutoCloseable {
  /** The api-version the {@code Flotilla.GitOps} routes serve. */
  String API_VERSION = "2024-06-01";

  /** What one GitopsCluster shows: {@code state} is Ready, NotReady, or Unknown when stale. */
  record Summary(
      GitopsClusterId id,
      String state,
      String reason,
      String message,
      Instant checkedAt,
      boolean bootstrap) {}

  /**
   * The joined clusters whose ARM ids {@code readable} accepts, their names containing {@code q}
   * (any case; null for all), by namespace and name.
   */
  List<Summary> list(Predicate<String> readable, String q);

  /** GET of the collection at the subscription ({@code namespace} null) or a resource group. */
  void answerList(Context ctx, String namespace);

  /** GET of one, path parameters {@code sub}, {@code rg}, {@code name}. */
  void answerOne(Context ctx);

  /** GET of one's {@code /fluxObjects}, read as the asking user. */
  void answerFluxObjects(Context ctx);

  @Override
  void close();

  /** How the service starts watching, with its own clock (probes and staleness use it). */
  @FunctionalInterface
  interface Watch {
    JoinedClusters start(Clock clock);
  }
}
