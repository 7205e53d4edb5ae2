package io.flotilla.apply;

import java.time.Clock;
import java.util.Map;

/** A ResourceManager over an in-memory cluster, applying with Kustomization owner labels. */
abstract class FakeClusterTestSupport {
  static final Map<String, String> OWNER =
      Map.of(
          "kustomize.toolkit.fluxcd.io/name", "apps",
          "kustomize.toolkit.fluxcd.io/namespace", "flux-system");

  /** ConfigMap apps/settings, the object the tests change ({@code color: blue} to another). */
  static final String SETTINGS_YAML =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings, namespace: apps}
      data: {color: blue}
      """;

  final FakeCluster cluster = new FakeCluster();
  final ResourceManager manager = new ResourceManager(cluster, Clock.systemUTC(), d -> {});
  final ApplyOptions options = ApplyOptions.defaults().withOwnerLabels(OWNER);

  /** Applies the objects of {@code yaml} in stages, with {@link #options}. */
  ChangeSet apply(String yaml) throws ApplyException {
    return manager.applyAllStaged(Yaml.objects(yaml), options);
  }
}
