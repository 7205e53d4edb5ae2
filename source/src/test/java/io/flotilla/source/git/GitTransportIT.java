package io.flotilla.source.git;

import static io.flotilla.source.git.SourceFailures.assertFailed;
import static io.flotilla.source.git.SourceFailures.failure;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.source.SourceException;
import io.flotilla.testkit.git.ConnectProxy;
import io.flotilla.testkit.git.GitDaemon;
import io.flotilla.testkit.git.GitHttpServers;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.git.HttpsGitServer;
import io.flotilla.testkit.git.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a GitRepository reaches and shapes its checkout, against real servers on 127.0.0.1: through
 * an http proxy with credentials ({@code proxySecretRef}), with a client certificate to a server
 * that requires one (mTLS), only some directories ({@code sparseCheckout}), and submodules of
 * submodules ({@code recurseSubmodules}).
 */
class GitTransportIT {
  @TempDir static Path base;
  @TempDir Path tmp;
  static GitRepoFixture repo;
  static String head;

  @BeforeAll
  static void repository() {
    repo = GitRepoFixture.create(base, "app");
    repo.commit("apps/prod/app.yaml", "kind: Deployment\n", "prod");
    head = repo.commit("infra/ns.yaml", "kind: Namespace\n", "infra");
    repo.push("main");
  }

  static Map<String, byte[]> bytes(Map<String, String> data) {
    Map<String, byte[]> out = new HashMap<>();
    data.forEach((k, v) -> out.put(k, v.getBytes(UTF_8)));
    return out;
  }

