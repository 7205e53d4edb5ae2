package io.flotilla.source.git;

import static io.flotilla.source.git.SourceFailures.assertFailed;
import static io.flotilla.source.git.SourceFailures.failure;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flotilla.source.SourceException;
import io.flotilla.testkit.git.GitDaemon;
import io.flotilla.testkit.git.GitHttpServers;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.git.HttpsGitServer;
import io.flotilla.testkit.git.SshGitServer;
import io.flotilla.testkit.git.SshKeys;
import io.flotilla.testkit.git.TestCa;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way a GitRepository secret authenticates, against real servers on 127.0.0.1: lighttpd + git
 * http-backend over https with a CA made in the test (basic and bearer), OpenSSH sshd with RSA,
 * ECDSA and Ed25519 identities and known_hosts, and the faults users meet.
 */
class GitAuthIT {
  @TempDir static Path base;
  @TempDir Path tmp;
  static GitRepoFixture repo;
  static String head;
  final GitFetcher fetcher = new GitFetcher(Duration.ofSeconds(20));

  @BeforeAll
  static void repository() {
    repo = GitRepoFixture.create(base, "app");
    head = repo.head();
    repo.push("main");
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OverHttps {
    TestCa ca;
    @AutoClose HttpsGitServer basic;
    @AutoClose HttpsGitServer bearer;

    @BeforeAll
    void start() {
      GitHttpServers servers = GitHttpServers.under(base);
      ca = servers.ca();
      basic = servers.https("https-basic", new HttpsGitServer.Basic("flux", "s3cr3t-pass"));
      bearer = servers.https("https-bearer", new HttpsGitServer.Bearer("t0ken-abc123"));
    }

    GitCredentials secret(Map<String, String> data) throws SourceException {
      Map<String, byte[]> bytes = new java.util.HashMap<>();
      data.forEach((k, v) -> bytes.put(k, v.getBytes(UTF_8)));
      return GitCredentials.fromSecret(basic.url("app"), bytes);
    }

    /** User flux with {@code password}, trusting the test CA. */
    GitCredentials basic(String password) throws SourceException {
      return secret(Map.of("username", "flux", "password", password, "ca.crt", ca.caPem()));
    }

    GitCredentials bearerToken(String token) throws SourceException {
      return GitCredentials.fromSecret(
          bearer.url("app"),
          Map.of("bearerToken", token.getBytes(UTF_8), "ca.crt", ca.caPem().getBytes(UTF_8)));
    }

    @Test
    void basicAuthWithTheSecretsCaFetches() throws Exception {
      GitCredentials c = basic("s3cr3t-pass");
      GitFetchResult r =
          fetcher.fetch(basic.url("app"), GitRef.ofBranch("main"), c, tmp.resolve("a"));
      assertThat(r.revision()).isEqualTo("main@sha1:" + head);
      assertThat(r.subject()).isEqualTo("first");
      assertThat(fetcher.remoteRevision(basic.url("app"), GitRef.ofBranch("main"), c))
          .isEqualTo("main@sha1:" + head);
    }

    @Test
    void theLegacyCaFileKeyIsAccepted() throws Exception {
      GitCredentials c =
          secret(Map.of("username", "flux", "password", "s3cr3t-pass", "caFile", ca.caPem()));
      assertThat(fetcher.remoteRevision(basic.url("app"), GitRef.ofBranch("main"), c))
          .isEqualTo("main@sha1:" + head);
    }

    @Test
    void withoutTheCaTheCertificateIsRefused() throws Exception {
      GitCredentials c = secret(Map.of("username", "flux", "password", "s3cr3t-pass"));
      SourceException e = failure(() -> fetcher.fetch(basic.url("app"), null, c, tmp.resolve("a")));
      assertFailed(e, "GitOperationFailed")
          .contains("x509: certificate signed by unknown authority")
          .contains("ca.crt")
          .doesNotContain("s3cr3t-pass");
    }

    @Test
    void aWrongPasswordIsAuthenticationRequiredWithoutTheSecret() throws Exception {
      GitCredentials c = basic("wrong-pass");
      SourceException e =
          failure(
              () -> fetcher.fetch(basic.url("app"), GitRef.ofBranch("main"), c, tmp.resolve("a")));
      assertFailed(e, "GitOperationFailed")
          .isEqualTo("unable to clone '" + basic.url("app") + "': authentication required")
          .doesNotContain("wrong-pass");
      assertThat(e.terminal()).isFalse();
    }

    @Test
    void aPasswordWithoutAUsernameIsRefusedAsFluxDoes() {
      SourceException e = failure(() -> secret(Map.of("password", "p")));
      assertFailed(e, "AuthenticationFailed")
          .isEqualTo(
              "failed to configure authentication options: invalid 'https' auth option:"
                  + " 'password' requires 'username' to be set");
      assertThat(e.terminal()).isTrue();
    }

    @Test
    void aBearerTokenFetches() throws Exception {
      GitCredentials good = bearerToken("t0ken-abc123");
      assertThat(
              fetcher
                  .fetch(bearer.url("app"), GitRef.ofBranch("main"), good, tmp.resolve("a"))
                  .revision())
          .isEqualTo("main@sha1:" + head);
    }

    @Test
    void aWrongBearerTokenFailsWithoutTheToken() throws Exception {
      GitCredentials bad = bearerToken("not-the-t0ken");
      SourceException e =
          failure(() -> fetcher.remoteRevision(bearer.url("app"), GitRef.ofBranch("main"), bad));
      assertThat(e.getMessage())
          .contains("authentication required")
          .doesNotContain("not-the-t0ken");
    }

    @Test
    void aRemoteCheckDownloadsNoPack() throws Exception {
      GitCredentials c = basic("s3cr3t-pass");
      long before = basic.packFetches();
      for (int i = 0; i < 3; i++) {
        fetcher.remoteRevision(basic.url("app"), GitRef.ofBranch("main"), c);
      }
      assertThat(basic.packFetches()).isEqualTo(before);
      fetcher.fetch(basic.url("app"), GitRef.ofBranch("main"), c, tmp.resolve("a"));
      assertThat(basic.packFetches()).isGreaterThan(before);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OverSsh {
    @AutoClose SshGitServer sshd;
    Path keys;
    final List<SshKeys.KeyPair> authorized = new ArrayList<>();

    @BeforeAll
    void start() {
      assumeTrue(SshGitServer.available(), "openssh-server is not installed");
      sshd = SshGitServer.start(base.resolve("sshd"), base.resolve("repos"));
      keys = base.resolve("keys");
    }

    GitCredentials creds(SshKeys.KeyPair key, String passphrase, String knownHosts)
        throws SourceException {
      Map<String, byte[]> data = new java.util.HashMap<>();
      data.put("identity", key.privateKey());
      data.put("known_hosts", knownHosts.getBytes(UTF_8));
      if (passphrase != null) {
        data.put("password", passphrase.getBytes(UTF_8));
      }
      return GitCredentials.fromSecret(sshd.url("app"), data);
    }

    /** A new ed25519 key, without passphrase, that the server accepts. */
    SshKeys.KeyPair authorized(String name) {
      SshKeys.KeyPair key = SshKeys.generate(keys, name, "ed25519", "", false);
      sshd.authorize(key.publicKey());
      return key;
    }

    /** The revision of {@code main} over ssh with these credentials. */
    String mainOverSsh(GitCredentials c) throws SourceException {
      return fetcher.remoteRevision(sshd.url("app"), GitRef.ofBranch("main"), c);
    }

    @ParameterizedTest(name = "{0} key, passphrase ''{1}'', pem={2}")
    @CsvSource({
      "rsa,,false",
      "rsa,,true",
      "ecdsa,,false",
      "ed25519,,false",
      "ed25519,correct horse,false",
      "rsa,pem-pass,true"
    })
    void eachKeyTypeFetches(String type, String passphrase, boolean pem) throws Exception {
      SshKeys.KeyPair key =
          SshKeys.generate(
              keys, type + "-" + pem + "-" + (passphrase != null), type, passphrase, pem);
      sshd.authorize(key.publicKey());
      GitCredentials c = creds(key, passphrase, sshd.knownHostsLine());
      assertThat(fetcher.remoteRevision(sshd.url("app"), GitRef.ofBranch("main"), c))
          .isEqualTo("main@sha1:" + head);
      GitFetchResult r =
          fetcher.fetch(sshd.url("app"), GitRef.ofBranch("main"), c, tmp.resolve("co"));
      assertThat(r.workTree().resolve("deploy/app.yaml")).exists();
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefused() throws Exception {
      SshKeys.KeyPair stranger = SshKeys.generate(keys, "stranger", "ed25519", "", false);
      SourceException e = failure(() -> mainOverSsh(creds(stranger, null, sshd.knownHostsLine())));
      assertFailed(e, "GitOperationFailed")
          .contains("ssh: handshake failed: ssh: unable to authenticate");
    }

    @Test
    void aHostKeyMismatchNamesTheHost() throws Exception {
      SshKeys.KeyPair key = authorized("mismatch");
      SshKeys.KeyPair impostor = SshKeys.generate(keys, "impostor-host", "ed25519", "", false);
      String wrong = "[127.0.0.1]:" + sshd.port() + " " + impostor.publicKeyTypeAndData();
      SourceException e =
          failure(
              () ->
                  fetcher.fetch(sshd.url("app"), null, creds(key, null, wrong), tmp.resolve("a")));
      assertThat(e.getMessage())
          .contains("ssh: handshake failed: knownhosts: key mismatch")
          .contains("[127.0.0.1]:" + sshd.port());
    }

    @Test
    void aHostMissingFromKnownHostsIsUnknown() throws Exception {
      SshKeys.KeyPair key = authorized("unknown-host");
      String other = "example.com " + sshd.knownHostsLine().split(" ", 2)[1];
      SourceException e = failure(() -> mainOverSsh(creds(key, null, other)));
      assertThat(e.getMessage())
          .contains("knownhosts: key is unknown")
          .contains("[127.0.0.1]:" + sshd.port());
    }

    @Test
    void aPassphraseProtectedKeyWithoutThePasswordSaysSo() throws Exception {
      SshKeys.KeyPair key = SshKeys.generate(keys, "locked", "ed25519", "secret-phrase", false);
      SourceException e = failure(() -> mainOverSsh(creds(key, null, sshd.knownHostsLine())));
      assertThat(e.getMessage()).contains("passphrase protected");
      SourceException wrong =
          failure(() -> mainOverSsh(creds(key, "not-it", sshd.knownHostsLine())));
      assertThat(wrong.getMessage()).contains("cannot decrypt 'identity'").doesNotContain("not-it");
    }

    @Test
    void knownHostsAndIdentityAreRequiredForSsh() {
      SourceException e =
          failure(
              () ->
                  GitCredentials.fromSecret(
                      sshd.url("app"), Map.of("identity", "x".getBytes(UTF_8))));
      assertFailed(e, "AuthenticationFailed")
          .isEqualTo(
              "failed to configure authentication options: invalid 'ssh' auth option:"
                  + " 'known_hosts' is required");
      assertThat(e.terminal()).isTrue();
      assertThat(failure(() -> GitCredentials.fromSecret(sshd.url("app"), null)).getMessage())
          .endsWith("'identity' is required");
    }
  }

  @Test
  void aServerSlowerThanTheTimeoutFailsWithinTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread accept =
          Thread.ofVirtual()
              .start(
                  () -> {
                    List<Socket> held = new ArrayList<>();
                    try {
                      while (true) {
                        held.add(silent.accept()); // accept, then never answer
                      }
                    } catch (IOException closed) {
                      held.forEach(
                          s -> {
                            try {
                              s.close();
                            } catch (IOException ignored) {
                              // closing
                            }
                          });
                    }
                  });
      String url = "http://127.0.0.1:" + silent.getLocalPort() + "/slow.git";
      GitFetcher quick = new GitFetcher(Duration.ofSeconds(1));
      long start = System.nanoTime();
      SourceException e = failure(() -> quick.remoteRevision(url, GitRef.ofBranch("main"), null));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(e.getMessage())
          .startsWith(
              "unable to list remote for '" + url + "': context deadline exceeded (timeout 1s)");
      assertThat(e.terminal()).isFalse();
      silent.close();
      accept.join(5000);
    }
  }

  @Test
  void submodulesAreCheckedOutWhenAsked() throws Exception {
    GitRepoFixture lib = GitRepoFixture.create(base, "lib");
    lib.push("main");
    try (GitDaemon daemon = GitDaemon.start(base.resolve("repos"))) {
      GitRepoFixture parent = GitRepoFixture.create(base, "parent");
      GitRepoFixture.git(parent.work(), "submodule", "add", "-q", daemon.url("lib"), "vendor/lib");
      GitRepoFixture.git(parent.work(), "commit", "-q", "-m", "add lib");
      parent.push("main");

      GitFetchResult without =
          fetcher.fetch(daemon.url("parent"), GitRef.ofBranch("main"), null, tmp.resolve("a"));
      assertThat(without.workTree().resolve("vendor/lib/deploy/app.yaml")).doesNotExist();
      GitFetchResult with =
          fetcher.fetch(
              daemon.url("parent"), GitRef.ofBranch("main"), null, tmp.resolve("b"), true);
      assertThat(with.workTree().resolve("vendor/lib/deploy/app.yaml")).exists();
      assertThat(with.subject()).isEqualTo("add lib");
    }
  }
}
