package io.flotilla.testkit.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

/**
 * Smart HTTP Git: lighttpd running {@code git http-backend} as CGI on 127.0.0.1 and a random port,
 * over https with a certificate from a {@link TestCa} (or plain http), optionally requiring basic
 * auth or a bearer token. A small CGI wrapper checks the {@code Authorization} header (lighttpd has
 * no bearer scheme) and logs each request, so a test can count what a client downloaded.
 */
public final class HttpsGitServer implements AutoCloseable {
  /** Who may read: anybody, one user with a password, or the holder of one token. */
  public sealed interface Auth permits Anonymous, Basic, Bearer {}

  public record Anonymous() implements Auth {}

  public record Basic(String username, String password) implements Auth {}

  public record Bearer(String token) implements Auth {}

  private final Process process;
  private final int port;
  private final boolean tls;
  private final Path requests;
  private final Path errorLog;

  private HttpsGitServer(Process process, int port, boolean tls, Path requests, Path errorLog) {
    this.process = process;
    this.port = port;
    this.tls = tls;
    this.requests = requests;
    this.errorLog = errorLog;
  }

  /** The lighttpd binary, or null if it is not installed. */
  public static Path lighttpd() {
    return Processes.findOr("FLOTILLA_LIGHTTPD", "/usr/sbin/lighttpd");
  }

  /** The git-http-backend CGI from the git package, or null. */
  public static Path httpBackend() {
    return Processes.find("/usr/lib/git-core/git-http-backend");
  }

  /** True when lighttpd (with mod_openssl) and git-http-backend are installed. */
  public static boolean available() {
    Path l = lighttpd();
    return l != null
        && httpBackend() != null
        && Files.exists(Path.of("/usr/lib/lighttpd/mod_openssl.so"));
  }

  /** Starts an https server (certificate from {@code ca}) over the repositories under root. */
  public static HttpsGitServer https(Path workDir, Path root, TestCa ca, Auth auth) {
    return start(workDir, root, ca, auth, false);
  }

  /** As {@link #https}, refusing TLS clients without a certificate signed by {@code ca}. */
  public static HttpsGitServer mutualTls(Path workDir, Path root, TestCa ca) {
    return start(workDir, root, ca, new Anonymous(), true);
  }

  /** Starts a plain http server over the repositories under root. */
  public static HttpsGitServer http(Path workDir, Path root, Auth auth) {
    return start(workDir, root, null, auth, false);
  }

