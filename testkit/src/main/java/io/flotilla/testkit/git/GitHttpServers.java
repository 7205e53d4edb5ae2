package io.flotilla.testkit.git;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/**
 * HTTP(S) git servers for one test's repositories: each exports {@code <base>/repos} (where {@link
 * GitRepoFixture} puts them), works in {@code <base>/<name>} and, over TLS, has a certificate from
 * the one {@link #ca}.
 */
public record GitHttpServers(Path base, TestCa ca) {

  /** Servers for the repositories under {@code base}; skips the test without lighttpd's TLS. */
  public static GitHttpServers under(Path base) {
    assumeTrue(HttpsGitServer.available(), "lighttpd with mod_openssl is not installed");
    return new GitHttpServers(base, TestCa.generate("git"));
  }

  /** An https server that asks for {@code auth}. */
  public HttpsGitServer https(String name, HttpsGitServer.Auth auth) {
    return HttpsGitServer.https(base.resolve(name), repos(), ca, auth);
  }

  /** An https server that refuses clients without a certificate from {@link #ca}. */
  public HttpsGitServer mutualTls(String name) {
    return HttpsGitServer.mutualTls(base.resolve(name), repos(), ca);
  }

  /** A plain http server that asks for {@code auth}. */
  public HttpsGitServer http(String name, HttpsGitServer.Auth auth) {
    return HttpsGitServer.http(base.resolve(name), repos(), auth);
  }

  private Path repos() {
    return base.resolve("repos");
  }
}
