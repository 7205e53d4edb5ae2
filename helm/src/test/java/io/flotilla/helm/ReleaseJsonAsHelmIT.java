package io.flotilla.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.flotilla.testkit.TestKube;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release JSON against Helm's own json.Marshal (helm-java runs Helm's Go code in process): a
 * release whose values hold characters Go escapes, stored by Helm, decodes and encodes again to the
 * bytes Helm wrote.
 */
class ReleaseJsonAsHelmIT {
  @AutoClose TestKube kube = TestKube.start();
  @TempDir Path work;

  @Test
  void reencodesTheJsonHelmStoredByteForByte() throws Exception {
    try (HelmClient helm = new HelmClient(kube, work)) {
      Path chart = TestCharts.dir(work.resolve("chart"), "demo", TestCharts.demo("1.2.3", "4.5"));
      new Helm(chart)
          .install()
          .withName("escapes")
          .withNamespace("gojson")
          .createNamespace()
          .set("greeting", "a<b>&c\u001bd\u0001e\u2028f\u2029g\th\u007fi")
          .withKubeConfigContents(helm.kubeconfig)
          .call();
    }
    String stored =
        new String(
            Base64.getDecoder()
                .decode(
                    kube.client()
                        .secrets()
                        .inNamespace("gojson")
                        .withName("sh.helm.release.v1.escapes.v1")
                        .get()
                        .getData()
                        .get("release")),
            StandardCharsets.US_ASCII);
    String helmJson = gunzipped(stored);
    assertThat(helmJson).contains("a\\u003cb\\u003e\\u0026c\\u001bd\\u0001e\\u2028f\\u2029g\\th");

    assertThat(gunzipped(ReleaseCodec.encode(ReleaseCodec.decode(stored)))).isEqualTo(helmJson);
  }

  private static String gunzipped(String base64) throws IOException {
    byte[] gz = Base64.getDecoder().decode(base64);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
