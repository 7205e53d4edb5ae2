package io.flotilla.controllers.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.image.ImageRepository;
import io.flotilla.api.flux.image.ImageUpdateAutomation;
import io.flotilla.controllers.ExtensionSettingsWriter;
import io.flotilla.controllers.OciArtifacts;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.source.oci.OciClient;
import io.flotilla.testkit.ReconcileRequest;
import io.flotilla.testkit.git.GitDaemon;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.oci.DockerRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on the engine as {@code up} runs it: the flux extension's settings start the image
 * controllers; a new tag pushed to docker-registry is selected by the policy, committed to the Git
 * repository by the automation, fetched by the GitRepository and applied by the Kustomization, so
 * the Deployment in the cluster runs the new tag. Turning the setting off stops the automation.
 */
class ImageUpdateLoopIT {
  static final Duration WAIT = Duration.ofSeconds(120);
  static final String NS = "flux-system";
  @RegisterExtension static final RunningControllers cluster = RunningControllers.with(o -> o);

  @TempDir static Path tmp;
  static KubernetesClient client;
  @AutoClose static DockerRegistry registry;
  @AutoClose static GitDaemon daemon;
  static GitRepoFixture repo;
  static OciClient push;

  @BeforeAll
  static void start() throws Exception {
    registry = OciArtifacts.registryOrSkip(tmp.resolve("registry"));
    push = OciArtifacts.client("oci://" + registry.host() + "/team/podinfo");
    pushTag("1.0.0");
    Files.createDirectories(tmp.resolve("git/repos"));
    daemon = GitDaemon.start(tmp.resolve("git/repos"), true);
    repo = GitRepoFixture.create(tmp.resolve("git"), "fleet");
    repo.commit(
        "apps/podinfo.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: podinfo
          namespace: default
        spec:
          selector:
            matchLabels: {app: podinfo}
          template:
            metadata:
              labels: {app: podinfo}
            spec:
              containers:
              - name: podinfo
                image: %s/team/podinfo:1.0.0 # {"$imagepolicy": "flux-system:podinfo"}
        """
            .formatted(registry.host()),
        "podinfo");
    repo.push("main");
    client = cluster.client();
    cluster.namespace(NS);
  }

  static void pushTag(String tag) throws Exception {
    push.pushArtifact(tag, ("image " + tag).getBytes(StandardCharsets.UTF_8), null, Map.of());
  }

  static String image() {
    Deployment d = client.apps().deployments().inNamespace("default").withName("podinfo").get();
    return d == null ? null : d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  @Test
  void aNewTagInTheRegistryReachesTheDeploymentThroughGit() throws Exception {
    String on =
        ExtensionSettingsWriter.settleApplied(
            client,
            Map.of(
                "image-reflector-controller.enabled", "true",
                "image-automation-controller.enabled", "true"),
            WAIT);
    assertThat(on)
        .contains("image-reflector-controller: running")
        .contains("image-automation-controller: running");
    for (String yaml :
        List.of(
            """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata: {name: fleet, namespace: flux-system}
            spec:
              url: %s
              interval: 2s
              ref: {branch: main}
            """
                .formatted(daemon.url("fleet")),
            """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, namespace: flux-system}
            spec:
              interval: 1h
              path: ./apps
              prune: true
              sourceRef: {kind: GitRepository, name: fleet}
            """,
            """
            apiVersion: image.toolkit.fluxcd.io/v1
            kind: ImageRepository
            metadata: {name: podinfo, namespace: flux-system}
            spec:
              image: %s/team/podinfo
              interval: 1h
              insecure: true
            """
                .formatted(registry.host()),
            """
            apiVersion: image.toolkit.fluxcd.io/v1
            kind: ImagePolicy
            metadata: {name: podinfo, namespace: flux-system}
            spec:
              imageRepositoryRef: {name: podinfo}
              policy:
                semver: {range: '>=1.0.0'}
            """,
            """
            apiVersion: image.toolkit.fluxcd.io/v1
            kind: ImageUpdateAutomation
            metadata: {name: fleet, namespace: flux-system}
            spec:
              interval: 1h
              sourceRef: {kind: GitRepository, name: fleet}
              git:
                commit:
                  author: {name: fluxcdbot, email: fluxcdbot@example.com}
                push: {branch: main}
              update: {path: ./apps, strategy: Setters}
            """)) {
      cluster.create(yaml);
    }
    await().atMost(WAIT).until(() -> (registry.host() + "/team/podinfo:1.0.0").equals(image()));

    pushTag("1.1.0");
    client
        .resources(ImageRepository.class)
        .inNamespace(NS)
        .withName("podinfo")
        .patch(ReconcileRequest.MERGE, ReconcileRequest.patch("new-tag"));
    await().atMost(WAIT).until(() -> (registry.host() + "/team/podinfo:1.1.0").equals(image()));
    String commit =
        client
            .resources(ImageUpdateAutomation.class)
            .inNamespace(NS)
            .withName("fleet")
            .get()
            .getStatus()
            .lastPushCommit();
    assertThat(GitRepoFixture.git(repo.bare(), "rev-parse", "main").trim()).isEqualTo(commit);
    assertThat(GitRepoFixture.git(repo.bare(), "show", "-s", "--format=%B", "main"))
        .startsWith("Update from image update automation");

    String off =
        ExtensionSettingsWriter.settleApplied(
            client, Map.of("image-automation-controller.enabled", "false"), WAIT);
    assertThat(off)
        .contains("image-automation-controller: disabled")
        .contains("image-reflector-controller: disabled");
    assertThat(ExtensionSettingsWriter.settings(client)).isNotNull();
  }
}
