package io.flotilla.controllers.gitrepository;

import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static io.flotilla.controllers.gitrepository.GitRepositories.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.LocalObjectReference;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositoryInclude;
import io.flotilla.api.flux.source.GitRepositoryRef;
import io.flotilla.api.flux.source.GitRepositorySpec;
import io.flotilla.api.flux.source.GitRepositoryVerification;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactFetcher;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.git.GpgKey;
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
 * GitRepository features beyond fetching a ref, reconciled on the embedded API server: signature
 * verification ({@code SourceVerified}), includes of other GitRepositories' artifacts, sparse
 * checkout, and new-artifact events that carry the revision.
 */
class GitRepositoryFeaturesIT {
  @RegisterExtension static final RunningControllers cluster = RunningControllers.with(o -> o);
  static final GitRepositories sources = new GitRepositories(cluster);

  @TempDir static Path tmp;
  @AutoClose static GpgKey key;
  @AutoClose static GpgKey stranger;
  static GitRepoFixture repo;
  static String signed;

  @BeforeAll
  static void start() {
    assumeTrue(GpgKey.available(), "gpg is not installed");
    key = GpgKey.generate(tmp.resolve("gpg"), "Signer <signer@example.com>", "ed25519");
    stranger = GpgKey.generate(tmp.resolve("gpg"), "Stranger <x@example.com>", "ed25519");
    repo = GitRepoFixture.create(tmp, "app");
    key.configure(repo);
    repo.commit("apps/prod/app.yaml", "kind: Deployment\n", "prod");
    signed = repo.commitSigned("infra/ns.yaml", "kind: Namespace\n", "signed infra");
    repo.push("main");
  }

  static GitRepositorySpec spec(
      String url,
      GitRepositoryVerification verify,
      List<GitRepositoryInclude> include,
      List<String> sparse) {
    return GitRepositorySpec.of(url, "10m", GitRepositoryRef.branch("main"))
        .withTimeout("20s")
        .withContent(verify, include, sparse);
  }

  /**
   * The condition as a reconcile ended it with {@code status} (a retry shows Ready=False
   * Progressing while it runs, so the value returned is the one seen, not read again).
   */
  static Condition awaitCondition(String name, String type, String status) {
    return await()
        .atMost(CONVERGE)
        .ignoreExceptions()
        .until(
            () -> sources.condition(name, type).orElse(null),
            c -> c != null && c.status().equals(status) && !"Progressing".equals(c.reason()));
  }

  /**
   * GitRepository {@code name} of the signed repository, verifying HEAD against {@code trusted}'s
   * public key as {@code file} of Secret {@code secret}.
   */
  static void createVerifying(String name, String secret, String file, GpgKey trusted) {
    cluster.secret(NS, secret, Map.of(file, trusted.armoredPublicKey()));
    sources.create(
        name,
        spec(
            repo.fileUrl(),
            new GitRepositoryVerification("HEAD", new LocalObjectReference(secret)),
            null,
            null));
  }

  static Path extract(Artifact artifact) throws SourceException, java.io.IOException {
    Path into = Files.createTempDirectory(tmp, "extract-");
    new ArtifactFetcher(1 << 24, Duration.ofSeconds(10))
        .fetchAndExtract(artifact.url(), artifact.digest(), into);
    return into;
  }

