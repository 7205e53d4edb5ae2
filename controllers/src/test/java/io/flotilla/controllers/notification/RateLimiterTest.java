package io.flotilla.controllers.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.controllers.runtime.FluxEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId z) {
          return this;
        }

        public Instant instant() {
          return now;
        }
      };

  private static FluxEvent event(String message, Map<String, String> meta) {
    return new FluxEvent(
        new FluxEvent.InvolvedObject("Kustomization", "apps", "web", "u", "x/v1", null),
        "error",
        "t",
        message,
        "R",
        meta,
        "c",
        "i");
  }

  @Test
  void theSameEventPassesOncePerFiveMinutes() {
    RateLimiter limiter = new RateLimiter(Duration.ofMinutes(5), clock);
    FluxEvent e = event("failed", Map.of("revision", "r1"));
    assertThat(limiter.allow(e)).isTrue();
    now = now.plusSeconds(299);
    assertThat(limiter.allow(e)).isFalse();
    now = now.plusSeconds(1);
    assertThat(limiter.allow(e)).isTrue();
  }

  @Test
  void anotherMessageRevisionOrTokenIsAnotherEvent() {
    RateLimiter limiter = new RateLimiter(Duration.ofMinutes(5), clock);
    assertThat(limiter.allow(event("failed", Map.of("revision", "r1")))).isTrue();
    assertThat(limiter.allow(event("failed again", Map.of("revision", "r1")))).isTrue();
    assertThat(limiter.allow(event("failed", Map.of("revision", "r2")))).isTrue();
    assertThat(limiter.allow(event("failed", Map.of("revision", "r2", "token", "t")))).isTrue();
    // other metadata is not part of the key, as in Flux
    assertThat(limiter.allow(event("failed", Map.of("revision", "r1", "summary", "s")))).isFalse();
  }
}
