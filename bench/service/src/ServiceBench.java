import io.flotilla.api.arm.ClusterRef;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.RegisteredCluster;
import io.flotilla.server.ServerOptions;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load generator for the configuration service. {@code server <dbUrl> <dataDir> <clusters> <out>}
 * starts the service and registers the clusters; {@code load <out> ...} drives it from another
 * JVM (each side then needs one socket per open long-poll, under the 20,000 fd limit).
 * Every phase is bounded in time and in operations.
 */
public final class ServiceBench {
  static final String API = "?api-version=2025-04-01";

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "server" -> server(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
      case "load" -> load(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
          Integer.parseInt(args[4]), Integer.parseInt(args[5]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  // --- the service side ----------------------------------------------------------------------

  static void server(String dbUrl, Path dataDir, int clusters, Path out) throws Exception {
    var server = ConfigurationServer.start(
        ServerOptions.defaults().withPort(0).withDataDir(dataDir).withDatabaseUrl(dbUrl));
    long t0 = System.nanoTime();
    String[] lines = new String[clusters];
    try (var pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < clusters; i++) {
        int n = i;
        pool.submit(() -> {
          RegisteredCluster c = server.clusters().register(
              new ClusterRef("bench", "rg", "Microsoft.Kubernetes", "connectedClusters", "c" + n), "local");
          lines[n] = c.clusterId() + " " + server.clusters().issueAgentToken(c.clusterId()) + " c" + n;
          return null;
        });
      }
    }
    List<String> file = new ArrayList<>();
    file.add(server.url() + " " + server.adminToken());
    file.addAll(Arrays.asList(lines));
    Files.write(out, file);
    System.out.printf("registered %d clusters in %.1f s; serving on %s%n", clusters,
        (System.nanoTime() - t0) / 1e9, server.url());
    Thread.currentThread().join(); // until killed
  }

  // --- the load side -------------------------------------------------------------------------

  record Cluster(String id, String token, String name) {}

  static String base;
  static String admin;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  static void load(Path file, int fleetSeconds, int burstSeconds, int crudSeconds, int workers) throws Exception {
    List<String> lines = Files.readAllLines(file);
    base = lines.get(0).split(" ")[0];
    admin = lines.get(0).split(" ")[1];
    List<Cluster> clusters = lines.stream().skip(1).map(l -> l.split(" "))
        .map(p -> new Cluster(p[0], p[1], p[2])).toList();
    System.out.printf("%d clusters against %s%n", clusters.size(), base);
    // Every cluster gets one configuration so the state it polls is not empty.
    runFor("seed", 120, clusters.size(), workers, i -> {
      Cluster c = clusters.get(i);
      return put(configPath(c, "base"), CONFIG.formatted("main"));
    });
    fleet(clusters, fleetSeconds);
    runFor("conditional polls (waitSeconds=0, If-None-Match), JDK HttpClient", burstSeconds, 5_000_000, workers, i -> {
      Cluster c = clusters.get(i % clusters.size());
      return agentGet(c, "\"" + etags[i % clusters.size()] + "\"", 0);
    });
    // The same requests from plain keep-alive sockets: the JDK client costs the generator about
    // three times the service's CPU per request, and both share the same cores.
    byte[][] polls = new byte[clusters.size()][];
    URI u = URI.create(base);
    for (int k = 0; k < polls.length; k++) {
      Cluster c = clusters.get(k);
      polls[k] = ("GET /agent/v1/clusters/" + c.id() + "/desired?waitSeconds=0 HTTP/1.1\r\n"
          + "Host: " + u.getHost() + ":" + u.getPort() + "\r\nAuthorization: Bearer " + c.token()
          + "\r\nIf-None-Match: \"" + etags[k] + "\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
    ThreadLocal<RawConnection> conns = ThreadLocal.withInitial(() -> new RawConnection(u));
    runFor("conditional polls (waitSeconds=0, If-None-Match), keep-alive sockets", burstSeconds, 5_000_000, workers,
        i -> conns.get().exchange(polls[i % polls.length]));
    AtomicLong seq = new AtomicLong();
    runFor("configuration CRUD (PUT, GET, PATCH, DELETE of new configurations)", crudSeconds, 2_000_000, workers, i -> {
      Cluster c = clusters.get(ThreadLocalRandom.current().nextInt(clusters.size()));
      String path = configPath(c, "crud-" + seq.incrementAndGet());
      return switch (i % 4) {
        case 0 -> put(path, CONFIG.formatted("main"));
        case 1 -> send(adminReq(configPath(c, "base")).GET());
        case 2 -> send(adminReq(configPath(c, "base")).method("PATCH",
            HttpRequest.BodyPublishers.ofString("{\"properties\":{\"suspend\":" + (i % 8 == 2) + "}}"))
            .header("Content-Type", "application/json"));
        default -> send(adminReq(configPath(c, "base") + "x").DELETE());
      };
    });
  }

  static long[] etags;

  /**
   * 10,000 clusters long-polling with waitSeconds=30 and reporting status every 30 s, while
   * configurations change at a steady rate; measures how fast a change reaches its cluster.
   */
  static void fleet(List<Cluster> clusters, int seconds) throws Exception {
    int n = clusters.size();
    etags = new long[n];
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder polls = new LongAdder(), changed = new LongAdder(), reports = new LongAdder(), errors = new LongAdder();
    ConcurrentLinkedQueue<Long> reportLatency = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> rampReportLatency = new ConcurrentLinkedQueue<>();
    AtomicLong steadyFrom = new AtomicLong(Long.MAX_VALUE);
    ConcurrentLinkedQueue<Long> wakeLatency = new ConcurrentLinkedQueue<>();
    long[] changedAt = new long[n];
    // the assignment fan-out: when each agent first received the assigned configuration
    long[] assignedAt = new long[n];
    CountDownLatch assigned = new CountDownLatch(n);
    AtomicInteger open = new AtomicInteger();
    // what went wrong, by kind ("poll 503", "report HttpTimeoutException ..."), ramp and steady apart
    java.util.concurrent.ConcurrentHashMap<String, LongAdder> errorKinds = new java.util.concurrent.ConcurrentHashMap<>();
    String[] lastError = new String[n];
    boolean[] ended = new boolean[n];
    CountDownLatch done = new CountDownLatch(n);
    CountDownLatch firstState = new CountDownLatch(n);
    long start = System.nanoTime();
    long startMs = System.currentTimeMillis();
    for (int i = 0; i < n; i++) {
      int k = i;
      Thread.ofVirtual().start(() -> {
        Cluster c = clusters.get(k);
        AgentLink link = AgentLink.of(c);
        try {
          Thread.sleep(k % 10_000); // a fleet comes up over ~10 s, not in one instant
        } catch (InterruptedException e) {
          return;
        }
        long nextReport = System.nanoTime() + ThreadLocalRandom.current().nextLong(30_000_000_000L);
        try {
          // As the agent does (Agent.pollLoop): a failed request (an error status, or no answer at
          // all) is retried after a backoff of 500 ms doubling to 30 s; the loop never ends early.
          long backoffMs = 500;
          boolean reportDue = false;
          while (!stop.get()) {
            String failed = null;
            try {
              open.incrementAndGet();
              Answer r;
              try {
                r = link.poll(etags[k] == 0 ? null : "\"" + etags[k] + "\"", 30);
              } finally {
                open.decrementAndGet();
              }
              polls.increment();
              if (r.code() == 200) {
                String etag = r.etag() == null ? "\"0\"" : r.etag();
                if (etags[k] == 0) {
                  firstState.countDown();
                }
                etags[k] = Long.parseLong(etag.replace("\"", ""));
                long at = changedAt[k];
                if (at != 0) { wakeLatency.add(System.nanoTime() - at); changedAt[k] = 0; changed.increment(); }
                if (assignedAt[k] == 0 && r.body().contains("\"" + ASSIGNED + "\"")) {
                  assignedAt[k] = System.nanoTime();
                  assigned.countDown();
                }
                reportDue = true;
              } else if (r.code() != 304) {
                failed = "poll " + r.code() + " " + brief(r.body());
              }
            } catch (java.io.IOException e) {
              failed = "poll " + e;
            }
            if (failed == null && (reportDue || System.nanoTime() >= nextReport)) {
              long t = System.nanoTime();
              try {
                int s = link.report(etags[k]);
                (t >= steadyFrom.get() ? reportLatency : rampReportLatency).add(System.nanoTime() - t);
                if (s != 204) {
                  failed = "report " + s;
                }
              } catch (java.io.IOException e) {
                failed = "report " + e;
              }
              reports.increment();
              reportDue = failed != null;
              nextReport = System.nanoTime() + 30_000_000_000L;
            }
            if (failed != null) {
              errors.increment();
              lastError[k] = error(errorKinds, steadyFrom, failed);
              Thread.sleep(backoffMs);
              backoffMs = Math.min(backoffMs * 2, 30_000);
            } else {
              backoffMs = 500;
            }
          }
        } catch (Exception e) {
          errors.increment();
          lastError[k] = error(errorKinds, steadyFrom, "agent ended: " + e);
        } finally {
          ended[k] = true;
          done.countDown();
        }
      });
    }
    // Let every cluster take its first state (bounded: a slow fleet is reported, not waited on
    // forever), then change 10 configurations a second.
    if (!firstState.await(Math.min(30_000, seconds * 400L), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      System.out.printf("  (%d clusters had no first state yet when changes began)%n", firstState.getCount());
    }
    long changeStart = System.nanoTime();
    steadyFrom.set(changeStart);
    System.out.printf("[phase] %d %d fleet (agents connecting)%n", startMs, System.currentTimeMillis());
    double[] served = serverSide("/status");
    System.out.printf("  while the fleet came up, the service itself took for a status report: mean %.1f ms over %.0f"
        + " (from its own http_server_requests_seconds; the rest of a report's latency is spent before the service"
        + " reads it: in connection queues and the load generator)%n", served[1] / Math.max(1, served[0]) * 1000, served[0]);
    long changeStartMs = System.currentTimeMillis();
    long pollsAtChangeStart = polls.sum();
    int changes = 0;
    while (System.nanoTime() - start < seconds * 1_000_000_000L) {
      int k = ThreadLocalRandom.current().nextInt(n);
      if (changedAt[k] == 0) {
        changedAt[k] = System.nanoTime();
        try {
          if (put(configPath(clusters.get(k), "base"), CONFIG.formatted("rev" + changes)).statusCode() >= 400) {
            errors.increment();
          }
        } catch (java.io.IOException e) {
          errors.increment(); // counted, and the run goes on
        }
        changes++;
      }
      Thread.sleep(100);
    }
    double window = (System.nanoTime() - changeStart) / 1e9;
    System.out.printf("[phase] %d %d fleet (steady state)%n", changeStartMs, System.currentTimeMillis());
    assignmentFanOut(n, assignedAt, assigned);
    missing(clusters, assignedAt, lastError, ended);
    long steadyPolls = polls.sum() - pollsAtChangeStart;
    stop.set(true);
    System.out.printf("%nfleet: %d clusters long-polling (waitSeconds=30), %d polls open at the end%n", n, open.get());
    System.out.printf("  polls answered: %d in %.0f s of steady state = %.0f/s (idle fleet: %d/30 s = %.0f/s)%n",
        steadyPolls, window, steadyPolls / window, n, n / 30.0);
    System.out.printf("  changes: %d; reached their cluster: %d; change -> agent p50 %s, p99 %s%n",
        changes, changed.sum(), ms(wakeLatency, 50), ms(wakeLatency, 99));
    System.out.printf("  status reports: %d; while the fleet comes up: p50 %s, p99 %s; steady state: p50 %s, p99 %s;"
        + " errors %d%n", reports.sum(), ms(rampReportLatency, 50), ms(rampReportLatency, 99),
        ms(reportLatency, 50), ms(reportLatency, 99), errors.sum());
    errorKinds.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> System.out.printf("    %6d  %s%n", e.getValue().sum(), e.getKey()));
    done.await(40, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** The service's own count and sum of seconds of POST requests whose route ends in {@code route}. */
  static double[] serverSide(String route) throws Exception {
    double[] out = new double[2];
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(30)).GET());
    for (String line : r.body().split("\n")) {
      if (!line.startsWith("http_server_requests_seconds_") || !line.contains("method=\"POST\"")
          || !line.contains(route + "\"")) continue;
      double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      if (line.startsWith("http_server_requests_seconds_count")) out[0] += v;
      if (line.startsWith("http_server_requests_seconds_sum")) out[1] += v;
    }
    return out;
  }

  static String error(java.util.Map<String, LongAdder> kinds, AtomicLong steadyFrom, String what) {
    String kind = (System.nanoTime() >= steadyFrom.get() ? "steady: " : "ramp:   ") + what;
    kinds.computeIfAbsent(kind, x -> new LongAdder()).increment();
    return kind;
  }

  static String brief(String body) {
    return body == null ? "" : body.length() > 120 ? body.substring(0, 120) : body;
  }

  /**
   * The agents without the assigned configuration at the deadline: whether their loop ended and
   * why, and what the service answers their current ETag now (a 200 with the configuration means
   * the service had it but the agent's poll was not answered).
   */
  static void missing(List<Cluster> clusters, long[] assignedAt, String[] lastError, boolean[] ended) throws Exception {
    java.util.Map<String, Integer> why = new java.util.TreeMap<>();
    int probed = 0;
    for (int k = 0; k < clusters.size(); k++) {
      if (assignedAt[k] != 0) continue;
      String state = (ended[k] ? "agent loop ended" : "agent polling") + "; last error: " + lastError[k];
      if (!ended[k] && probed++ < 20) {
        HttpResponse<String> r = agentGet(clusters.get(k), etags[k] == 0 ? null : "\"" + etags[k] + "\"", 0);
        state += "; service answers its ETag " + etags[k] + " with " + r.statusCode()
            + (r.body().contains("\"" + ASSIGNED + "\"") ? " (has the assignment)" : "");
      }
      why.merge(state, 1, Integer::sum);
    }
    why.forEach((w, c) -> System.out.printf("  missing: %5d  %s%n", c, w));
  }

  interface Op { Object run(int i) throws Exception; }

  /** What one exchange answered: the status code, the ETag header (null: none) and the body. */
  record Answer(int code, String etag, String body) {}

  /** HTTP/1.1 over one kept-alive socket: write a ready request, read status, ETag and body. */
  static final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(URI u) {
      try {
        socket = new Socket();
        socket.connect(new java.net.InetSocketAddress(u.getHost(), u.getPort()), 10_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = socket.getOutputStream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Integer exchange(byte[] request) throws IOException {
      return exchange(request, 0).code();
    }

    /** Sends the request and reads the answer, waiting at most {@code timeoutMs} (0: forever). */
    Answer exchange(byte[] request, int timeoutMs) throws IOException {
      socket.setSoTimeout(timeoutMs);
      out.write(request);
      out.flush();
      String status = line();
      int code = Integer.parseInt(status.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      String etag = null;
      for (String h = line(); !h.isEmpty(); h = line()) {
        String lower = h.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("content-length:")) length = Long.parseLong(h.substring(15).trim());
        if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
        if (lower.startsWith("etag:")) etag = h.substring(5).trim();
      }
      var body = new java.io.ByteArrayOutputStream();
      if (chunked) {
        for (long n = Long.parseLong(line().trim(), 16); n > 0; n = Long.parseLong(line().trim(), 16)) {
          body.write(in.readNBytes((int) n));
          line();
        }
        line();
      } else if (length > 0) {
        body.write(in.readNBytes((int) length));
      }
      return new Answer(code, etag, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) throw new EOFException("connection closed");
        if (b != '\r') sb.append((char) b);
      }
      return sb.toString();
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a broken connection
      }
    }
  }

  /**
   * One simulated agent's connection to the service. {@code socket} (the default): one kept-alive
   * socket per agent, as an agent on its own machine holds, costing the generator little CPU;
   * {@code jdk} (BENCH_AGENT_CLIENT=jdk): the JDK HttpClient, which costs the generator about three
   * times the service's CPU per request on the cores both share, so the service is measured short
   * of CPU that real agents, elsewhere, would not take from it.
   */
  interface AgentLink {
    Answer poll(String ifNoneMatch, int waitSeconds) throws Exception;

    int report(long version) throws Exception;

    static AgentLink of(Cluster c) {
      return "jdk".equals(System.getenv("BENCH_AGENT_CLIENT")) ? new JdkLink(c) : new SocketLink(c);
    }
  }

  record JdkLink(Cluster c) implements AgentLink {
    @Override
    public Answer poll(String ifNoneMatch, int waitSeconds) throws Exception {
      HttpResponse<String> r = agentGet(c, ifNoneMatch, waitSeconds);
      return new Answer(r.statusCode(), r.headers().firstValue("ETag").orElse(null), r.body());
    }

    @Override
    public int report(long version) throws Exception {
      return ServiceBench.report(c, version);
    }
  }

  /** A kept-alive socket, opened again after a failure (as a client opens a new connection). */
  static final class SocketLink implements AgentLink {
    private final Cluster c;
    private final String host;
    private RawConnection conn;

    SocketLink(Cluster c) {
      this.c = c;
      URI u = URI.create(base);
      this.host = u.getHost() + ":" + u.getPort();
    }

    @Override
    public Answer poll(String ifNoneMatch, int waitSeconds) throws Exception {
      String req = "GET /agent/v1/clusters/" + c.id() + "/desired?waitSeconds=" + waitSeconds + " HTTP/1.1\r\n"
          + "Host: " + host + "\r\nAuthorization: Bearer " + c.token() + "\r\n"
          + (ifNoneMatch == null ? "" : "If-None-Match: " + ifNoneMatch + "\r\n") + "\r\n";
      return send(req.getBytes(StandardCharsets.US_ASCII), (waitSeconds + 30) * 1000);
    }

    @Override
    public int report(long version) throws Exception {
      byte[] body = reportBody(version).getBytes(StandardCharsets.UTF_8);
      String head = "POST /agent/v1/clusters/" + c.id() + "/status HTTP/1.1\r\nHost: " + host
          + "\r\nAuthorization: Bearer " + c.token() + "\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\n\r\n";
      byte[] req = Arrays.copyOf(head.getBytes(StandardCharsets.US_ASCII), head.length() + body.length);
      System.arraycopy(body, 0, req, head.length(), body.length);
      return send(req, 30_000).code();
    }

    private Answer send(byte[] request, int timeoutMs) throws IOException {
      try {
        if (conn == null) {
          conn = new RawConnection(URI.create(base));
        }
        return conn.exchange(request, timeoutMs);
      } catch (IOException | UncheckedIOException e) {
        if (conn != null) {
          conn.close();
          conn = null;
        }
        throw e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      }
    }
  }

  /** {@code workers} virtual threads run {@code op} until {@code seconds} or {@code max} ops. */
  static void runFor(String name, int seconds, int max, int workers, Op op) throws Exception {
    long phaseStart = System.currentTimeMillis();
    AtomicInteger next = new AtomicInteger();
    LongAdder errors = new LongAdder();
    long[][] lat = new long[workers][];
    int[] counts = new int[workers];
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long t0 = System.nanoTime();
    Thread[] threads = new Thread[workers];
    for (int w = 0; w < workers; w++) {
      int me = w;
      lat[w] = new long[1 << 16];
      threads[w] = Thread.ofVirtual().start(() -> {
        while (System.nanoTime() < deadline) {
          int i = next.getAndIncrement();
          if (i >= max) break;
          long t = System.nanoTime();
          try {
            Object r = op.run(i);
            int s = r instanceof HttpResponse<?> h ? h.statusCode() : (Integer) r;
            if (s >= 400) errors.increment();
          } catch (Exception e) {
            errors.increment();
          }
          if (counts[me] == lat[me].length) lat[me] = Arrays.copyOf(lat[me], lat[me].length * 2);
          lat[me][counts[me]++] = System.nanoTime() - t;
        }
      });
    }
    for (Thread t : threads) t.join();
    double secs = (System.nanoTime() - t0) / 1e9;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int w = 0; w < workers; w++) { System.arraycopy(lat[w], 0, all, at, counts[w]); at += counts[w]; }
    Arrays.sort(all);
    System.out.printf("%n%s: %d ops in %.1f s = %.0f/s with %d concurrent; p50 %.1f ms, p99 %.1f ms; errors %d%n",
        name, total, secs, total / secs, workers, pct(all, 50), pct(all, 99), errors.sum());
    System.out.printf("[phase] %d %d %s%n", phaseStart, System.currentTimeMillis(), name);
  }

  static double pct(long[] sorted, int p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p / 100.0))] / 1e6;
  }

