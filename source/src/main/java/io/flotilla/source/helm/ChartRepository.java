package io.flotilla.source.helm;

import io.flotilla.api.net.NetworkErrors;
import io.flotilla.source.BoundedCopy;
import io.flotilla.source.HttpClients;
import io.flotilla.source.Redaction;
import io.flotilla.source.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * An HTTP(S) Helm chart repository: downloads {@code index.yaml} and chart archives with Helm's
 * rules (basic auth sent preemptively, to another scheme/host/port only with {@code
 * passCredentials}; chart URLs relative to the repository URL), bounded in size.
 */
public final class ChartRepository {
  private static final int MAX_REDIRECTS = 10;
  private static final String USER_AGENT = "Helm/3.21 (flotilla source-controller)";

  private final URI base;
  private final RepositoryOptions options;
  private final HttpClient http;

  /**
   * @param url the repository URL ({@code http(s)://host/path}, without {@code index.yaml})
   * @throws IllegalArgumentException when the URL is not an absolute http(s) URL
   */
  public ChartRepository(String url, RepositoryOptions options) {
    this.base = normalize(url);
    this.options = options;
    // redirects are followed here so that credentials are re-checked for each hop
    this.http = HttpClients.of(options.timeout(), HttpClient.Redirect.NEVER, options.sslContext());
  }

