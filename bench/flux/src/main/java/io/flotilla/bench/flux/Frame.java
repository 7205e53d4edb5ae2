package io.flotilla.bench.flux;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.FluxResource;
import io.flotilla.api.flux.FluxStatus;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * What every run of Flux's benchmark stands in, everything in this JVM: a temporary directory, the
 * embedded API with RBAC on (the controllers use a {@code system:masters} token, as `flotilla up`
 * does), a client for the bench and one for the controllers. The scenario serves its source from
 * {@link #tmp} and hands it to {@link #measure}.
 */
record Frame(
    Path tmp,
    ApiServer kube,
    KubernetesClient bench,
    KubernetesClient controllerClient,
    Scenario.Settings settings) {

  /** A scenario inside the frame: serves its source, then returns what {@link #measure} found. */
  interface Body {
    Scenario.Result run(Frame frame) throws Exception;
  }

  /** Runs {@code body} in a new frame, closed and deleted afterwards. */
  static Scenario.Result run(String tmpPrefix, Scenario.Settings settings, Body body)
      throws Exception {
    Path tmp = Files.createTempDirectory(tmpPrefix);
    String token = UUID.randomUUID().toString();
    try (ApiServer kube = ApiServer.start(token, settings.kubeletDelay());
        KubernetesClient bench = Bench.client(kube.url(), token, RequestCounter.BENCH_AGENT);
        KubernetesClient controllerClient = Bench.client(kube.url(), token, null)) {
      return body.run(new Frame(tmp, kube, bench, controllerClient, settings));
    } finally {
      Bench.deleteQuietly(tmp);
    }
  }

  /**
   * The CRDs and namespace, the controllers, {@code source} created and given its artifact, then
   * the two passes over {@code n} objects of {@code target}.
   */
  <T extends FluxResource<?, ? extends FluxStatus>> Scenario.Result measure(
      HasMetadata source, int n, Passes.Target<T> target) throws Exception {
    Bench.prepare(bench);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ControllerOptions options = Bench.controllerOptions(tmp.resolve("data"), meters, settings);
    try (Controllers controllers = Controllers.start(controllerClient, options)) {
      Bench.createSource(bench, source, settings.timeout());
      return Passes.measure(bench, n, target, settings, kube, meters);
    }
  }
}
