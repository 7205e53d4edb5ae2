package io.flotilla.bench.flux;

import io.flotilla.kube.EmbeddedKubeApi;
import io.flotilla.kube.KubeApiOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The embedded API the controllers are measured against, with its request counts. By default it
 * runs in a JVM of its own ({@code -Dbench.apiProcess=false}: in this one), as kube-apiserver runs
 * beside Flux's controllers: then the heap and CPU figures of this JVM are the controllers' alone,
 * and the API's own are reported beside them.
 */
sealed interface ApiServer extends AutoCloseable {
  String url();

  void resetCounts();

  /** Requests by verb and resource since the last reset (see {@link RequestCounter}). */
  Map<String, Long> counts();

  /** CPU time of the process serving the API, or -1 when it is this one. */
  long cpuNanos();

  @Override
  void close();

  static ApiServer start(String token, Duration kubeletDelay) throws IOException {
    return Boolean.parseBoolean(System.getProperty("bench.apiProcess", "true"))
        ? Child.start(token, kubeletDelay)
        : InProcess.start(token, kubeletDelay);
  }

  private static EmbeddedKubeApi embedded(String token, Duration kubeletDelay) {
    return EmbeddedKubeApi.start(
        KubeApiOptions.defaults()
            .withKubeletDelay(kubeletDelay)
            .withUser(token, "bench-admin", "system:masters"));
  }

  /** The API in this JVM. */
  record InProcess(EmbeddedKubeApi kube, RequestCounter counter) implements ApiServer {
    static InProcess start(String token, Duration kubeletDelay) {
      InProcess api = new InProcess(embedded(token, kubeletDelay), new RequestCounter());
      api.kube.onRequest(api.counter);
      return api;
    }

    @Override
    public String url() {
      return kube.url();
    }

    @Override
    public void resetCounts() {
      counter.reset();
    }

    @Override
    public Map<String, Long> counts() {
      return counter.snapshot();
    }

    @Override
    public long cpuNanos() {
      return -1;
    }

    @Override
    public void close() {
      kube.close();
    }
  }

  /**
   * The API in a child JVM ({@code -Xmx} from {@code bench.apiXmx}, default 2g), driven by one-line
   * commands on its stdin: {@code reset}, {@code counts} (answered with {@code key=count} lines and
   * {@code end}), {@code cpu}.
   */
  final class Child implements ApiServer {
    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;
    private final String url;

    private Child(Process process) throws IOException {
      this.process = process;
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
      this.url = expect("url ");
    }

    static Child start(String token, Duration kubeletDelay) throws IOException {
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new ArrayList<>();
      command.add(java);
      command.add("-Xmx" + System.getProperty("bench.apiXmx", "2g"));
      // the flags ./flotilla runs with, as run.sh passes them (G1 when started otherwise)
      command.addAll(
          List.of(System.getProperty("bench.runtimeFlags", "-XX:+UseG1GC").strip().split("\\s+")));
      command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
      // e.g. a profiler agent for the API's side: -Dbench.apiJavaOpts='-javaagent:...'
      String extra = System.getProperty("bench.apiJavaOpts", "").strip();
      if (!extra.isEmpty()) {
        command.addAll(List.of(extra.split("\\s+")));
      }
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              Child.class.getName(),
              token,
              Long.toString(kubeletDelay.toMillis())));
      Process p =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      return new Child(p);
    }

    /** The child's side. */
    public static void main(String[] args) throws IOException {
      PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      try (InProcess api = InProcess.start(args[0], Duration.ofMillis(Long.parseLong(args[1])))) {
        stdout.println("url " + api.url());
        BufferedReader commands =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String c; (c = commands.readLine()) != null; ) {
          switch (c) {
            case "reset" -> {
              api.resetCounts();
              stdout.println("ok");
            }
            case "counts" -> {
              api.counts().forEach((k, v) -> stdout.println(k + "=" + v));
              stdout.println("end");
            }
            case "cpu" -> stdout.println("cpu " + Bench.processCpuNanos());
            default -> stdout.println("unknown command " + c);
          }
        }
      }
    }

    private synchronized String expect(String prefix) throws IOException {
      String line = out.readLine();
      // an agent in the child (a profiler) may print its own line first
      while (line != null && line.startsWith("Profiling ")) {
        line = out.readLine();
      }
      if (line == null || !line.startsWith(prefix)) {
        throw new IOException("the API process answered " + line + ", expected " + prefix);
      }
      return line.substring(prefix.length());
    }

    @Override
    public String url() {
      return url;
    }

    @Override
    public synchronized void resetCounts() {
      in.println("reset");
      ask("ok");
    }

    @Override
    public synchronized Map<String, Long> counts() {
      in.println("counts");
      Map<String, Long> counts = new TreeMap<>();
      try {
        for (String line = out.readLine(); line != null && !line.equals("end"); ) {
          int eq = line.lastIndexOf('=');
          counts.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
          line = out.readLine();
        }
      } catch (IOException e) {
        throw new IllegalStateException("the API process did not answer", e);
      }
      return counts;
    }

    @Override
    public synchronized long cpuNanos() {
      in.println("cpu");
      return Long.parseLong(ask("cpu "));
    }

    private String ask(String prefix) {
      try {
        return expect(prefix);
      } catch (IOException e) {
        throw new IllegalStateException("the API process did not answer", e);
      }
    }

    @Override
    public void close() {
      in.close(); // EOF: the child closes the API and exits
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