  /** {@code main} of {@code url}, checked out afresh with these options. */
  GitFetchResult fetchMain(String url, GitFetcher.Options options) throws SourceException {
    return new GitFetcher(Duration.ofSeconds(20))
        .fetch(url, GitRef.ofBranch("main"), null, tmp.resolve("a"), options);
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OverHttps {
    TestCa ca;
    @AutoClose HttpsGitServer https;
    @AutoClose HttpsGitServer mtls;
    @AutoClose HttpsGitServer plain;
    @AutoClose ConnectProxy proxy;

    @BeforeAll
    void start() {
      GitHttpServers servers = GitHttpServers.under(base);
      ca = servers.ca();
      https = servers.https("https", new HttpsGitServer.Anonymous());
      mtls = servers.mutualTls("mtls");
      plain = servers.http("plain", new HttpsGitServer.Anonymous());
      proxy = ConnectProxy.start("proxy-user", "pr0xy-pass");
    }

    GitProxy proxySecret(String password) throws SourceException {
      return GitProxy.fromSecret(
          "proxy",
          bytes(
              Map.of("address", proxy.address(), "username", "proxy-user", "password", password)));
    }

    @Test
    void httpsGoesThroughTheProxyWithItsCredentials() throws Exception {
      GitCredentials c =
          GitCredentials.fromSecret(https.url("app"), bytes(Map.of("ca.crt", ca.caPem())));
      GitFetcher viaProxy = new GitFetcher(Duration.ofSeconds(20), proxySecret("pr0xy-pass"));
      assertThat(viaProxy.remoteRevision(https.url("app"), GitRef.ofBranch("main"), c))
          .isEqualTo("main@sha1:" + head);
      GitFetchResult r =
          viaProxy.fetch(https.url("app"), GitRef.ofBranch("main"), c, tmp.resolve("a"));
      assertThat(r.workTree().resolve("infra/ns.yaml")).exists();
      assertThat(proxy.served()).contains("CONNECT 127.0.0.1:" + https.port() + " HTTP/1.1");
    }

    @Test
    void plainHttpGoesThroughTheProxyToo() throws Exception {
      int before = proxy.served().size();
      GitFetcher viaProxy = new GitFetcher(Duration.ofSeconds(20), proxySecret("pr0xy-pass"));
      GitFetchResult r =
          viaProxy.fetch(plain.url("app"), GitRef.ofBranch("main"), null, tmp.resolve("a"));
      assertThat(r.revision()).isEqualTo("main@sha1:" + head);
      assertThat(proxy.served().subList(before, proxy.served().size()))
          .anyMatch(l -> l.contains("http://127.0.0.1:" + plain.port() + "/git/app.git"));
    }

    @Test
    void aWrongProxyPasswordFailsWithoutShowingIt() throws Exception {
      GitCredentials c =
          GitCredentials.fromSecret(https.url("app"), bytes(Map.of("ca.crt", ca.caPem())));
      GitFetcher viaProxy = new GitFetcher(Duration.ofSeconds(20), proxySecret("wrong-pr0xy"));
      SourceException e =
          failure(() -> viaProxy.remoteRevision(https.url("app"), GitRef.ofBranch("main"), c));
      // the JDK reports the refused proxy credentials as a 407 or, once it has retried them, as
      // "authorization failed", depending on what it did earlier in the same JVM
      assertFailed(e, "GitOperationFailed")
          .containsAnyOf("407", "authorization failed")
          .doesNotContain("wrong-pr0xy");
    }

    @Test
    void aProxySecretWithoutAddressIsNamed() {
      SourceException e =
          failure(() -> GitProxy.fromSecret("proxy", bytes(Map.of("username", "u"))));
      assertFailed(e, "AuthenticationFailed")
          .isEqualTo("failed to configure proxy options: secret 'proxy': key 'address' not found");
    }

    @Test
    void aClientCertificateOpensAServerThatRequiresOne() throws Exception {
      TestCa.ClientCert client = ca.issueClient("flux");
      GitCredentials c =
          GitCredentials.fromSecret(
              mtls.url("app"),
              bytes(
                  Map.of(
                      "ca.crt",
                      ca.caPem(),
                      "tls.crt",
                      client.certPem(),
                      "tls.key",
                      client.keyPem())));
      GitFetcher fetcher = new GitFetcher(Duration.ofSeconds(20));
      GitFetchResult r =
          fetcher.fetch(mtls.url("app"), GitRef.ofBranch("main"), c, tmp.resolve("a"));
      assertThat(r.revision()).isEqualTo("main@sha1:" + head);
    }

    @Test
    void withoutAClientCertificateTheServerRefuses() throws Exception {
      GitCredentials c =
          GitCredentials.fromSecret(mtls.url("app"), bytes(Map.of("ca.crt", ca.caPem())));
      GitFetcher fetcher = new GitFetcher(Duration.ofSeconds(20));
      SourceException e =
          failure(() -> fetcher.remoteRevision(mtls.url("app"), GitRef.ofBranch("main"), c));
      assertThat(e.reason()).isEqualTo("GitOperationFailed");
    }

    @Test
    void aCertificateWithoutItsKeyIsRefusedUpFront() {
      SourceException e =
          failure(
              () ->
                  GitCredentials.fromSecret(
                      mtls.url("app"), bytes(Map.of("tls.crt", ca.issueClient("x").certPem()))));
      assertFailed(e, "AuthenticationFailed")
          .contains("'tls.crt' and 'tls.key' must be set together");
    }
  }

  @Test
  void sparseCheckoutKeepsOnlyTheGivenDirectories() throws Exception {
    GitFetchResult r =
        fetchMain(repo.fileUrl(), new GitFetcher.Options(false, List.of("./apps/prod/")));
    assertThat(r.workTree().resolve("apps/prod/app.yaml")).exists();
    assertThat(r.workTree().resolve("infra")).doesNotExist();
    assertThat(r.workTree().resolve("deploy")).doesNotExist();
  }

  @Test
  void aMissingSparseDirectoryFails() {
    SourceException e =
        failure(() -> fetchMain(repo.fileUrl(), new GitFetcher.Options(false, List.of("nope"))));
    assertFailed(e, "GitOperationFailed")
        .isEqualTo(
            "failed to sparse checkout directories : sparse checkout dir 'nope' does not exist in repository");
  }

  @Test
  void submodulesOfSubmodulesAreCheckedOut() throws Exception {
    try (GitDaemon daemon = GitDaemon.start(base.resolve("repos"))) {
      GitRepoFixture leaf = GitRepoFixture.create(base, "leaf");
      leaf.push("main");
      GitRepoFixture middle = GitRepoFixture.create(base, "middle");
      GitRepoFixture.git(middle.work(), "submodule", "add", "-q", daemon.url("leaf"), "deps/leaf");
      GitRepoFixture.git(middle.work(), "commit", "-q", "-m", "add leaf");
      middle.push("main");
      GitRepoFixture top = GitRepoFixture.create(base, "top");
      GitRepoFixture.git(
          top.work(), "submodule", "add", "-q", daemon.url("middle"), "vendor/middle");
      GitRepoFixture.git(top.work(), "commit", "-q", "-m", "add middle");
      top.push("main");

      GitFetchResult r =
          fetchMain(daemon.url("top"), new GitFetcher.Options(true, List.of("vendor")));
      assertThat(r.workTree().resolve("vendor/middle/deploy/app.yaml")).exists();
      assertThat(r.workTree().resolve("vendor/middle/deps/leaf/deploy/app.yaml")).exists();
      assertThat(r.workTree().resolve("deploy")).as("outside the sparse directory").doesNotExist();
      assertThat(Files.isRegularFile(r.workTree().resolve(".gitmodules"))).isFalse();
    }
  }
}
