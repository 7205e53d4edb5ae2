package io.flotilla.app.sample;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.gitenv.GitEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * The sample Git repository `flotilla up` creates once: an {@code infrastructure/} folder (a
 * namespace and its settings, and, where the cluster serves the Helm kinds, a HelmRepository for
 * the charts `up` serves itself and a HelmRelease of its {@code hello} chart) and an {@code
 * apps/staging/} kustomization (a podinfo Deployment and Service), on branch {@code main}. It is a
 * normal working copy: edit, commit, and the cluster follows.
 */
public final class SampleRepository {
  static {
    GitEnvironment.isolate();
  }

  static final Map<String, String> FILES =
      Map.of(
          "infrastructure/namespace.yaml",
          """
          apiVersion: v1
          kind: Namespace
          metadata:
            name: podinfo
          """,
          "infrastructure/cluster-settings.yaml",
          """
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: cluster-settings
            namespace: podinfo
          data:
            environment: staging
          """,
          "apps/staging/kustomization.yaml",
          """
          apiVersion: kustomize.config.k8s.io/v1beta1
          kind: Kustomization
          namespace: podinfo
          resources:
            - deployment.yaml
            - service.yaml
          """,
          "apps/staging/deployment.yaml",
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: podinfo
            labels:
              app: podinfo
          spec:
            replicas: 1
            selector:
              matchLabels:
                app: podinfo
            template:
              metadata:
                labels:
                  app: podinfo
              spec:
                containers:
                  - name: podinfo
                    image: ghcr.io/stefanprodan/podinfo:6.7.1
                    ports:
                      - name: http
                        containerPort: 9898
          """,
          "apps/staging/service.yaml",
          """
          apiVersion: v1
          kind: Service
          metadata:
            name: podinfo
          spec:
            selector:
              app: podinfo
            ports:
              - name: http
                port: 9898
                targetPort: http
          """);

  /** The CRDs the Helm part of the sample needs: without them it would stop infra at apply. */
  static final List<String> HELM_CRDS =
      List.of(
          "helmrepositories.source.toolkit.fluxcd.io",
          "helmcharts.source.toolkit.fluxcd.io",
          "helmreleases.helm.toolkit.fluxcd.io");

  /** The Helm part: a HelmRepository of `up`'s own charts and a release of its hello chart. */
  static Map<String, String> helmFiles(String chartsUrl) {
    return Map.of(
        "infrastructure/sample-charts.yaml",
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata:
          name: flotilla-samples
          namespace: cluster-config
        spec:
          interval: 10m
          url: %s
        """
            .formatted(chartsUrl),
        "infrastructure/hello.yaml",
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: hello
        ---
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: hello
          namespace: cluster-config
        spec:
          targetNamespace: hello
          releaseName: hello
          chart:
            spec:
              chart: hello
              version: "1.x"
              sourceRef:
                kind: HelmRepository
                name: flotilla-samples
                namespace: cluster-config
          interval: 5m
          install:
            remediation:
              retries: 3
          values:
            message: Hello from a HelmRelease, installed by Flotilla
        """);
  }

  private SampleRepository() {}

  /** Whether the cluster serves the kinds of the sample's Helm part. */
  public static boolean helmAvailable(KubernetesClient client) {
    return HELM_CRDS.stream()
        .allMatch(
            crd ->
                client.apiextensions().v1().customResourceDefinitions().withName(crd).get()
                    != null);
  }

  /** Opens the sample repository in {@code dir}, creating it with its first commit if absent. */
  public static Repository ensure(Path dir) throws IOException {
    return ensure(dir, null);
  }

  /**
   * As {@link #ensure(Path)}; a new repository gets the Helm part, pointed at {@code chartsUrl},
   * unless that is null.
   */
  public static Repository ensure(Path dir, String chartsUrl) throws IOException {
    if (Files.isDirectory(dir.resolve(".git"))) {
      return Git.open(dir.toFile()).getRepository();
    }
    Map<String, String> files = new TreeMap<>(FILES);
    if (chartsUrl != null) files.putAll(helmFiles(chartsUrl));
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      for (var file : files.entrySet()) {
        Path path = dir.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue());
      }
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("Flotilla", "flotilla@localhost");
      git.commit()
          .setMessage(
              chartsUrl == null
                  ? "Sample: infrastructure and staging apps"
                  : "Sample: infrastructure (with a Helm release) and staging apps")
          .setAuthor(who)
          .setCommitter(who)
          .call();
      return Git.open(dir.toFile()).getRepository();
    } catch (GitAPIException e) {
      throw new IOException(
          "cannot create the sample repository in " + dir + ": " + e.getMessage(), e);
    }
  }
}
