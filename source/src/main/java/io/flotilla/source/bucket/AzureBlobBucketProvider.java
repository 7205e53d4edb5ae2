package io.flotilla.source.bucket;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.flotilla.api.net.NetworkErrors;
import io.flotilla.source.Redaction;
import io.flotilla.source.oci.TlsContexts;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Provider {@code azure}: a Blob container through the Azure SDK on the JDK HTTP client, with a
 * shared account key, a SAS token or a service principal ({@link ClientCredential}).
 */
public final class AzureBlobBucketProvider implements BucketProvider {

  /** How to authenticate; exactly one applies, checked by {@link #create}. */
  public sealed interface Auth {
    record AccountKey(String key) implements Auth {
      @Override
      public String toString() {
        return "AccountKey[***]";
      }
    }

    record Sas(String token) implements Auth {
      @Override
      public String toString() {
        return "Sas[***]";
      }
    }

    /** A token credential, e.g. an {@link AzureClientCredential}; needs an https endpoint. */
    record ServicePrincipal(TokenCredential credential) implements Auth {}

    record Anonymous() implements Auth {}
  }

  private final BlobServiceClient service;
  private final Duration timeout;
  private final String[] secrets;
  private final NetworkErrors.Endpoint endpoint;

  private AzureBlobBucketProvider(
      BlobServiceClient service,
      Duration timeout,
      String[] secrets,
      NetworkErrors.Endpoint endpoint) {
    this.service = service;
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.secrets = secrets;
  }

  /**
   * @param endpoint the account's blob endpoint, e.g. {@code https://acct.blob.core.windows.net} or
   *     {@code http://127.0.0.1:10000/devstoreaccount1} (Azurite); {@code https://} if no scheme
   */
  public static AzureBlobBucketProvider create(String endpoint, Auth auth, Duration timeout) {
    return create(endpoint, auth, timeout, null);
  }

