package io.flotilla.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.kustomize.helm.ChartTemplate;
import io.flotilla.testkit.ChildJava;
import io.flotilla.testkit.TestKube;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether Helm's {@code lookup} in helm-java's template sees a live cluster: a child JVM started
 * with {@code KUBECONFIG} (and {@code HELM_DRIVER}) in its environment, as the native library reads
 * the environment the process started with, renders a chart that looks up a ConfigMap.
 */
class LookupProbeIT {
  @TempDir Path work;

  @Test
  void templateLookupSeesTheClusterOfTheKubeconfigInTheProcessEnvironment() throws Exception {
    try (TestKube kube = TestKube.start()) {
      kube.client()
          .configMaps()
          .inNamespace("default")
          .resource(
              new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("probe")
                  .endMetadata()
                  .addToData("seen", "yes")
                  .build())
          .create();
      Path kubeconfig = work.resolve("kubeconfig");
      kube.api().writeKubeconfig(kubeconfig);
      Path chart =
          TestCharts.dir(
              work,
              "lookup",
              Map.of(
                  "Chart.yaml",
                  "apiVersion: v2\nname: lookup\nversion: 0.1.0\n",
                  "templates/cm.yaml",
                  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: out\ndata:\n  seen: {{ (lookup \"v1\" \"ConfigMap\" \"default\" \"probe\").data.seen | default \"nothing\" | quote }}\n"));
      ProcessBuilder pb =
          ChildJava.of(
              LookupProbeIT.class, List.of(), chart.toString(), work.resolve("w").toString());
      pb.environment().remove("KUBECONFIG");
      pb.environment().put("HELM_KUBEAPISERVER", kube.api().url());
      pb.environment().put("HELM_KUBETOKEN", kube.api().adminToken());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(out).contains("seen: \"yes\"");
    }
  }

  public static void main(String[] args) throws Exception {
    Path w = Files.createDirectories(Path.of(args[1]));
    System.out.println(
        ChartTemplate.render(Path.of(args[0]), "probe", "default", List.of(), null, w));
  }
}
