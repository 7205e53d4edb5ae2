package io.flotilla.source.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.flotilla.source.SourceException;
import io.flotilla.testkit.git.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provider azure against Azurite on 127.0.0.1: account key, SAS token, faults. */
class AzureBlobBucketIT {
  static final String ACCOUNT = "devstoreaccount1";
  static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  @TempDir static Path work;
  static LocalServer server;
  static BlobContainerClient container;

  static String endpoint() {
    return "http://127.0.0.1:" + server.port + "/" + ACCOUNT;
  }

  @BeforeAll
  static void start() throws Exception {
    Path bin = Processes.npmTool("azurite-blob");
    assumeTrue(bin != null, "azurite is not installed (run .ci/run or npm install azurite)");
    server = LocalServer.azurite(bin, work);
    BlobServiceClient admin =
        new BlobServiceClientBuilder()
            .endpoint(endpoint())
            .credential(new StorageSharedKeyCredential(ACCOUNT, KEY))
            .buildClient();
    container = admin.createBlobContainer("manifests");
    upload("apps/deploy.yaml", "kind: Deployment\n");
    upload("infra/ns.yaml", "kind: Namespace\n");
    upload("docs/readme.md", "# docs\n");
  }

  static void upload(String key, String content) {
    container.getBlobClient(key).upload(BinaryData.fromString(content), true);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void accountKeyFetchesTheContainerWithAStableRevision(@TempDir Path dir) throws Exception {
    BucketFetcher fetcher = new BucketFetcher(Duration.ofSeconds(30), 1 << 20);
    try (var p =
        AzureBlobBucketProvider.create(
            endpoint(), new AzureBlobBucketProvider.Auth.AccountKey(KEY), Duration.ofSeconds(10))) {
      BucketIndex index = fetcher.index(p, "manifests", null, "docs/\n", dir);
      assertThat(index.entries().keySet()).containsExactly("apps/deploy.yaml", "infra/ns.yaml");
      String before = index.revision();
      fetcher.fetch(p, "manifests", index, dir);
      assertThat(index.revision()).as("download keeps the listing's ETags").isEqualTo(before);
      assertThat(Files.readString(dir.resolve("infra/ns.yaml"))).isEqualTo("kind: Namespace\n");
      assertThat(
              fetcher
                  .index(p, "manifests", null, "docs/\n", Files.createTempDirectory(dir, "x"))
                  .revision())
          .isEqualTo(before);
    }
  }

  @Test
  void sasTokenFetchesAndIsNeverShown(@TempDir Path dir) throws Exception {
    String sas =
        container.generateSas(
            new BlobServiceSasSignatureValues(
                OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true).setListPermission(true)));
    BucketFetcher fetcher = new BucketFetcher(Duration.ofSeconds(30), 1 << 20);
    try (var p =
        AzureBlobBucketProvider.create(
            endpoint(), new AzureBlobBucketProvider.Auth.Sas(sas), Duration.ofSeconds(10))) {
      BucketIndex index = fetcher.index(p, "manifests", null, null, dir);
      fetcher.fetch(p, "manifests", index, dir);
      assertThat(dir.resolve("apps/deploy.yaml")).exists();
    }
  }

  @Test
  void aWrongAccountKeyFailsWithoutShowingIt(@TempDir Path dir) {
    String wrong = KEY.substring(0, 40) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    BucketFetcher fetcher = new BucketFetcher(Duration.ofSeconds(30), 1 << 20);
    try (var p =
        AzureBlobBucketProvider.create(
            endpoint(),
            new AzureBlobBucketProvider.Auth.AccountKey(wrong),
            Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> fetcher.index(p, "manifests", null, null, dir))
          .isInstanceOf(SourceException.class)
          .hasMessageStartingWith("failed to confirm existence of 'manifests' bucket")
          .hasMessageContaining("403")
          .hasMessageNotContaining(wrong);
    }
  }

  @Test
  void aMissingContainerIsNamed(@TempDir Path dir) {
    BucketFetcher fetcher = new BucketFetcher(Duration.ofSeconds(30), 1 << 20);
    try (var p =
        AzureBlobBucketProvider.create(
            endpoint(), new AzureBlobBucketProvider.Auth.AccountKey(KEY), Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> fetcher.index(p, "missing", null, null, dir))
          .isInstanceOf(SourceException.class)
          .hasMessage("bucket 'missing' not found");
    }
  }

  @Test
  void theAccountComesFromTheHostOrAzuritesPath() {
    assertThat(AzureBlobBucketProvider.accountName("https://acct.blob.core.windows.net"))
        .isEqualTo("acct");
    assertThat(AzureBlobBucketProvider.accountName("http://127.0.0.1:10000/devstoreaccount1"))
        .isEqualTo("devstoreaccount1");
  }
}
