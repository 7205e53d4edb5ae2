package io.flotilla.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RenderedStatesTest {
  final AtomicLong now = new AtomicLong();
  final RenderedStates cache = new RenderedStates(10, now::get);

  static AgentService.Delivery delivery(long version) {
    return new AgentService.Delivery(
        AgentService.etag(version), ("{\"v\":" + version + "}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void answersOnlyTheVersionItWasRenderedAtAndTheSameKindOfAgent() {
    cache.put("c", true, 3, delivery(3));
    assertThat(cache.get("c", true, 3).etag()).isEqualTo("\"3\"");
    assertThat(cache.get("c", true, 4)).isNull();
    assertThat(cache.get("c", false, 3)).as("an agent without extensions").isNull();
    assertThat(cache.get("d", true, 3)).isNull();
  }

  @Test
  void aNewVersionReplacesTheOldOneAndASlowOlderReadDoesNot() {
    cache.put("c", false, 3, delivery(3));
    cache.put("c", false, 5, delivery(5));
    cache.put("c", false, 4, delivery(4));
    assertThat(cache.get("c", false, 3)).isNull();
    assertThat(cache.get("c", false, 4)).isNull();
    assertThat(cache.get("c", false, 5).etag()).isEqualTo("\"5\"");
  }

  @Test
  void entriesExpireAndTheSizeIsBounded() {
    cache.put("c", false, 1, delivery(1));
    now.addAndGet(RenderedStates.TTL.toNanos() + 1);
    assertThat(cache.get("c", false, 1)).as("expired").isNull();
    for (int i = 0; i < 100; i++) {
      cache.put("c" + i, false, 1, delivery(1));
      assertThat(cache.size()).isLessThanOrEqualTo(10);
    }
    assertThat(cache.get("c99", false, 1)).as("the newest entry is kept").isNotNull();
  }
}
