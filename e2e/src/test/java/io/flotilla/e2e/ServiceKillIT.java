package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.ServerOptions;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a write the configuration service acknowledged (PUT 201, PATCH 202) survives {@code
 * kill -9} of its process with the H2 file. A child JVM runs the service on a data dir; six clients
 * create and patch configurations and note every answer; the child is killed with SIGKILL while
 * they are at it and the service restarted on the same data dir: every acknowledged write is there.
 */
class ServiceKillIT {

  @TempDir Path dataDir;

  /** The branch number last acknowledged for each configuration. */
  private final Map<String, Integer> acked = new ConcurrentHashMap<>();

  @Test
  void everyAcknowledgedPutAndPatchIsThereAfterKillMinus9() throws Exception {
    String sub = UUID.randomUUID().toString();
    WriteStorm storm;
    try (ChildJvm child = ChildJvm.onDataDir(ServiceKillIT.class, dataDir, "STARTED ");
        HttpClient http = HttpClient.newHttpClient()) {
      String[] started = child.readyLine().split(" ");
      ArmRequests arm = new ArmRequests(started[0], started[1]);
      HttpResponse<String> created =
          http.send(
              arm.putCluster(ArmRequests.cluster(sub, "kill")),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      storm = WriteStorm.start(6, (client, s) -> writeUntilGone(arm, sub, client, s));
      assertThat(storm.awaitAnswers(90, Duration.ofSeconds(120))).as("answers").isTrue();
      child.kill();
      storm.join();
    }
    assertThat(storm.unexpected()).isEmpty();

    try (ConfigurationServer again =
            ConfigurationServer.start(ServerOptions.defaults().withPort(0).withDataDir(dataDir));
        HttpClient http = HttpClient.newHttpClient()) {
      ArmRequests arm = new ArmRequests(again.url(), again.adminToken());
      List<String> lost = new ArrayList<>();
      for (var e : acked.entrySet()) {
        String branch = arm.branch(http, ArmRequests.configuration(sub, "kill", e.getKey()));
        // a later PATCH that was sent but not answered may have landed as well
        if (!branch.startsWith("b") || Integer.parseInt(branch.substring(1)) < e.getValue()) {
          lost.add(e.getKey() + ": b" + e.getValue() + " acknowledged, found " + branch);
        }
      }
      assertThat(lost).as("acknowledged writes lost, of %s configurations", acked.size()).isEmpty();
    }
  }

  /** cfg-<client>-<n>: PUT with branch b1 (201), then PATCHed to b2 and b3 (202 each). */
  private void writeUntilGone(ArmRequests arm, String sub, int client, WriteStorm storm)
      throws Exception {
    for (int n = 0; ; n++) {
      String name = "cfg-" + client + "-" + n;
      String path = ArmRequests.configuration(sub, "kill", name);
      for (int v = 1; v <= 3; v++) {
        boolean ok =
            v == 1
                ? storm.send(arm.put(path, ArmRequests.gitConfiguration("b1")), 201)
                : storm.send(arm.patch(path, ArmRequests.branchPatch("b" + v)), 202);
        if (!ok) {
          return;
        }
        acked.put(name, v);
      }
    }
  }

  /** The child: the service on an H2 file until it is killed. */
  public static void main(String[] args) throws Exception {
    ConfigurationServer server =
        ConfigurationServer.start(
            ServerOptions.defaults().withPort(0).withDataDir(Path.of(args[0])));
    System.out.println("STARTED " + server.url() + " " + server.adminToken());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
