package io.flotilla.controllers.image;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.image.ImageRepository;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.controllers.Crds;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.testkit.ReconcileRequest;
import io.flotilla.testkit.TestKube;
import io.flotilla.testkit.TestObjects;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/** The embedded API with the image controllers on their own operator, for the image ITs. */
final class ImageCluster implements AutoCloseable {
  final TestKube kube;
  final KubernetesClient client;
  final Operator operator;

  ImageCluster(Path work, BiConsumer<ImageControllers, Operator> register) {
    this(work, Map.of(), register);
  }

  /**
   * @param env the controllers' environment (their own Azure identity)
   */
  ImageCluster(
      Path work, Map<String, String> env, BiConsumer<ImageControllers, Operator> register) {
    kube = TestKube.start();
    client = kube.client();
    Crds.install(client);
    ImageControllers images =
        new ImageControllers(client, work, Clock.systemUTC(), null, null, env);
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .checkingCRDAndValidateLocalModel(false));
    register.accept(images, operator);
    operator.start();
  }

  /** A namespace {@code <prefix><n>} of its own. */
  String newNamespace(String prefix) {
    return TestObjects.newNamespace(client, prefix);
  }

  /**
   * Creates {@code ImageRepository <ns>/<name>} scanning {@code image} every hour; {@code spec} is
   * more of the spec, as YAML at the spec's indentation (may be empty).
   */
  void imageRepository(String ns, String name, String image, String spec) {
    create(
        """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImageRepository
        metadata:
          name: %s
          namespace: %s
        spec:
          image: %s
          interval: 1h
        %s"""
            .formatted(name, ns, image, spec.indent(2)));
  }

  void create(String yaml) {
    TestObjects.create(client, yaml);
  }

  /** Asks for a reconcile now, as {@code flux reconcile} does. */
  <T extends io.fabric8.kubernetes.api.model.HasMetadata> void requestReconcile(
      Class<T> type, String ns, String name) {
    client
        .resources(type)
        .inNamespace(ns)
        .withName(name)
        .patch(ReconcileRequest.MERGE, ReconcileRequest.patch(Long.toString(System.nanoTime())));
  }

  ImageRepository repository(String ns, String name) {
    return client.resources(ImageRepository.class).inNamespace(ns).withName(name).get();
  }

  /** The ImageRepository's Ready condition, null until it has one. */
  Condition repositoryReady(String ns, String name) {
    ImageRepository r = repository(ns, name);
    return r == null || r.getStatus() == null ? null : ready(r.getStatus().conditions());
  }

  /** Waits up to {@code within} for the ImageRepository's Ready condition; returns it. */
  Condition awaitRepositoryReady(String ns, String name, Duration within) {
    return await().atMost(within).until(() -> repositoryReady(ns, name), Objects::nonNull);
  }

  static Condition ready(List<Condition> conditions) {
    return Conditions.find(conditions, ConditionTypes.READY).orElse(null);
  }

  @Override
  public void close() {
    operator.stop();
    kube.close();
  }
}
