package io.flotilla.controllers.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.flotilla.api.flux.image.ImagePolicy;
import io.flotilla.api.flux.image.ImageRepository;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.controllers.OciArtifacts;
import io.flotilla.source.oci.OciClient;
import io.flotilla.testkit.oci.DockerRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * image-reflector-controller against Debian's docker-registry with basic auth: scans with a
 * docker-registry Secret, excludes signatures, selects by semver with the digest reflected, moves
 * on when a new tag is pushed; and each bad input as a clear Ready=False.
 */
class ImageReflectorIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir static Path tmp;
  @AutoClose static DockerRegistry registry;
  @AutoClose static ImageCluster cluster;
  static OciClient push;

  @BeforeAll
  static void start() throws Exception {
    registry = OciArtifacts.registryOrSkip(tmp.resolve("registry"), "robot", "s3cret");
    cluster = new ImageCluster(tmp.resolve("work"), ImageControllers::registerReflector);
    push = OciArtifacts.client("oci://" + registry.host() + "/team/app", "robot", "s3cret");
    for (String tag : new String[] {"1.0.0", "1.1.0", "2.0.0-rc.1", "latest", "sha256-x.sig"}) {
      pushImage(tag);
    }
  }

  static String pushImage(String tag) throws Exception {
    return push.pushArtifact(
        tag, ("layer of " + tag).getBytes(StandardCharsets.UTF_8), null, Map.of());
  }

  static String dockerConfig(String user, String password) {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}";
  }

  void repository(String ns, String name, String image, String secret) {
    cluster.imageRepository(
        ns,
        name,
        image,
        "insecure: true\n" + (secret == null ? "" : "secretRef:\n  name: " + secret + "\n"));
  }

  void secret(String ns, String name, String user, String password) {
    cluster.create(
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: %s
          namespace: %s
        type: kubernetes.io/dockerconfigjson
        stringData:
          .dockerconfigjson: '%s'
        """
            .formatted(name, ns, dockerConfig(user, password)));
  }

  void policy(String ns, String name, String repo, String policy) {
    policy(ns, name, repo, ns, policy);
  }

  void policy(String ns, String name, String repo, String repoNamespace, String policy) {
    cluster.create(
        """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImagePolicy
        metadata:
          name: %s
          namespace: %s
        spec:
          imageRepositoryRef:
            name: %s
            namespace: %s
          digestReflectionPolicy: IfNotPresent
          policy:
        %s"""
            .formatted(name, ns, repo, repoNamespace, policy.indent(4)));
  }

  ImageRepository repo(String ns, String name) {
    return cluster.repository(ns, name);
  }

  ImagePolicy pol(String ns, String name) {
    return cluster.client.resources(ImagePolicy.class).inNamespace(ns).withName(name).get();
  }

  Condition repoReady(String ns, String name) {
    return cluster.repositoryReady(ns, name);
  }

  Condition policyReady(String ns, String name) {
    ImagePolicy p = pol(ns, name);
    return p == null || p.getStatus() == null
        ? null
        : ImageCluster.ready(p.getStatus().conditions());
  }

  @Test
  void scansSelectsAndFollowsANewTag() throws Exception {
    String ns = cluster.newNamespace("scan");
    secret(ns, "regcred", "robot", "s3cret");
    repository(ns, "app", registry.host() + "/team/app", "regcred");
    policy(ns, "app", "app", "semver:\n  range: '>=1.0.0'\n");
    await().atMost(WAIT).until(() -> repoReady(ns, "app") != null && repoReady(ns, "app").isTrue());
    var scan = repo(ns, "app").getStatus();
    assertThat(scan.canonicalImageName()).isEqualTo(registry.host() + "/team/app");
    assertThat(scan.lastScanResult().tagCount()).isEqualTo(4);
    assertThat(scan.lastScanResult().latestTags())
        .containsExactly("latest", "2.0.0-rc.1", "1.1.0", "1.0.0");
    assertThat(repoReady(ns, "app").message()).isEqualTo("successful scan: found 4 tags");
    await()
        .atMost(WAIT)
        .until(() -> policyReady(ns, "app") != null && policyReady(ns, "app").isTrue());
    var latest = pol(ns, "app").getStatus().latestRef();
    assertThat(latest.tag()).isEqualTo("1.1.0");
    assertThat(latest.name()).isEqualTo(registry.host() + "/team/app");
    assertThat(latest.digest()).isEqualTo(push.digest("1.1.0"));
    assertThat(policyReady(ns, "app").message())
        .isEqualTo(
            "Latest image tag for %s/team/app resolved to 1.1.0 with digest %s"
                .formatted(registry.host(), latest.digest()));

    String digest = pushImage("1.2.0");
    cluster.requestReconcile(ImageRepository.class, ns, "app");
    await().atMost(WAIT).until(() -> "1.2.0".equals(pol(ns, "app").getStatus().latestRef().tag()));
    ImagePolicy moved = pol(ns, "app");
    assertThat(moved.getStatus().latestRef().digest()).isEqualTo(digest);
    assertThat(moved.getStatus().observedPreviousRef().tag()).isEqualTo("1.1.0");
    assertThat(policyReady(ns, "app").message())
        .contains("(previously " + registry.host() + "/team/app:1.1.0@");
  }

  @Test
  void filtersTagsWithTheExampleOfFluxsDocumentation() throws Exception {
    OciClient builds =
        OciArtifacts.client("oci://" + registry.host() + "/team/builds", "robot", "s3cret");
    for (String tag :
        new String[] {"main-abc1234-1700000001", "main-def5678-1700000300", "dev-1-1700000999"}) {
      builds.pushArtifact(tag, tag.getBytes(StandardCharsets.UTF_8), null, Map.of());
    }
    String ns = cluster.newNamespace("filter");
    secret(ns, "regcred", "robot", "s3cret");
    repository(ns, "builds", registry.host() + "/team/builds", "regcred");
    cluster.create(
        """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImagePolicy
        metadata:
          name: main
          namespace: %s
        spec:
          imageRepositoryRef:
            name: builds
          filterTags:
            pattern: '^main-[a-fA-F0-9]+-(?P<ts>.*)'
            extract: '$ts'
          policy:
            alphabetical:
              order: asc
        """
            .formatted(ns));
    await()
        .atMost(WAIT)
        .until(() -> policyReady(ns, "main") != null && policyReady(ns, "main").isTrue());
    assertThat(pol(ns, "main").getStatus().latestRef().tag()).isEqualTo("main-def5678-1700000300");
  }

  @Test
  void wrongCredentialsUnreachableRegistryAndAMissingSecretAreReadFailures() {
    String ns = cluster.newNamespace("bad");
    secret(ns, "wrong", "robot", "nope");
    repository(ns, "denied", registry.host() + "/team/app", "wrong");
    repository(ns, "down", "127.0.0.1:1/team/app", null);
    repository(ns, "nosecret", registry.host() + "/team/app", "absent");
    repository(ns, "badname", "https://" + registry.host() + "/team/app", null);
    await()
        .atMost(WAIT)
        .until(
            () ->
                repoReady(ns, "denied") != null
                    && repoReady(ns, "down") != null
                    && repoReady(ns, "nosecret") != null
                    && repoReady(ns, "badname") != null);
    assertThat(repoReady(ns, "denied").reason()).isEqualTo("ReadOperationFailed");
    assertThat(repoReady(ns, "denied").message())
        .startsWith("scan failed: ")
        .contains("invalid credentials")
        .doesNotContain("nope");
    assertThat(repoReady(ns, "down").message()).startsWith("scan failed: cannot reach 127.0.0.1:1");
    assertThat(repoReady(ns, "nosecret").reason()).isEqualTo("AuthenticationFailed");
    assertThat(repoReady(ns, "nosecret").message()).contains("secrets \"absent\" not found");
    assertThat(repoReady(ns, "badname").reason()).isEqualTo("ImageURLInvalid");
    assertThat(repo(ns, "badname").getStatus().conditions())
        .anyMatch(c -> c.type().equals("Stalled") && c.isTrue());
    assertThat(repo(ns, "denied").getStatus().lastScanResult()).isNull();
  }

  @Test
  void aPolicyThatMatchesNothingOrNamesNoRepositorySaysSo() {
    String ns = cluster.newNamespace("nomatch");
    secret(ns, "regcred", "robot", "s3cret");
    repository(ns, "app", registry.host() + "/team/app", "regcred");
    policy(ns, "future", "app", "semver:\n  range: '>=9.0.0'\n");
    policy(ns, "orphan", "gone", "alphabetical: {}\n");
    await()
        .atMost(WAIT)
        .until(
            () ->
                policyReady(ns, "future") != null
                    && policyReady(ns, "future").message().startsWith("no tag of"));
    assertThat(policyReady(ns, "future").isTrue()).isFalse();
    assertThat(policyReady(ns, "future").message())
        .isEqualTo(
            "no tag of '%s/team/app' matches semver range '>=9.0.0' (%d tags scanned)"
                .formatted(
                    registry.host(), repo(ns, "app").getStatus().lastScanResult().tagCount()));
    assertThat(pol(ns, "future").getStatus().latestRef()).isNull();
    await().atMost(WAIT).until(() -> policyReady(ns, "orphan") != null);
    assertThat(policyReady(ns, "orphan").reason()).isEqualTo("DependencyNotReady");
    assertThat(policyReady(ns, "orphan").message()).contains("\"gone\" not found");
  }

  @Test
  void settingsNotActedOnAreRefusedAndAnotherNamespacesRepositoryIsDenied() {
    String ns = cluster.newNamespace("refused");
    cluster.imageRepository(ns, "acr", registry.host() + "/team/app", "provider: gcp");
    await().atMost(WAIT).until(() -> repoReady(ns, "acr") != null);
    assertThat(repoReady(ns, "acr").reason()).isEqualTo("UnsupportedConfiguration");
    assertThat(repoReady(ns, "acr").message())
        .isEqualTo(
            "spec.provider 'gcp' is not supported by Flotilla yet (it would be ignored): use"
                + " spec.secretRef with a kubernetes.io/dockerconfigjson Secret");
    assertThat(repo(ns, "acr").getStatus().lastScanResult()).isNull();

    String other = cluster.newNamespace("tenant");
    cluster.create(
        """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImagePolicy
        metadata:
          name: borrowed
          namespace: %s
        spec:
          imageRepositoryRef:
            name: acr
            namespace: %s
          policy:
            alphabetical: {}
        """
            .formatted(other, ns));
    await().atMost(WAIT).until(() -> policyReady(other, "borrowed") != null);
    assertThat(policyReady(other, "borrowed").reason()).isEqualTo("AccessDenied");
    assertThat(policyReady(other, "borrowed").message())
        .isEqualTo(
            "'%s/acr' can't be accessed due to missing ACL labels on 'accessFrom'".formatted(ns));
  }

  @Test
  void accessFromLetsTheNamespacesItSelectsUseTheRepository() {
    String owner = cluster.newNamespace("owner");
    String teamA = cluster.newNamespace("team-a");
    String teamB = cluster.newNamespace("team-b");
    cluster
        .client
        .namespaces()
        .withName(teamA)
        .edit(
            n -> {
              n.getMetadata().setLabels(Map.of("images", "shared"));
              return n;
            });
    secret(owner, "regcred", "robot", "s3cret");
    cluster.imageRepository(
        owner,
        "shared",
        registry.host() + "/team/app",
        """
        insecure: true
        secretRef:
          name: regcred
        accessFrom:
          namespaceSelectors:
            - matchLabels:
                images: shared
        """);
    policy(teamA, "app", "shared", owner, "semver:\n  range: '>=1.0.0'\n");
    policy(teamB, "app", "shared", owner, "semver:\n  range: '>=1.0.0'\n");
    await()
        .atMost(WAIT)
        .until(() -> policyReady(teamA, "app") != null && policyReady(teamA, "app").isTrue());
    // another test may have pushed a newer tag: any 1.x is the policy's choice
    assertThat(pol(teamA, "app").getStatus().latestRef().tag()).startsWith("1.");
    await().atMost(WAIT).until(() -> policyReady(teamB, "app") != null);
    assertThat(policyReady(teamB, "app").reason()).isEqualTo("AccessDenied");
    assertThat(policyReady(teamB, "app").message())
        .isEqualTo(
            "'%s/shared' can't be accessed due to ACL labels mismatch on namespace '%s'"
                .formatted(owner, teamB));
    assertThat(pol(teamB, "app").getStatus().latestRef()).isNull();

    // the owner narrows accessFrom: the policies that use it are checked again at once
    cluster
        .client
        .resources(ImageRepository.class)
        .inNamespace(owner)
        .withName("shared")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"accessFrom\":{\"namespaceSelectors\":[{\"matchLabels\":{\"images\":\"other\"}}]}}}");
    await().atMost(WAIT).until(() -> "AccessDenied".equals(policyReady(teamA, "app").reason()));
    assertThat(policyReady(teamA, "app").message())
        .isEqualTo(
            "'%s/shared' can't be accessed due to ACL labels mismatch on namespace '%s'"
                .formatted(owner, teamA));
  }
}