  @Test
  void aSignedHeadIsVerifiedAndTheNewArtifactEventCarriesTheRevision() {
    createVerifying("verified", "pgp-keys", "signer.asc", key);
    awaitCondition("verified", "Ready", "True");
    Condition verified = sources.condition("verified", "SourceVerified").orElseThrow();
    assertThat(verified.status()).isEqualTo("True");
    assertThat(verified.reason()).isEqualTo("Succeeded");
    assertThat(verified.message())
        .isEqualTo(
            "verified signature of\n\t- commit '%s' with key '%s'".formatted(signed, key.keyId()));
    assertThat(sources.get("verified").getStatus().sourceVerificationMode()).isEqualTo("HEAD");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(sources.events("verified"))
                    .filteredOn(e -> "NewArtifact".equals(e.getReason()))
                    .singleElement()
                    .satisfies(
                        e ->
                            assertThat(e.getMetadata().getAnnotations())
                                .containsEntry(
                                    "source.toolkit.fluxcd.io/revision", "main@sha1:" + signed)
                                .containsKey("source.toolkit.fluxcd.io/digest")));
  }

  @Test
  void aSignatureByAnUnknownKeyLeavesTheObjectNotReadyWithoutAnArtifact() {
    createVerifying("unverified", "other-keys", "stranger.asc", stranger);
    Condition ready = awaitCondition("unverified", "Ready", "False");
    assertThat(ready.reason()).isEqualTo("InvalidCommitSignature");
    assertThat(ready.message())
        .isEqualTo(
            "signature verification of commit '%s' failed: unable to verify Git commit: unable to verify payload with any of the given key rings"
                .formatted(signed));
    assertThat(sources.condition("unverified", "SourceVerified").orElseThrow().status())
        .isEqualTo("False");
    assertThat(sources.get("unverified").getStatus().artifact()).isNull();
  }

  @Test
  void includesAndSparseCheckoutShapeTheArtifact() throws Exception {
    GitRepoFixture lib = GitRepoFixture.create(tmp, "lib");
    lib.commit("manifests/base/cm.yaml", "kind: ConfigMap\n", "lib v1");
    lib.push("main");
    sources.create("lib", spec(lib.fileUrl(), null, null, null));
    sources.create(
        "composite",
        spec(
            repo.fileUrl(),
            null,
            List.of(
                new GitRepositoryInclude(
                    new LocalObjectReference("lib"), "manifests/base", "vendor/base")),
            List.of("apps")));
    awaitCondition("composite", "Ready", "True");
    GitRepository composite = sources.get("composite");
    Artifact libArtifact = sources.get("lib").getStatus().artifact();
    assertThat(composite.getStatus().includedArtifacts())
        .singleElement()
        .satisfies(a -> assertThat(a.revision()).isEqualTo(libArtifact.revision()));
    assertThat(composite.getStatus().observedSparseCheckout()).containsExactly("apps");
    Path tree = extract(composite.getStatus().artifact());
    assertThat(tree.resolve("apps/prod/app.yaml")).exists();
    assertThat(tree.resolve("infra")).doesNotExist();
    assertThat(tree.resolve("vendor/base/cm.yaml")).hasContent("kind: ConfigMap\n");

    // the included repository moves: the composite artifact is rebuilt with it
    String v2 = lib.commit("manifests/base/cm.yaml", "kind: ConfigMap # v2\n", "lib v2");
    lib.push("main");
    sources.requestReconcile("lib", "1");
    await()
        .atMost(CONVERGE)
        .until(
            () -> sources.get("lib").getStatus().artifact().revision().equals("main@sha1:" + v2));
    sources.requestReconcile("composite", "1");
    await()
        .atMost(CONVERGE)
        .ignoreExceptions()
        .until(
            () ->
                sources
                    .get("composite")
                    .getStatus()
                    .includedArtifacts()
                    .get(0)
                    .revision()
                    .equals("main@sha1:" + v2));
    String digest = composite.getStatus().artifact().digest();
    GitRepository after = sources.get("composite");
    assertThat(after.getStatus().artifact().digest()).isNotEqualTo(digest);
    assertThat(extract(after.getStatus().artifact()).resolve("vendor/base/cm.yaml"))
        .hasContent("kind: ConfigMap # v2\n");
  }

  @Test
  void aMissingIncludeIsUnavailable() {
    sources.create(
        "lonely",
        spec(
            repo.fileUrl(),
            null,
            List.of(new GitRepositoryInclude(new LocalObjectReference("ghost"), null, null)),
            null));
    // retries mark Ready=Unknown while they run, so look at one snapshot with both
    await()
        .atMost(CONVERGE)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              GitRepository g = sources.get("lonely");
              assertThat(g.getStatus().conditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.type()).isEqualTo("IncludeUnavailable");
                        assertThat(c.status()).isEqualTo("True");
                        assertThat(c.reason()).isEqualTo("NotFound");
                        assertThat(c.message())
                            .startsWith("could not get resource for include 'ghost'");
                      })
                  .anySatisfy(
                      c -> {
                        assertThat(c.type()).isEqualTo("Ready");
                        assertThat(c.status()).isEqualTo("False");
                        assertThat(c.reason()).isEqualTo("NotFound");
                      });
            });
  }
}
