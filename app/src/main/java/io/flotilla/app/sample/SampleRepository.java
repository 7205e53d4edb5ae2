package io.flotilla.app.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * The sample Git repository `flotilla up` creates once: an {@code infrastructure/} folder (a
 * namespace and its settings) and an {@code apps/staging/} kustomization (a podinfo Deployment and
 * Service), on branch {@code main}. It is a normal working copy: edit, commit, and the cluster
 * follows.
 */
public final class SampleRepository {
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

  private SampleRepository() {}

  /** Opens the sample repository in {@code dir}, creating it with its first commit if absent. */
  public static Repository ensure(Path dir) throws IOException {
    if (Files.isDirectory(dir.resolve(".git"))) {
      return Git.open(dir.toFile()).getRepository();
    }
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      for (var file : FILES.entrySet()) {
        Path path = dir.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue());
      }
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("Flotilla", "flotilla@localhost");
      git.commit()
          .setMessage("Sample: infrastructure and staging apps")
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
