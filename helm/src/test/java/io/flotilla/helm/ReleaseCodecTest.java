package io.flotilla.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ReleaseCodecTest {
  /** A release JSON as Helm 3.21 stored it (captured from helm-java against the embedded API). */
  static final String HELM_JSON =
      """
      {"name":"demo","info":{"first_deployed":"2026-12-06T11:41:33.355038557Z","last_deployed":"2026-12-06T11:41:34.05590687Z","deleted":"","description":"Upgrade complete","status":"deployed","notes":"Hello demo\\n"},"chart":{"metadata":{"name":"demo","version":"1.2.3","apiVersion":"v2","appVersion":"4.5"},"lock":null,"templates":[{"name":"templates/NOTES.txt","data":"SGVsbG8ge3sgLlJlbGVhc2UuTmFtZSB9fQo="}],"values":{"greeting":"hi"},"schema":null,"files":null},"config":{"greeting":"yo"},"manifest":"---\\n# Source: demo/templates/cm.yaml\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: demo-cm\\ndata:\\n  g: yo\\n","hooks":[{"name":"demo-hook","kind":"ConfigMap","path":"demo/templates/hook.yaml","manifest":"apiVersion: v1\\nkind: ConfigMap","events":["pre-install"],"last_run":{"started_at":"2026-12-06T11:41:33.804111096Z","completed_at":"","phase":"Succeeded"},"weight":-1,"delete_policies":["before-hook-creation"]}],"version":2,"namespace":"default"}""";

  @Test
  void encodesAsHelmBase64OfGzipOfJsonAndDecodesBack() throws Exception {
    ObjectNode json = (ObjectNode) ReleaseCodec.JSON.readTree(HELM_JSON);
    String encoded = ReleaseCodec.encode(json);
    byte[] gz = Base64.getDecoder().decode(encoded);
    assertThat(gz).startsWith((byte) 0x1f, (byte) 0x8b, (byte) 8);
    String plain = new String(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes());
    assertThat(plain).isEqualTo(HELM_JSON.strip()); // byte for byte what Helm marshalled
    assertThat(ReleaseCodec.decode(encoded)).isEqualTo(json);
  }

  @Test
  void decodesUncompressedReleasesAsHelmDoes() throws Exception {
    String plain = Base64.getEncoder().encodeToString(HELM_JSON.getBytes());
    assertThat(ReleaseCodec.decode(plain).path("version").asInt()).isEqualTo(2);
  }

  @Test
  void escapesHtmlCharactersAsGo() throws Exception {
    ObjectNode n = ReleaseCodec.JSON.createObjectNode().put("manifest", "a<b>&c");
    assertThat(ReleaseCodec.JSON.writeValueAsString(n))
        .isEqualTo("{\"manifest\":\"a\\u003cb\\u003e\\u0026c\"}");
  }

  /**
   * Go's encoding/json (encode.go, appendString, with the HTML escaping json.Marshal turns on):
   * {@code < > &}, U+2028 and U+2029 as six-character escapes; backspace, form feed, newline,
   * carriage return and tab short (Go 1.22 on); other control characters as six-character escapes
   * in lower-case hex; DEL and other non-ASCII as they are. Helm stores {@code
   * json.Marshal(release)}, so its bytes are these.
   */
  @Test
  void encodesStringsByteForByteAsGoMarshals() throws Exception {
    String manifest = "a<b>&c\u001b\u0000\u001f\b\f\n\r\t\u007f\u2028\u2029é\"\\";
    String go =
        "{\"manifest\":\"a\\u003cb\\u003e\\u0026c\\u001b\\u0000\\u001f\\b\\f\\n\\r\\t\u007f"
            + "\\u2028\\u2029é\\\"\\\\\",\"k\\u003c\\u001b\":1}";
    ObjectNode release = ReleaseCodec.JSON.createObjectNode().put("manifest", manifest);
    release.put("k<\u001b", 1);

    String encoded = ReleaseCodec.encode(release);
    byte[] gz = Base64.getDecoder().decode(encoded);
    byte[] json = new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(go);
    assertThat(ReleaseCodec.decode(encoded)).isEqualTo(release);
  }

  @Test
  void writesTimesAsGoRfc3339NanoAndZeroAsEmpty() {
    assertThat(ReleaseCodec.time(Instant.parse("2026-12-06T11:41:34.055906870Z")))
        .isEqualTo("2026-12-06T11:41:34.05590687Z");
    assertThat(ReleaseCodec.time(Instant.parse("2026-12-06T11:41:34Z")))
        .isEqualTo("2026-12-06T11:41:34Z");
    assertThat(ReleaseCodec.time(null)).isEmpty();
    assertThat(ReleaseCodec.instant(ReleaseCodec.JSON.getNodeFactory().textNode(""))).isNull();
    assertThat(
            ReleaseCodec.instant(
                ReleaseCodec.JSON.getNodeFactory().textNode("0001-01-01T00:00:00Z")))
        .isNull();
  }

  @Test
  void readsTheReleaseViewFromHelmsJson() throws Exception {
    StoredRelease r =
        new StoredRelease(
            (ObjectNode) ReleaseCodec.JSON.readTree(HELM_JSON),
            java.util.Map.of("team", "a"),
            "default");
    Release v = r.toRelease();
    assertThat(v.name()).isEqualTo("demo");
    assertThat(v.version()).isEqualTo(2);
    assertThat(v.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(v.chartName()).isEqualTo("demo");
    assertThat(v.chartVersion()).isEqualTo("1.2.3");
    assertThat(v.appVersion()).isEqualTo("4.5");
    assertThat(v.deleted()).isNull();
    assertThat(v.lastDeployed()).isEqualTo(Instant.parse("2026-12-06T11:41:34.05590687Z"));
    assertThat(v.config().path("greeting").asText()).isEqualTo("yo");
    assertThat(v.hooks())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.events()).containsExactly("pre-install");
              assertThat(h.weight()).isEqualTo(-1);
              assertThat(h.lastRunPhase()).isEqualTo("Succeeded");
              assertThat(h.lastRunCompleted()).isNull();
            });
    assertThat(v.labels().values()).containsEntry("team", "a");
  }
}
