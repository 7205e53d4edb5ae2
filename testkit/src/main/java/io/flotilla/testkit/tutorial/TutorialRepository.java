package io.flotilla.testkit.tutorial;

import io.flotilla.testkit.helm.ChartRepoServer;
import io.flotilla.testkit.helm.TestCharts;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repository Azure's GitOps tutorial deploys ({@code Azure/gitops-flux2-kustomize-helm-mt}),
 * file for file in its structure: {@code infrastructure/} with three HelmRepositories in the {@code
 * cluster-config} namespace, the nginx and redis HelmReleases (redis values from a {@code
 * configMapGenerator} whose name reaches {@code spec.valuesFrom} through a {@code nameReference}
 * kustomizeconfig), and {@code apps/base/podinfo} patched by {@code apps/staging} with {@code
 * patchesStrategicMerge}; the semver ranges are the tutorial's ({@code 4.10.1}, {@code 17.x},
 * {@code >=1.0.0-alpha}). The texts are ours; the HelmRepository URLs point at local chart
 * repositories serving {@link TestCharts}. The Flux API versions are the ones Flux 2.9 serves.
 */
public final class TutorialRepository {
  /** The tutorial's three Helm repositories, each a local server with its charts. */
  public record ChartRepositories(
      ChartRepoServer bitnami, ChartRepoServer ingressNginx, ChartRepoServer podinfo)
      implements AutoCloseable {
    /** Starts the three, publishing every version of redis, ingress-nginx and podinfo. */
    public static ChartRepositories start(Path workDir) {
      List<Path> all = TestCharts.packageAll(workDir);
      ChartRepositories repos =
          new ChartRepositories(
              serve(all, "redis-"), serve(all, "ingress-nginx-"), serve(all, "podinfo-"));
      return repos;
    }

    private static ChartRepoServer serve(List<Path> archives, String prefix) {
      ChartRepoServer repo = ChartRepoServer.start(ChartRepoServer.Options.defaults());
      archives.stream()
          .filter(a -> a.getFileName().toString().startsWith(prefix))
          .forEach(repo::publish);
      return repo;
    }

    @Override
    public void close() {
      bitnami.close();
      ingressNginx.close();
      podinfo.close();
    }
  }

  /** The kustomization paths of the tutorial's {@code flux create}. */
  public static final String INFRA_PATH = "./infrastructure";

  public static final String APPS_PATH = "./apps/staging";

  /** The podinfo HelmRelease's staging patch, as a commit in a test may rewrite it. */
  public static final String STAGING_PATCH = "apps/staging/podinfo-values.yaml";

  private TutorialRepository() {}

  /** Every file of the repository, path to text, with the HelmRepository URLs of {@code repos}. */
  public static Map<String, String> files(ChartRepositories repos) {
    return files(repos.bitnami().url(), repos.ingressNginx().url(), repos.podinfo().url());
  }