  private static HttpsGitServer start(
      Path workDir, Path root, TestCa ca, Auth auth, boolean clientCerts) {
    Path lighttpd = lighttpd();
    if (lighttpd == null || httpBackend() == null) {
      throw new IllegalStateException("lighttpd or git-http-backend is not installed");
    }
    try {
      Files.createDirectories(workDir);
      int port = Processes.freePort();
      Path requests = workDir.resolve("requests.log");
      Files.writeString(requests, "");
      Path cgi = workDir.resolve("git-auth.cgi");
      Files.writeString(cgi, wrapper(root, requests, auth));
      Files.setPosixFilePermissions(cgi, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path docroot = Files.createDirectories(workDir.resolve("htdocs"));
      Path errorLog = workDir.resolve("error.log");
      StringBuilder conf = new StringBuilder();
      conf.append(
          "server.modules = ( \"mod_alias\", \"mod_cgi\""
              + (ca != null ? ", \"mod_openssl\"" : "")
              + " )\n");
      conf.append("server.document-root = \"").append(docroot).append("\"\n");
      conf.append("server.bind = \"127.0.0.1\"\n");
      conf.append("server.port = ").append(port).append('\n');
      conf.append("server.errorlog = \"").append(errorLog).append("\"\n");
      conf.append("alias.url = ( \"/git/\" => \"").append(cgi).append("/\" )\n");
      conf.append("$HTTP[\"url\"] =~ \"^/git\" {\n  cgi.assign = ( \"\" => \"\" )\n}\n");
      if (ca != null) {
        Path cert = workDir.resolve("server.crt");
        Path key = workDir.resolve("server.key");
        Files.writeString(cert, ca.serverCertPem());
        Files.writeString(key, ca.serverKeyPem());
        conf.append("ssl.engine = \"enable\"\n");
        conf.append("ssl.pemfile = \"").append(cert).append("\"\n");
        conf.append("ssl.privkey = \"").append(key).append("\"\n");
        if (clientCerts) {
          Path caFile = workDir.resolve("client-ca.crt");
          Files.writeString(caFile, ca.caPem());
          conf.append("ssl.verifyclient.activate = \"enable\"\n");
          conf.append("ssl.verifyclient.enforce = \"enable\"\n");
          conf.append("ssl.verifyclient.ca-file = \"").append(caFile).append("\"\n");
        }
      }
      Path config = workDir.resolve("lighttpd.conf");
      Files.writeString(config, conf.toString());
      Path out = workDir.resolve("lighttpd.out");
      Process p =
          Processes.builder(lighttpd.toString(), "-D", "-f", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      Processes.awaitPort(port, p, out);
      return new HttpsGitServer(p, port, ca != null, requests, errorLog);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start lighttpd", e);
    }
  }

  private static String wrapper(Path root, Path requests, Auth auth) {
    String expected =
        switch (auth) {
          case Anonymous a -> null;
          case Basic b ->
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString(
                          (b.username() + ":" + b.password()).getBytes(StandardCharsets.UTF_8));
          case Bearer t -> "Bearer " + t.token();
        };
    String challenge = auth instanceof Bearer ? "Bearer realm=\"git\"" : "Basic realm=\"git\"";
    StringBuilder s = new StringBuilder("#!/bin/sh\n");
    // keep the body so the request can be classified (ls-refs or a pack fetch) and replayed
    s.append("req=$(mktemp)\ncat > \"$req\"\nkind=\n");
    s.append("if [ \"$REQUEST_METHOD\" = POST ]; then\n");
    s.append(
        "  if [ \"$HTTP_CONTENT_ENCODING\" = gzip ]; then body=$(gzip -dc < \"$req\" | head -c 8192 | tr -d '\\000');\n");
    s.append("  else body=$(head -c 8192 \"$req\" | tr -d '\\000'); fi\n");
    s.append(
        "  case \"$body\" in *command=fetch*|*want\\ *) kind=' fetch';; *command=ls-refs*) kind=' ls-refs';; esac\n");
    s.append("fi\n");
    s.append("echo \"$REQUEST_METHOD $PATH_INFO$kind\" >> '").append(requests).append("'\n");
    if (expected != null) {
      s.append("if [ \"$HTTP_AUTHORIZATION\" != '").append(expected).append("' ]; then\n");
      s.append("  rm -f \"$req\"\n");
      s.append("  printf 'Status: 401 Unauthorized\\r\\nWWW-Authenticate: ")
          .append(challenge.replace("\"", "\\\""))
          .append("\\r\\nContent-Type: text/plain\\r\\n\\r\\nunauthorized\\n'\n");
      s.append("  exit 0\nfi\n");
    }
    s.append("export GIT_PROJECT_ROOT='").append(root.toAbsolutePath()).append("'\n");
    s.append("export GIT_HTTP_EXPORT_ALL=1\n");
    s.append("'").append(httpBackend()).append("' < \"$req\"\nrc=$?\nrm -f \"$req\"\nexit $rc\n");
    return s.toString();
  }

  public int port() {
    return port;
  }

  /** {@code https://127.0.0.1:<port>/git/<name>.git} (or http for a plain server). */
  public String url(String name) {
    return (tls ? "https" : "http") + "://127.0.0.1:" + port + "/git/" + name + ".git";
  }

  /** The requests served so far, one {@code METHOD /path} line each. */
  public List<String> requests() {
    try {
      return Files.readAllLines(requests).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * How many pack downloads were served: {@code POST …/git-upload-pack} requests that fetch objects
   * (protocol v2 {@code command=fetch} or v0 {@code want} lines), not ref listings.
   */
  public long packFetches() {
    return requests().stream().filter(l -> l.startsWith("POST") && l.endsWith(" fetch")).count();
  }

  public String errorLog() {
    return Processes.read(errorLog);
  }

  @Override
  public void close() {
    Processes.stop(process);
  }
}
