package io.flotilla.server.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a kubeconfig Secret must hold, and how a broken one is said without its secrets. */
class KubeconfigsTest {
  static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0.c2lnbmF0dXJl";
  static final String GOOD =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: demo-01
        cluster:
          server: https://10.0.0.1:6443
          insecure-skip-tls-verify: true
      users:
      - name: demo-01
        user:
          token: %s
      contexts:
      - name: demo-01
        context:
          cluster: demo-01
          user: demo-01
      current-context: demo-01
      """
          .formatted(TOKEN);

  @Test
  void aStaticTokenKubeconfigGivesItsServerAndToken() {
    var config = Kubeconfigs.parse(GOOD);
    assertThat(config.getMasterUrl()).startsWith("https://10.0.0.1:6443");
    // fabric8 keeps a kubeconfig's token as the "auto" one (refreshed from the file it came from)
    assertThat(java.util.Arrays.asList(config.getOauthToken(), config.getAutoOAuthToken()))
        .contains(TOKEN);
    assertThat(config.getRequestTimeout()).isEqualTo(Kubeconfigs.TIMEOUT_MILLIS);
  }

  @Test
  void whatIsWrongIsNamedAndNoSecretIsQuoted() {
    Map<String, String> cases =
        Map.of(
            "{{ not yaml: " + TOKEN,
            "not YAML of a kubeconfig",
            GOOD.replace("current-context: demo-01", "current-context: other"),
            "current-context 'other' names no context",
            GOOD.replace("server: https://10.0.0.1:6443", "server: ''"),
            "cluster 'demo-01' has no server",
            GOOD.replace("server: https://10.0.0.1:6443", "server: ftp://x"),
            "not an https URL",
            GOOD.replace("insecure-skip-tls-verify: true", "certificate-authority: /etc/ca.crt"),
            "reads certificate-authority from a file",
            GOOD.replace("token: " + TOKEN, "tokenFile: /var/run/secrets/token"),
            "tokenFile (use token)",
            GOOD.replace(
                "token: " + TOKEN,
                "exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh}"),
            "exec (a command the service would run");
    cases.forEach(
        (yaml, words) ->
            assertThatThrownBy(() -> Kubeconfigs.parse(yaml))
                .as(words)
                .isInstanceOf(Kubeconfigs.InvalidKubeconfig.class)
                .hasMessageContaining(words)
                .message()
                .doesNotContain(TOKEN));
  }

  @Test
  void theKubeconfigIsReadFromValueThenValueYaml() {
    assertThat(LeafClients.kubeconfig(secret(Map.of("value.yaml", "b", "value", "a")), "ns/s"))
        .isEqualTo("a");
    assertThat(LeafClients.kubeconfig(secret(Map.of("value.yaml", "b")), "ns/s")).isEqualTo("b");
    assertThatThrownBy(() -> LeafClients.kubeconfig(secret(Map.of("config", "c")), "ns/s"))
        .hasMessage(
            "no data present in cluster secret \"ns/s\": the kubeconfig belongs under the key"
                + " 'value' or 'value.yaml' (it has: config)");
    assertThatThrownBy(() -> LeafClients.kubeconfig(secret(Map.of()), "ns/s"))
        .hasMessageEndingWith("(the secret has no keys)");
  }

  static Secret secret(Map<String, String> data) {
    var b64 = new java.util.HashMap<String, String>();
    data.forEach(
        (k, v) ->
            b64.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder().withData(b64).build();
  }
}