  /** Every file of the repository, path to text. */
  public static Map<String, String> files(String bitnami, String ingressNginx, String podinfo) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("infrastructure/kustomization.yaml", kustomization("sources", "nginx", "redis"));
    f.put(
        "infrastructure/sources/kustomization.yaml",
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: cluster-config
        resources:
          - bitnami.yaml
          - ingress-nginx.yaml
          - podinfo.yaml
        """);
    f.put("infrastructure/sources/bitnami.yaml", helmRepository("bitnami", "30m", bitnami));
    f.put(
        "infrastructure/sources/ingress-nginx.yaml",
        helmRepository("ingress-nginx", "30m", ingressNginx));
    f.put("infrastructure/sources/podinfo.yaml", helmRepository("podinfo", "10m", podinfo));
    f.put(
        "infrastructure/nginx/kustomization.yaml", kustomization("release.yaml", "namespace.yaml"));
    release(
        f,
        "infrastructure/nginx",
        "nginx",
        new Chart("ingress-nginx", "ingress-nginx", "ingress-nginx", "4.10.1", "1h0m0s"),
        """
              # the chart's defaults are in its values.yaml
              values:
                controller:
                  service:
                    type: NodePort
                  ingressClassResource:
                    name: nginx
            """);
    f.put(
        "infrastructure/redis/kustomization.yaml",
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - release.yaml
          - namespace.yaml
        configMapGenerator:
          - name: redis-values
            namespace: cluster-config
            files:
              - values.yaml=values.yaml
        configurations:
          - kustomizeconfig.yaml
        """);
    f.put(
        "infrastructure/redis/kustomizeconfig.yaml",
        """
        nameReference:
          - kind: ConfigMap
            version: v1
            fieldSpecs:
              - path: spec/valuesFrom/name
                kind: HelmRelease
        """);
    release(
        f,
        "infrastructure/redis",
        "redis",
        new Chart("redis", "redis", "bitnami", "17.x", "1h0m0s"),
        """
              valuesFrom:
                - kind: ConfigMap
                  name: redis-values
            """);
    f.put(
        "infrastructure/redis/values.yaml",
        """
        # the chart's defaults are in its values.yaml
        architecture: standalone
        auth:
          enabled: false
        master:
          persistence:
            enabled: false
        """);
    f.put("apps/base/podinfo/kustomization.yaml", kustomization("namespace.yaml", "release.yaml"));
    release(
        f,
        "apps/base/podinfo",
        "podinfo",
        new Chart("podinfo", "podinfo", "podinfo", null, "5m"),
        """
              # the chart's defaults are in its values.yaml
              values:
                cache: redis-master.redis:6379
                ingress:
                  enabled: true
                  annotations:
                    kubernetes.io/ingress.class: nginx
            """);
    f.put(
        "apps/staging/kustomization.yaml",
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - ../base/podinfo
        patchesStrategicMerge:
          - podinfo-values.yaml
        """);
    f.put(STAGING_PATCH, stagingPatch(">=1.0.0-alpha", ""));
    return f;
  }

  /**
   * The staging patch of the podinfo HelmRelease: its chart version range, and extra values (YAML
   * lines under {@code values:}, indented by four spaces) after the ingress host.
   */
  public static String stagingPatch(String versionRange, String extraValues) {
    return """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: podinfo
          namespace: cluster-config
        spec:
          chart:
            spec:
              version: "%s"
          test:
            enable: false
          values:
            ingress:
              hosts:
                - host: podinfo.staging
                  paths:
                    - path: /
                      pathType: ImplementationSpecific
        %s"""
        .formatted(versionRange, extraValues);
  }

  /**
   * A release of the tutorial: its release name, the chart and the HelmRepository (in {@code
   * cluster-config}) serving it, the version range (null: none) and the interval.
   */
  private record Chart(
      String releaseName, String chart, String repository, String version, String interval) {}

  /**
   * A release folder of the tutorial: {@code dir/namespace.yaml}, the namespace {@code name}, and
   * {@code dir/release.yaml}, the HelmRelease {@code name} in {@code cluster-config} installing
   * into it with three install retries; {@code rest} are the release's further {@code spec} fields.
   */
  private static void release(
      Map<String, String> files, String dir, String name, Chart c, String rest) {
    files.put(dir + "/namespace.yaml", namespace(name));
    files.put(dir + "/release.yaml", helmRelease(name, c, rest));
  }

  private static String helmRelease(String name, Chart c, String rest) {
    String version = c.version() == null ? "" : "      version: \"" + c.version() + "\"\n";
    return """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: %1$s
          namespace: cluster-config
        spec:
          targetNamespace: %1$s
          releaseName: %2$s
          chart:
            spec:
              chart: %3$s
              sourceRef:
                kind: HelmRepository
                name: %4$s
                namespace: cluster-config
        %5$s  interval: %6$s
          install:
            remediation:
              retries: 3
        """
            .formatted(name, c.releaseName(), c.chart(), c.repository(), version, c.interval())
        + rest;
  }

  private static String helmRepository(String name, String interval, String url) {
    return """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata:
          name: %s
        spec:
          interval: %s
          url: %s
        """
        .formatted(name, interval, url);
  }

  /** A kustomization.yaml that lists {@code resources}, in that order. */
  private static String kustomization(String... resources) {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
    for (String r : resources) {
      yaml.append("  - ").append(r).append('\n');
    }
    return yaml.toString();
  }

  private static String namespace(String name) {
    return """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %s
        """
        .formatted(name);
  }
}
