package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.kube.KubectlRunner.Result;
import io.flotilla.kube.http.ServingCertificate;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape `flotilla up` runs: TLS with a local CA and RBAC with an admin token. kubectl sends
 * bearer tokens only over TLS, so this is what lets a user point kubectl at the written kubeconfig.
 */
class KubectlTlsIT extends KubectlTestSupport {
  @BeforeAll
  static void start() throws Exception {
    start(tlsWithAdmin().withUser("viewer-token", "viewer"));
  }

  @Test
  void theWrittenKubeconfigAuthenticatesOverTlsAgainstTheLocalCa() throws Exception {
    assertThat(kube.url()).startsWith("https://127.0.0.1:");
    assertThat(Files.readString(dir.resolve("kubeconfig")))
        .contains("certificate-authority-data: ");
    // it holds the admin token
    assertThat(Files.getPosixFilePermissions(dir.resolve("kubeconfig")).toString())
        .isEqualTo("[OWNER_READ, OWNER_WRITE]");
    assertThat(dir.resolve("kubeconfig.tmp")).doesNotExist();
    Result r = kubectl.run("get", "namespaces", "-o", "name");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("namespace/default", "namespace/kube-system");
  }

  @Test
  void anotherUserIsSubjectToRbac() throws Exception {
    Result r = kubectl.run("--token", "viewer-token", "get", "secrets", "-n", "default");
    assertThat(r.code()).isNotZero();
    assertThat(r.err())
        .contains(
            "secrets is forbidden: User \"viewer\" cannot list resource \"secrets\" in API group \"\" in the namespace \"default\"");
  }

  @Test
  void theCaIsKeptInTheDataDirSoKubeconfigsSurviveARestart() throws Exception {
    assertThat(Files.exists(dir.resolve("data/kube/pki/ca.crt"))).isTrue();
    assertThat(Files.getPosixFilePermissions(dir.resolve("data/kube/pki/server.key")).toString())
        .isEqualTo("[OWNER_READ, OWNER_WRITE]");
    String ca = Files.readString(dir.resolve("data/kube/pki/ca.crt"));
    assertThat(ServingCertificate.load(dir.resolve("data")).caPem).isEqualTo(ca);
  }
}
