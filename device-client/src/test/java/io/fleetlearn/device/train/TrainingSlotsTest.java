package io.fleetlearn.device.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TrainingSlotsTest {
  @Test
  void aHigherPriorityWaiterIsServedBeforeEarlierLowerOnes() throws Exception {
    TrainingSlots slots = TrainingSlots.of(1);
    List<String> order = new CopyOnWriteArrayList<>();
    TrainingSlots.Permit held = slots.acquire();
    Thread low = waiter(slots.withPriority(100), "low", order);
    awaitWaiting(low);
    Thread early = waiter(slots.withPriority(100), "low-later", order);
    awaitWaiting(early);
    Thread high = waiter(slots.withPriority(1200), "high", order);
    awaitWaiting(high);

    held.close();
    for (Thread t : List.of(low, early, high)) {
      t.join(5_000);
    }

    assertThat(order).containsExactly("high", "low", "low-later");
  }

  @Test
  void neverMoreHoldersThanPermits_andEveryWaiterGetsItsTurn() throws Exception {
    TrainingSlots slots = TrainingSlots.of(2);
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    int threads = 12;
    CountDownLatch done = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) {
      TrainingSlots view = slots.withPriority(i % 3);
      new Thread(
              () -> {
                try (TrainingSlots.Permit p = view.acquire()) {
                  most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                  Thread.onSpinWait();
                  holding.decrementAndGet();
                }
                done.countDown();
              })
          .start();
    }

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(most.get()).isBetween(1, 2);
    assertThat(slots.permits()).isEqualTo(2);
  }

  @Test
  void refusesLessThanOnePermit() {
    assertThatThrownBy(() -> TrainingSlots.of(0)).hasMessageContaining("permits (0)");
  }

  private static Thread waiter(TrainingSlots slots, String name, List<String> order) {
    Thread t =
        new Thread(
            () -> {
              try (TrainingSlots.Permit p = slots.acquire()) {
                order.add(name);
              }
            },
            name);
    t.start();
    return t;
  }

  private static void awaitWaiting(Thread t) {
    await().atMost(Duration.ofSeconds(5)).until(() -> t.getState() == Thread.State.WAITING);
  }
}