  /** The repository URL with a trailing slash, as Flux's {@code NormalizeURL} leaves it. */
  static URI normalize(String url) {
    URI u;
    try {
      u = new URI(url == null ? "" : url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid Helm repository URL: " + e.getMessage());
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
      throw new IllegalArgumentException(
          "invalid Helm repository URL: '%s' is not an absolute http(s) URL"
              .formatted(Redaction.url(url)));
    }
    if (u.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "invalid Helm repository URL: credentials in the URL are not allowed, use spec.secretRef");
    }
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    if (!path.endsWith("/")) {
      path = path + "/";
    }
    return URI.create(
        scheme
            + "://"
            + u.getRawAuthority()
            + path
            + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
  }

  public String url() {
    return base.toString();
  }

  /** The outcome of an index download: where it is, its size and {@code sha256:<hex>} digest. */
  public record Download(Path file, long size, String digest) {}

  /**
   * Downloads {@code index.yaml} into {@code target} as it comes, hashing on the way.
   *
   * @throws TooLargeException above {@code maxBytes}, with source-controller's wording
   * @throws IOException for network errors and non-200 answers (naming the URL)
   */
  public Download downloadIndex(Path target, long maxBytes) throws IOException {
    URI index = withPath(base, "index.yaml");
    try {
      return get(index, target, maxBytes, "index");
    } catch (SizeExceeded e) {
      throw new TooLargeException(
          "index exceeds the maximum index file size of %d bytes".formatted(maxBytes));
    }
  }

  /**
   * Downloads the archive of {@code version} (its first URL, resolved against the repository URL)
   * into {@code target}, checking the index digest when there is one.
   */
  public Download downloadChart(ChartVersion version, Path target, long maxBytes)
      throws IOException {
    if (version.urls().isEmpty()) {
      throw new IOException("chart '%s' has no downloadable URLs".formatted(version.name()));
    }
    URI url = resolve(version.urls().get(0));
    Download d;
    try {
      d = get(url, target, maxBytes, "chart");
    } catch (SizeExceeded e) {
      throw new TooLargeException(
          "chart '%s' version '%s' exceeds the maximum chart size of %d bytes"
              .formatted(version.name(), version.version(), maxBytes));
    }
    String want = version.digest();
    if (want != null && !want.isEmpty()) {
      String expected = want.contains(":") ? want : "sha256:" + want;
      if (!expected.equalsIgnoreCase(d.digest())) {
        throw new IOException(
            "chart '%s' version '%s' from %s has digest %s, but the repository index says %s"
                .formatted(
                    version.name(),
                    version.version(),
                    Redaction.url(url.toString()),
                    d.digest(),
                    expected));
      }
    }
    return d;
  }

  /** A chart URL as Helm's {@code ResolveReferenceURL} makes it: absolute, or under the base. */
  URI resolve(String ref) throws IOException {
    try {
      URI r = new URI(ref);
      if (r.isAbsolute()) {
        return r;
      }
      // the base keeps its query (some repositories sign URLs), the reference its own path
      URI joined =
          base.resolve(new URI(null, null, r.getRawPath() == null ? "" : r.getPath(), null));
      return base.getRawQuery() == null
          ? joined
          : URI.create(joined.toString().split("\\?")[0] + "?" + base.getRawQuery());
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IOException("invalid chart URL '%s': %s".formatted(ref, e.getMessage()));
    }
  }

  private static URI withPath(URI base, String file) {
    String s = base.toString();
    int q = s.indexOf('?');
    return q < 0 ? URI.create(s + file) : URI.create(s.substring(0, q) + file + s.substring(q));
  }

  private Download get(URI url, Path target, long maxBytes, String what) throws IOException {
    URI current = url;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(current)
              .timeout(options.timeout())
              .header("User-Agent", USER_AGENT)
              .GET();
      if (options.hasCredentials() && (options.passCredentials() || sameOrigin(current))) {
        String token = options.username() + ":" + options.password();
        req.header(
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
      }
      HttpResponse<InputStream> r = send(req.build(), current);
      int status = r.statusCode();
      if (status >= 300 && status < 400 && r.headers().firstValue("Location").isPresent()) {
        r.body().close();
        current = current.resolve(r.headers().firstValue("Location").get());
        continue;
      }
      try (InputStream in = r.body()) {
        if (status != 200) {
          throw new IOException(
              "failed to fetch %s : %d %s%s"
                  .formatted(
                      Redaction.url(current.toString()),
                      status,
                      HttpStatusText.of(status),
                      hint(status)));
        }
        return copy(in, target, maxBytes);
      }
    }
    throw new IOException(
        "failed to fetch %s: stopped after %d redirects".formatted(url, MAX_REDIRECTS));
  }

  private static String hint(int status) {
    return switch (status) {
      case 401, 403 -> " (check the username and password in spec.secretRef)";
      case 404 -> " (check spec.url: no chart repository there)";
      default -> "";
    };
  }

  /** Helm's rule: same scheme and host:port as the repository URL. */
  private boolean sameOrigin(URI u) {
    return base.getScheme().equalsIgnoreCase(u.getScheme())
        && base.getRawAuthority().equalsIgnoreCase(u.getRawAuthority());
  }

  private HttpResponse<InputStream> send(HttpRequest req, URI url) throws IOException {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw new IOException(
          "failed to fetch %s : connection timed out (is the repository reachable?)"
              .formatted(Redaction.url(url.toString())),
          e);
    } catch (HttpTimeoutException e) {
      throw new IOException(
          "failed to fetch %s : timed out after %s (raise spec.timeout?)"
              .formatted(Redaction.url(url.toString()), options.timeout()),
          e);
    } catch (UnresolvedAddressException e) {
      throw unreachable(url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + Redaction.url(url.toString()), e);
    } catch (IOException e) {
      throw unreachable(url, e);
    }
  }

  /** The failure to fetch {@code url}, in Go's words when it is a DNS, connection or TLS one. */
  private static IOException unreachable(URI url, Exception e) {
    String msg =
        NetworkErrors.describe(e, NetworkErrors.Endpoint.of(url), NetworkErrors.CERT_SECRET_HINT);
    if (msg == null) {
      msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return new IOException(
        "failed to fetch %s : %s".formatted(Redaction.url(url.toString()), msg), e);
  }

  private static Download copy(InputStream in, Path target, long maxBytes) throws IOException {
    MessageDigest sha = Sha256.digest();
    long total = BoundedCopy.toFile(in, target, maxBytes, sha, SizeExceeded::new);
    return new Download(target, total, Sha256.named(sha));
  }

  /** A download larger than its limit. */
  public static final class TooLargeException extends IOException {
    TooLargeException(String message) {
      super(message);
    }
  }

  private static final class SizeExceeded extends IOException {}
}
