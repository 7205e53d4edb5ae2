package io.flotilla.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flotilla.api.arm.AzureBlobDefinition;
import io.flotilla.api.arm.BucketDefinition;
import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition;
import io.flotilla.api.flux.meta.LocalObjectReference;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.api.fluxconfig.FluxConfigSpec;
import io.flotilla.testkit.git.Processes;
import io.flotilla.testkit.oci.DockerRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FluxConfig per non-Git source kind, as the agent writes it, becomes Compliant on the embedded
 * API: Bucket (s3rver), AzureBlob (Azurite) and OCIRepository (docker-registry), each applying a
 * ConfigMap through its Kustomization.
 */
class SourceKindsIT {
  private static final String AZURITE_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  @RegisterExtension
  static final RunningControllers cluster =
      RunningControllers.with(o -> o.withRequeueDependency(Duration.ofSeconds(2)));

  @TempDir static Path tmp;
  static final List<Process> servers = new ArrayList<>();

  @AfterAll
  static void stop() {
    servers.forEach(Processes::stop);
  }

  static Map<String, KustomizationDefinition> kustomization() {
    return Map.of(
        "apps",
        FluxConfigs.kustomization("apps", "./", 60L, 5L).with(k -> k.waitForHealth = false));
  }

  static FluxConfig config(String name, String kind, Object source, String protectedSecret) {
    FluxConfig c = new FluxConfig();
    c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
    c.setSpec(
        FluxConfigSpec.of("/subscriptions/s/x/" + name, 1L, "cluster", kustomization())
            .with(
                s -> {
                  s.sourceKind = kind;
                  s.bucket = source instanceof BucketDefinition b ? b : null;
                  s.azureBlob = source instanceof AzureBlobDefinition a ? a : null;
                  s.ociRepository = source instanceof OciRepositoryDefinition o ? o : null;
                  s.protectedSettingsRef =
                      protectedSecret == null ? null : new LocalObjectReference(protectedSecret);
                }));
    return c;
  }

  static void awaitCompliant(String name, String sourceKind, String cm) {
    FluxConfigs.awaitStatus(
        cluster,
        name,
        c -> {
          FluxConfigs.assertCompliant(c);
          assertThat(c.getStatus().statuses())
              .extracting(s -> s.kind() + "/" + s.name())
              .contains(sourceKind + "/" + name, "Kustomization/" + name + "-apps");
        });
    assertThat(cluster.client().configMaps().inNamespace("default").withName(cm).get().getData())
        .containsEntry("from", name);
  }

  @Test
  void bucketOnS3rverBecomesCompliant() throws Exception {
    try (S3rver s3 = S3rver.startOrSkip(tmp.resolve("s3rver"))) {
      s3.createBucket("fleet")
          .put("fleet", "cm.yaml", ConfigMaps.yaml("from-bucket", "from", "s3cfg"));
      cluster.secret(
          "default",
          "s3cfg-protected",
          Map.of(
              "bucketSecretKey",
              Base64.getEncoder().encodeToString(S3rver.KEY.getBytes(StandardCharsets.UTF_8))));
      cluster
          .client()
          .resource(
              config(
                  "s3cfg",
                  "Bucket",
                  new BucketDefinition(
                      "http://" + s3.endpoint(), "fleet", true, 30L, 5L, S3rver.KEY, null),
                  "s3cfg-protected"))
          .create();
      awaitCompliant("s3cfg", "Bucket", "from-bucket");
      Bucket b = cluster.get(Bucket.class, "s3cfg");
      assertThat(b.getSpec().endpoint()).isEqualTo(s3.endpoint());
      assertThat(b.getStatus().artifact().revision()).matches("sha256:[0-9a-f]{64}");
      assertThat(b.getStatus().conditions().get(0).message())
          .isEqualTo("stored artifact: revision '" + b.getStatus().artifact().revision() + "'");
    }
  }

  @Test
  void azureBlobOnAzuriteBecomesCompliant() throws Exception {
    Path bin = Processes.npmTool("azurite-blob");
    assumeTrue(bin != null, "azurite is not installed (run .ci/run)");
    int port = Processes.freePort();
    servers.add(Processes.serve(tmp.resolve("azurite"), Processes.azurite(bin), port));
    String endpoint = "http://127.0.0.1:" + port + "/devstoreaccount1";
    var container =
        new BlobServiceClientBuilder()
            .endpoint(endpoint)
            .credential(new StorageSharedKeyCredential("devstoreaccount1", AZURITE_KEY))
            .buildClient()
            .createBlobContainer("fleet");
    container
        .getBlobClient("cm.yaml")
        .upload(BinaryData.fromString(ConfigMaps.yaml("from-blob", "from", "blobcfg")), true);
    cluster
        .client()
        .resource(
            config(
                "blobcfg",
                "AzureBlob",
                new AzureBlobDefinition(
                    endpoint, "fleet", 30L, 5L, null, AZURITE_KEY, null, null, null),
                null))
        .create();
    awaitCompliant("blobcfg", "Bucket", "from-blob");
    assertThat(cluster.get(Bucket.class, "blobcfg").getSpec().provider()).isEqualTo("azure");
  }

  @Test
  void ociRepositoryOnDockerRegistryBecomesCompliant() throws Exception {
    try (DockerRegistry registry = OciArtifacts.registryOrSkip(tmp.resolve("registry-cfg"))) {
      ociRepositoryBecomesCompliant(OciArtifacts.fleetUrl(registry));
    }
  }

  private void ociRepositoryBecomesCompliant(String url) throws Exception {
    OciArtifacts.client(url)
        .pushArtifact(
            "v1.0.0",
            OciArtifacts.tgz("cm.yaml", ConfigMaps.yaml("from-oci", "from", "ocicfg")),
            null,
            Map.of("org.opencontainers.image.revision", "main@sha1:abc"));
    cluster
        .client()
        .resource(
            config(
                "ocicfg",
                "OCIRepository",
                new OciRepositoryDefinition(
                    url,
                    30L,
                    5L,
                    new OciRepositoryDefinition.OciRepositoryRefDefinition(null, "1.x", null),
                    null,
                    null,
                    true,
                    null,
                    null,
                    null,
                    null),
                null))
        .create();
    awaitCompliant("ocicfg", "OCIRepository", "from-oci");
    OCIRepository repo = cluster.get(OCIRepository.class, "ocicfg");
    assertThat(repo.getStatus().artifact().revision()).matches("v1\\.0\\.0@sha256:[0-9a-f]{64}");
    assertThat(repo.getStatus().artifact().metadata())
        .containsEntry("org.opencontainers.image.revision", "main@sha1:abc");
  }
}