  /**
   * As {@link #create(String, Auth, Duration)}, trusting the PEM CA bundle {@code caCert} (a
   * Bucket's {@code certSecretRef} {@code ca.crt}) instead of the JDK's CAs when given.
   */
  public static AzureBlobBucketProvider create(
      String endpoint, Auth auth, Duration timeout, byte[] caCert) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException(
          "spec.endpoint is required, e.g. 'https://<account>.blob.core.windows.net'");
    }
    String url = endpoint.contains("://") ? endpoint : "https://" + endpoint;
    Duration t = timeout == null ? Duration.ofSeconds(60) : timeout;
    java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
    if (caCert != null && caCert.length > 0) {
      jdk.sslContext(TlsContexts.fromSecret(java.util.Map.of("ca.crt", caCert)));
    }
    HttpClient http =
        new JdkHttpClientBuilder(jdk)
            .connectionTimeout(t)
            .responseTimeout(t)
            .readTimeout(t)
            .build();
    BlobServiceClientBuilder b =
        new BlobServiceClientBuilder()
            .endpoint(url)
            .httpClient(http)
            .retryOptions(
                new RequestRetryOptions(
                    RetryPolicyType.EXPONENTIAL,
                    3,
                    t,
                    Duration.ofMillis(200),
                    Duration.ofSeconds(2),
                    null));
    String[] secrets = new String[0];
    switch (auth) {
      case Auth.AccountKey k -> {
        b.credential(new StorageSharedKeyCredential(accountName(url), k.key()));
        secrets = new String[] {k.key()};
      }
      case Auth.Sas s -> {
        b.sasToken(s.token());
        secrets = new String[] {s.token(), s.token().replaceFirst("^\\?", "")};
      }
      case Auth.ServicePrincipal sp -> b.credential(sp.credential());
      case Auth.Anonymous a -> {}
    }
    return new AzureBlobBucketProvider(
        b.buildClient(), t, secrets, NetworkErrors.Endpoint.of(URI.create(url)));
  }

  /**
   * The storage account of an endpoint: the first label of {@code <acct>.blob.core.windows.net}, or
   * the first path segment for an IP or localhost endpoint (Azurite's path-style URLs).
   */
  static String accountName(String url) {
    URI u = URI.create(url);
    String host = u.getHost() == null ? "" : u.getHost();
    boolean pathStyle = host.equals("localhost") || host.matches("[0-9.]+") || host.startsWith("[");
    if (pathStyle) {
      String path = u.getPath() == null ? "" : u.getPath().replaceFirst("^/", "");
      int slash = path.indexOf('/');
      return slash < 0 ? path : path.substring(0, slash);
    }
    int dot = host.indexOf('.');
    return dot < 0 ? host : host.substring(0, dot);
  }

  /**
   * Lists at most one blob, as source-controller does: a container-scoped SAS token may list but
   * not read the container's properties.
   */
  @Override
  public boolean bucketExists(String bucket) throws IOException {
    try {
      service
          .getBlobContainerClient(bucket)
          .listBlobs(new ListBlobsOptions().setMaxResultsPerPage(1), timeout)
          .iterableByPage()
          .iterator()
          .next();
      return true;
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return false;
      }
      throw wrap(e);
    } catch (RuntimeException e) {
      throw wrap(e);
    }
  }

  @Override
  public void visitObjects(String bucket, String prefix, ObjectVisitor visitor) throws IOException {
    BlobContainerClient container = service.getBlobContainerClient(bucket);
    try {
      for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), timeout)) {
        if (Boolean.TRUE.equals(item.isPrefix())) {
          continue;
        }
        visitor.visit(item.getName(), ETags.unquoted(item.getProperties().getETag()));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (BlobStorageException e) {
      throw wrap(e);
    } catch (RuntimeException e) {
      throw wrap(e);
    }
  }

  @Override
  public Optional<String> download(String bucket, String key, Path target, long maxBytes)
      throws IOException {
    var blob = service.getBlobContainerClient(bucket).getBlobClient(key);
    Files.createDirectories(target.getParent());
    try (OutputStream out = new Bounded(Files.newOutputStream(target), maxBytes)) {
      var response =
          blob.downloadStreamWithResponse(out, null, null, null, false, timeout, Context.NONE);
      return Optional.of(ETags.unquoted(response.getDeserializedHeaders().getETag()));
    } catch (BlobStorageException e) {
      Files.deleteIfExists(target);
      if (e.getStatusCode() == 404) {
        return Optional.empty();
      }
      throw wrap(e);
    } catch (UncheckedIOException e) {
      Files.deleteIfExists(target);
      throw e.getCause();
    } catch (RuntimeException e) {
      Files.deleteIfExists(target);
      if (e.getCause() instanceof BucketFetcher.TooLargeException t) {
        throw t;
      }
      throw wrap(e);
    }
  }

  private static final class Bounded extends FilterOutputStream {
    private final long max;
    private long written;

    Bounded(OutputStream out, long max) {
      super(out);
      this.max = max;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      written += len;
      if (written > max) {
        throw new BucketFetcher.TooLargeException();
      }
      out.write(b, off, len);
    }
  }

  private IOException wrap(BlobStorageException e) {
    String code = e.getErrorCode() == null ? "" : e.getErrorCode().toString();
    return new IOException(
        Redaction.message(
            (code.isEmpty() ? "request failed" : code) + " (status " + e.getStatusCode() + ")",
            secrets));
  }

  private IOException wrap(RuntimeException e) {
    String network = NetworkErrors.describe(e, endpoint, NetworkErrors.CERT_SECRET_HINT);
    if (network != null) {
      return new IOException(network, e);
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    // SDK messages may quote the request URL, which carries a SAS token's signature
    msg = msg.replaceAll("([?&]sig=)[^&\\s\"]+", "$1***");
    return new IOException(Redaction.message(msg, secrets));
  }

  @Override
  public void close() {
    // the SDK's clients hold no resources beyond the shared HTTP client
  }
}
