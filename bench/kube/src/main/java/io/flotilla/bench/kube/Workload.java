package io.flotilla.bench.kube;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;

/**
 * The objects the benchmark applies, shaped like what kustomize-controller applies: Flux owner
 * labels, a handful of data keys, a one-container Deployment with ports, env, resources and a
 * probe. {@code revision} is the value a "changed" re-apply alters.
 */
enum Workload {
  CONFIGMAP("ConfigMap", "/api/v1/namespaces/%s/configmaps/%s"),
  DEPLOYMENT("Deployment", "/apis/apps/v1/namespaces/%s/deployments/%s");

  static final String NAMESPACE = "bench";
  private static final Map<String, String> LABELS =
      Map.of(
          "app.kubernetes.io/name", "bench",
          "app.kubernetes.io/part-of", "flotilla",
          "kustomize.toolkit.fluxcd.io/name", "apps",
          "kustomize.toolkit.fluxcd.io/namespace", "flux-system");
  private static final String LABELS_JSON =
      """
      {"app.kubernetes.io/name":"bench","app.kubernetes.io/part-of":"flotilla",\
      "kustomize.toolkit.fluxcd.io/name":"apps","kustomize.toolkit.fluxcd.io/namespace":"flux-system"}\
      """;

  final String kind;
  private final String pathFormat;

  Workload(String kind, String pathFormat) {
    this.kind = kind;
    this.pathFormat = pathFormat;
  }

  static String name(int i) {
    return String.format("obj-%05d", i);
  }

  String path(String name) {
    return pathFormat.formatted(NAMESPACE, name);
  }

  /** The apply body as raw JSON (JSON is YAML, so it goes as application/apply-patch+yaml). */
  String json(int i, String revision) {
    String name = name(i);
    return switch (this) {
      case CONFIGMAP ->
          """
          {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s","namespace":"%s",\
          "labels":%s},"data":{"LOG_LEVEL":"info","FEATURE_X":"true",\
          "ENDPOINT":"http://service.bench.svc.cluster.local:8080/api","TIMEOUT":"30s",\
          "REVISION":"%s"}}\
          """
              .formatted(name, NAMESPACE, LABELS_JSON, revision);
      case DEPLOYMENT ->
          """
          {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s","namespace":"%s",\
          "labels":%s},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"%s"}},\
          "template":{"metadata":{"labels":{"app":"%s"}},"spec":{"containers":[{"name":"app",\
          "image":"ghcr.io/example/app:%s","ports":[{"name":"http","containerPort":8080,\
          "protocol":"TCP"}],"env":[{"name":"LOG_LEVEL","value":"info"},\
          {"name":"REVISION","value":"%s"}],"resources":{"requests":{"cpu":"100m",\
          "memory":"64Mi"},"limits":{"memory":"128Mi"}},"readinessProbe":{"httpGet":\
          {"path":"/healthz","port":"http"}}}]}}}}\
          """
              .formatted(name, NAMESPACE, LABELS_JSON, name, name, revision, revision);
    };
  }

  /** The same object as a fabric8 model, built afresh as a client application would. */
  HasMetadata model(int i, String revision) {
    String name = name(i);
    return switch (this) {
      case CONFIGMAP ->
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(NAMESPACE)
              .withLabels(LABELS)
              .endMetadata()
              .addToData("LOG_LEVEL", "info")
              .addToData("FEATURE_X", "true")
              .addToData("ENDPOINT", "http://service.bench.svc.cluster.local:8080/api")
              .addToData("TIMEOUT", "30s")
              .addToData("REVISION", revision)
              .build();
      case DEPLOYMENT ->
          new DeploymentBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(NAMESPACE)
              .withLabels(LABELS)
              .endMetadata()
              .withNewSpec()
              .withReplicas(2)
              .withNewSelector()
              .addToMatchLabels("app", name)
              .endSelector()
              .withNewTemplate()
              .withNewMetadata()
              .addToLabels("app", name)
              .endMetadata()
              .withNewSpec()
              .addNewContainer()
              .withName("app")
              .withImage("ghcr.io/example/app:" + revision)
              .addNewPort()
              .withName("http")
              .withContainerPort(8080)
              .withProtocol("TCP")
              .endPort()
              .addNewEnv()
              .withName("LOG_LEVEL")
              .withValue("info")
              .endEnv()
              .addNewEnv()
              .withName("REVISION")
              .withValue(revision)
              .endEnv()
              .withNewResources()
              .addToRequests("cpu", new Quantity("100m"))
              .addToRequests("memory", new Quantity("64Mi"))
              .addToLimits("memory", new Quantity("128Mi"))
              .endResources()
              .withNewReadinessProbe()
              .withNewHttpGet()
              .withPath("/healthz")
              .withPort(new IntOrString("http"))
              .endHttpGet()
              .endReadinessProbe()
              .endContainer()
              .endSpec()
              .endTemplate()
              .endSpec()
              .build();
    };
  }
}
