package io.flotilla.kustomize.helm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A child process for {@link NativeSignalsIT}: renders a chart through helm-java (which loads
 * Helm's Go runtime), says so, and waits to be stopped; its shutdown hook says it ran.
 */
public final class SignalProbe {
  private SignalProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("signal-probe");
    Path chart = Files.createDirectories(dir.resolve("probe/templates"));
    Files.writeString(
        dir.resolve("probe/Chart.yaml"), "apiVersion: v2\nname: probe\nversion: 1.0.0\n");
    Files.writeString(
        chart.resolve("cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("hook ran")));
    String out =
        ChartTemplate.render(
            dir.resolve("probe"),
            "probe",
            "default",
            List.of(),
            null,
            Files.createDirectories(dir.resolve("work")));
    System.out.println(out.contains("name: probe") ? "rendered" : "not rendered: " + out);
    System.out.flush();
    // nothing counts this down: only the signal the test sends ends the wait (or it gives up)
    if (!new java.util.concurrent.CountDownLatch(1)
        .await(2, java.util.concurrent.TimeUnit.MINUTES)) {
      System.out.println("not stopped");
    }
  }
}
