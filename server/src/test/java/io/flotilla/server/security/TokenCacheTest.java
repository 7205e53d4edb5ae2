package io.flotilla.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.server.store.ClusterRepository.TokenRow;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
  final TokenCache cache = new TokenCache();
  final AtomicInteger loads = new AtomicInteger();

  Optional<TokenRow> find(String token, TokenRow row) {
    return cache.find(
        token,
        hash -> {
          loads.incrementAndGet();
          assertThat(hash).isEqualTo(Tokens.hash(token)); // the store only knows hashes
          return Optional.ofNullable(row);
        });
  }

  @Test
  void aVerifiedTokenIsLoadedOnce() {
    TokenRow agent = new TokenRow("agent", "c1");
    assertThat(find("t1", agent)).contains(agent);
    assertThat(find("t1", agent)).contains(agent);
    assertThat(loads).hasValue(1);
  }

  @Test
  void anUnknownTokenIsNeverCached() {
    assertThat(find("bad", null)).isEmpty();
    assertThat(find("bad", null)).isEmpty();
    assertThat(loads).hasValue(2);
  }

  @Test
  void aClusterHasOneAgentTokenSoTheNewOneEvictsTheOld() {
    find("old", new TokenRow("agent", "c1"));
    find("new", new TokenRow("agent", "c1"));
    assertThat(find("old", null)).isEmpty();
    assertThat(loads).hasValue(3);
  }

  @Test
  void invalidatingAClusterDropsItsToken() {
    find("t1", new TokenRow("agent", "c1"));
    find("admin", new TokenRow("admin", null));
    cache.invalidateCluster("c1");
    assertThat(find("t1", null)).isEmpty();
    assertThat(find("admin", new TokenRow("admin", null))).isPresent();
    assertThat(loads).hasValue(3);
  }
}
