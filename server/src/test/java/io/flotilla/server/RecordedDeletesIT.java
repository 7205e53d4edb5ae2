package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.GIT_CONFIG;
import static io.flotilla.server.ConfigurationServerIT.v;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

/**
 * The agent protocol makes deletes explicit: the desired state names the cluster and lists the
 * deletes the service recorded (confirmed by the agent or forced) for 48 hours, so that an agent
 * can tell a configuration deleted on purpose from one merely missing. Real HTTP on 127.0.0.1.
 */
@OnEachTestDatabase
class RecordedDeletesIT {
  @Parameter String databaseUrl;

  MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

  @RegisterExtension
  final ServiceHarness service = ServiceHarness.on(() -> databaseUrl).clock(clock);

  final Api admin = service.admin();

  String clusterPath = TestServers.clusterPath(UUID.randomUUID(), "prod");
  String configs = TestServers.configurations(clusterPath);

  @Test
  void confirmedAndForcedDeletesAreListedForTheAgentUntilTheNameIsTakenAgainOr48HoursPass() {
    TestServers.register(admin, clusterPath);
    var agent = TestServers.agent(admin, clusterPath);
    for (String name : List.of("kept", "confirmed", "forced")) {
      assertThat(admin.put(v(configs + "/" + name), GIT_CONFIG).status()).isEqualTo(201);
    }

    JsonNode before = agent.desired().json();
    assertThat(before.get("cluster").asText()).isEqualTo(clusterPath);
    assertThat(deleted(before)).isEmpty();

    admin.delete(v(configs + "/confirmed"));
    long version =
        ConfigurationServerIT.find(agent.desired().json(), "confirmed").get("version").asLong();
    agent.status(
        "{\"configurations\":[{\"name\":\"confirmed\",\"appliedVersion\":"
            + version
            + ",\"deleted\":true}]}");
    assertThat(admin.delete(v(configs + "/forced?forceDelete=true")).status()).isEqualTo(200);

    JsonNode after = agent.desired().json();
    assertThat(names(after.get("configurations"))).containsExactly("kept");
    assertThat(deleted(after)).containsExactly(configs + "/confirmed", configs + "/forced");
    assertThat(after.at("/deleted/0/deletedAt").asText()).isEqualTo("2026-11-20T10:00:00Z");

    // a configuration created again under a deleted name is no longer a delete
    assertThat(admin.put(v(configs + "/forced"), GIT_CONFIG).status()).isEqualTo(201);
    assertThat(deleted(agent.desired().json())).containsExactly(configs + "/confirmed");

    clock.advance(Duration.ofHours(47));
    assertThat(service.server().pruneRecordedDeletes()).isZero();
    clock.advance(Duration.ofHours(2));
    assertThat(service.server().pruneRecordedDeletes()).isEqualTo(2);
    assertThat(deleted(agent.desired().json())).isEmpty();
  }

  private static List<String> deleted(JsonNode state) {
    List<String> out = new ArrayList<>();
    state.path("deleted").forEach(d -> out.add(d.get("resourceId").asText()));
    return out;
  }

  private static List<String> names(JsonNode configurations) {
    List<String> out = new ArrayList<>();
    configurations.forEach(c -> out.add(c.get("name").asText()));
    return out;
  }
}
