package io.flotilla.controllers.kustomization;

import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.flux.source.OCIRepositoryRef;
import io.flotilla.api.flux.source.OCIRepositorySpec;
import io.flotilla.controllers.ConfigMaps;
import io.flotilla.controllers.KustomizationSpecs;
import io.flotilla.controllers.OciArtifacts;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.controllers.S3rver;
import io.flotilla.source.oci.OciClient;
import io.flotilla.testkit.oci.DockerRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kustomization follows its Bucket's and OCIRepository's new revisions at once, not at its own
 * interval (10m here): a changed bucket object and a newly pushed OCI tag are re-applied.
 */
class SourceRevisionsIT {

  @RegisterExtension
  static final RunningControllers cluster = RunningControllers.withQuickRetries();

  @TempDir static Path tmp;

  private static String version(String name) {
    ConfigMap cm = cluster.client().configMaps().inNamespace("default").withName(name).get();
    return cm == null ? null : cm.getData().get("version");
  }

  @Test
  void aChangedBucketObjectIsReapplied() throws Exception {
    try (S3rver s3 = S3rver.startOrSkip(tmp.resolve("s3rver"))) {
      s3.createBucket("fleet")
          .put("fleet", "cm.yaml", ConfigMaps.yaml("from-bucket", "version", "one"));
      s3.createSource(cluster, "fleet", "fleet", "1s", b -> b.timeout = "10s");
      KustomizationSpecs.of("Bucket", "fleet", "./").create(cluster.client(), "from-bucket");
      await().atMost(CONVERGE).until(() -> "one".equals(version("from-bucket")));
      String first =
          KustomizationSpecs.get(cluster.client(), "from-bucket").getStatus().lastAppliedRevision();

      s3.put("fleet", "cm.yaml", ConfigMaps.yaml("from-bucket", "version", "two"));
      await().atMost(CONVERGE).until(() -> "two".equals(version("from-bucket")));
      KustomizationSpecs.awaitStatus(
          cluster.client(),
          "from-bucket",
          ks ->
              assertThat(ks.lastAppliedRevision())
                  .matches("sha256:[0-9a-f]{64}")
                  .isNotEqualTo(first)
                  .isEqualTo(cluster.get(Bucket.class, "fleet").getStatus().artifact().revision()));
    }
  }

  @Test
  void aNewOciTagIsReapplied() throws Exception {
    try (DockerRegistry registry = OciArtifacts.registryOrSkip(tmp.resolve("registry"))) {
      aNewTagIsReapplied(OciArtifacts.fleetUrl(registry));
    }
  }

  private void aNewTagIsReapplied(String url) throws Exception {
    OciClient oci = OciArtifacts.client(url);
    oci.pushArtifact("v1.0.0", tgz(ConfigMaps.yaml("from-oci", "version", "one")), null, Map.of());
    OCIRepository repo = new OCIRepository();
    repo.setMetadata(new ObjectMetaBuilder().withName("fleet").withNamespace("default").build());
    repo.setSpec(
        new OCIRepositorySpec(
            url,
            new OCIRepositoryRef(null, ">=1.0.0", null, null),
            null,
            null,
            null,
            null,
            null,
            null,
            true,
            "1s",
            "10s",
            null,
            null));
    cluster.client().resource(repo).create();
    KustomizationSpecs.of("OCIRepository", "fleet", "./").create(cluster.client(), "from-oci");
    await().atMost(CONVERGE).until(() -> "one".equals(version("from-oci")));

    oci.pushArtifact("v1.1.0", tgz(ConfigMaps.yaml("from-oci", "version", "two")), null, Map.of());
    await().atMost(CONVERGE).until(() -> "two".equals(version("from-oci")));
    KustomizationSpecs.awaitStatus(
        cluster.client(),
        "from-oci",
        ks -> assertThat(ks.lastAppliedRevision()).startsWith("v1.1.0@sha256:"));
  }

  static byte[] tgz(String content) throws IOException {
    return OciArtifacts.tgz("cm.yaml", content);
  }
}