  static String ms(ConcurrentLinkedQueue<Long> q, int p) {
    long[] a = q.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format("%.1f ms", pct(a, p));
  }

  static final String ASSIGNED = "fleet-assigned";

  /**
   * One assignment over the whole subscription while the fleet long-polls: the time until every
   * agent has received the assigned configuration in its desired state (bounded at 120 s).
   */
  static void assignmentFanOut(int n, long[] assignedAt, CountDownLatch assigned) throws Exception {
    long startMs = System.currentTimeMillis();
    long start = System.nanoTime();
    HttpResponse<String> r;
    try {
      r = put(
          "/subscriptions/bench/providers/Microsoft.KubernetesConfiguration/fluxConfigurationAssignments/fanout",
          "{\"properties\":{\"configurationName\":\"" + ASSIGNED + "\",\"template\":"
              + CONFIG.formatted("main").replaceFirst("^\\{\"properties\":", "").replaceFirst("}$", "")
              + "}}");
    } catch (java.io.IOException e) {
      System.out.printf("assignment PUT failed: %s%n", e);
      return;
    }
    if (r.statusCode() >= 300) {
      System.out.printf("assignment PUT failed: %d %s%n", r.statusCode(), r.body());
      return;
    }
    assigned.await(120, TimeUnit.SECONDS);
    System.out.printf("[phase] %d %d assignment fan-out%n", startMs, System.currentTimeMillis());
    ConcurrentLinkedQueue<Long> lat = new ConcurrentLinkedQueue<>();
    long last = 0;
    for (long t : assignedAt) {
      if (t != 0) {
        lat.add(t - start);
        last = Math.max(last, t - start);
      }
    }
    System.out.printf("%nassignment fan-out: %d of %d agents had the assigned configuration; all by %.1f s;"
        + " p50 %s, p99 %s (target: all within 10 s)%n", n - assigned.getCount(), n, last / 1e9, ms(lat, 50), ms(lat, 99));
  }

