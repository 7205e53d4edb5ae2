package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Secret's {@code data} (and a ConfigMap's {@code binaryData}) must be base64: kube-apiserver
 * refuses anything else while decoding the request, with a 400 naming Go's offset.
 */
class SecretDataIT extends KubeTestSupport {
  @TempDir Path dir;

  @Test
  void kubectlSeesKubeApiserversDecodingErrorAndNothingIsStored() throws Exception {
    assumeTrue(KubectlRunner.onPath(), "kubectl is not on PATH");
    String ns = newNamespace();
    KubectlRunner kubectl = KubectlRunner.against(kube, dir);
    Path f = dir.resolve("secret.yaml");
    Files.writeString(
        f,
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: db}
        data:
          user: YWRtaW4=
          password: wombat
        """);
    KubectlRunner.Result r = kubectl.run("apply", "-f", f.toString(), "-n", ns);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "Error from server (BadRequest): error when creating \""
                + f
                + "\": Secret in version \"v1\" cannot be handled as a Secret: illegal base64"
                + " data at input byte 4\n");
    assertThat(client.secrets().inNamespace(ns).withName("db").get()).isNull();
  }

  @Test
  void aPostAnswersTheStatusAndGoodDataIsKept() {
    String ns = newNamespace();
    String path = "/api/v1/namespaces/" + ns + "/secrets";
    HttpResponse<String> r =
        post(path, "{\"metadata\":{\"name\":\"s\"},\"data\":{\"k\":\"<foo>\"}}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"Secret in version \\\"v1\\\" cannot be handled as a Secret:"
                + " illegal base64 data at input byte 0\",\"reason\":\"BadRequest\",\"code\":400}");

    // padded, and with the line breaks base64 tools insert: kept as the bytes, written without them
    r = post(path, "{\"metadata\":{\"name\":\"s\"},\"data\":{\"k\":\"YWRt\\naW4=\"}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(client.secrets().inNamespace(ns).withName("s").get().getData())
        .containsExactly(java.util.Map.entry("k", "YWRtaW4="));

    r =
        post(
            "/api/v1/namespaces/" + ns + "/configmaps",
            "{\"metadata\":{\"name\":\"c\"},\"binaryData\":{\"b\":\"YWRtaW4\"}}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains(
            "ConfigMap in version \\\"v1\\\" cannot be handled as a ConfigMap: illegal base64"
                + " data at input byte 4");
  }
}
