package io.flotilla.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class GroupedTransactionsTest {
  final Jdbi jdbi = Jdbi.create("jdbc:h2:mem:grouped-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
  final List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  /** Doubles each request; refuses -1 (and with it its whole group's transaction). */
  List<Integer> work(Handle h, List<Integer> group) {
    entered.countDown();
    try {
      release.await(10, TimeUnit.SECONDS); // the first group holds the only worker
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    groups.add(List.copyOf(group));
    if (group.contains(-1)) {
      throw new IllegalArgumentException("bad request");
    }
    return group.stream().map(i -> i * 2).toList();
  }

  /** Submits each on its own thread; the first occupies the worker while the others queue. */
  List<CompletableFuture<Integer>> submitWhileBusy(
      GroupedTransactions<Integer, Integer> grouped, int first, int... rest) {
    List<CompletableFuture<Integer>> out = new ArrayList<>();
    out.add(CompletableFuture.supplyAsync(() -> grouped.submit(first), threads));
    await().atMost(10, TimeUnit.SECONDS).until(() -> entered.getCount() == 0);
    for (int r : rest) {
      out.add(CompletableFuture.supplyAsync(() -> grouped.submit(r), threads));
    }
    await().atMost(10, TimeUnit.SECONDS).until(() -> grouped.queued() == rest.length);
    release.countDown();
    return out;
  }

  @Test
  void requestsThatWaitTogetherShareOneTransaction() {
    var grouped = new GroupedTransactions<Integer, Integer>(jdbi, "test", 1, 100, this::work);
    var answers = submitWhileBusy(grouped, 1, 2, 3, 4);
    assertThat(answers.stream().map(CompletableFuture::join)).containsExactly(2, 4, 6, 8);
    assertThat(groups).hasSize(2);
    assertThat(groups.get(1)).containsExactlyInAnyOrder(2, 3, 4);
  }

  @Test
  void aGroupIsNoLargerThanItsLimit() {
    var grouped = new GroupedTransactions<Integer, Integer>(jdbi, "test", 1, 2, this::work);
    var answers = submitWhileBusy(grouped, 1, 2, 3, 4, 5);
    assertThat(answers.stream().map(CompletableFuture::join)).containsExactly(2, 4, 6, 8, 10);
    assertThat(groups).allSatisfy(g -> assertThat(g.size()).isLessThanOrEqualTo(2));
    assertThat(groups.stream().flatMap(List::stream)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
  }

  @Test
  void aBadRequestFailsAloneAndTheRestOfItsGroupIsAnswered() {
    var grouped = new GroupedTransactions<Integer, Integer>(jdbi, "test", 1, 100, this::work);
    var answers = submitWhileBusy(grouped, 1, 2, -1, 3);
    assertThat(answers.get(0).join()).isEqualTo(2);
    assertThat(answers.get(1).join()).isEqualTo(4);
    assertThat(answers.get(3).join()).isEqualTo(6);
    assertThatThrownBy(() -> answers.get(2).join()).hasRootCauseMessage("bad request");
  }
}