  static final String CONFIG = """
      {"properties":{"gitRepository":{"url":"https://example.com/fleet","repositoryRef":{"branch":"%s"}},
        "kustomizations":{"apps":{"path":"./apps"}}}}""";

  static String configPath(Cluster c, String name) {
    return "/subscriptions/bench/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/"
        + c.name() + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/" + name;
  }

  static HttpRequest.Builder adminReq(String path) {
    return HttpRequest.newBuilder(URI.create(base + path + API)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + admin);
  }

  static HttpResponse<String> put(String path, String body) throws Exception {
    return send(adminReq(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  static HttpResponse<String> agentGet(Cluster c, String ifNoneMatch, int wait) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(base + "/agent/v1/clusters/" + c.id() + "/desired?waitSeconds=" + wait))
        .timeout(Duration.ofSeconds(wait + 30)).header("Authorization", "Bearer " + c.token());
    if (ifNoneMatch != null) b.header("If-None-Match", ifNoneMatch);
    return send(b.GET());
  }

  static String reportBody(long version) {
    return """
        {"configurations":[{"name":"base","appliedVersion":%d,"provisioningState":"Succeeded","complianceState":"Compliant"}]}"""
        .formatted(version);
  }

  static int report(Cluster c, long version) throws Exception {
    String body = reportBody(version);
    return send(HttpRequest.newBuilder(URI.create(base + "/agent/v1/clusters/" + c.id() + "/status"))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + c.token())
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))).statusCode();
  }

  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
