package io.flotilla.kustomize.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.testkit.ChildJava;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A process that has rendered a chart still stops on SIGTERM and SIGINT and runs its shutdown
 * hooks: Helm's Go runtime takes those signals over when it loads, and `flotilla up` ignored Ctrl-C
 * after its first HelmRelease until the JVM got them back.
 */
class NativeSignalsIT {
  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void aProcessThatRenderedAChartStopsOnASignal(String signal) throws Exception {
    Process p =
        ChildJava.of(SignalProbe.class, List.of("--enable-native-access=ALL-UNNAMED")).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("rendered")) {
        lines.add(line);
        assertThat(line).as(String.join("\n", lines)).doesNotStartWith("not rendered");
      }
      assertThat(line).as(String.join("\n", lines)).isEqualTo("rendered");
      new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
    } finally {
      p.destroyForcibly();
    }
    assertThat(lines).contains("hook ran").doesNotContain("not stopped");
    assertThat(p.exitValue()).isEqualTo(signal.equals("TERM") ? 143 : 130);
  }
}
