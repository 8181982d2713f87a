package io.fleetlearn.device.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectSupervisorTest {
  private static final Duration BASE = Duration.ofMillis(100);
  private static final Duration CAP = Duration.ofMillis(1000);
  private static final Duration STABLE = Duration.ofSeconds(60);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final FakeTransport transport = new FakeTransport();
  private final ReconnectSupervisor supervisor =
      new ReconnectSupervisor(
          transport,
          OutgoingMessage.retained("fl/f/device/d/status", new byte[] {0}),
          scheduler,
          new Backoff(BASE, CAP, BackoffTest.HIGHEST),
          STABLE);

  private List<Duration> retryDelays() {
    // Every scheduled delay except the stability checks.
    List<Duration> out = new ArrayList<>(scheduler.delays());
    out.removeIf(STABLE::equals);
    return out;
  }

  @Test
  void failedAttemptsAreRetriedAfterDoublingDelaysUntilOneSucceeds() {
    transport.outcomes.add(null);
    transport.outcomes.add(null);
    transport.outcomes.add(null);
    transport.outcomes.add(false);
    supervisor.start();
    scheduler.advance(Duration.ofSeconds(5));

    assertThat(transport.connects).isEqualTo(4);
    assertThat(retryDelays())
        .containsExactly(Duration.ZERO, BASE, BASE.multipliedBy(2), BASE.multipliedBy(4));
    ReconnectSupervisor.State state = supervisor.state();
    assertThat(state.connected()).isTrue();
    assertThat(state.attempts()).isEqualTo(3);
    assertThat(state.lastError())
        .hasValueSatisfying(e -> assertThat(e.reasonCode()).isEqualTo(0x88));
  }

  @Test
  void theBackOffStartsOverOnlyAfterAStableConnection() {
    transport.outcomes.add(null);
    transport.outcomes.add(null);
    transport.outcomes.add(false);
    transport.outcomes.add(false);
    supervisor.start();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(supervisor.state().attempts()).isEqualTo(2);

    transport.drop(); // before the connection was stable: the window keeps growing
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(retryDelays()).last().isEqualTo(BASE.multipliedBy(4));
    assertThat(supervisor.state().attempts()).isEqualTo(3);

    scheduler.advance(STABLE);
    assertThat(supervisor.state().attempts()).isZero();
    assertThat(supervisor.state().connected()).isTrue();
  }

  @Test
  void subscriptionsAreMadeAgainOnlyWhenTheBrokerLostTheSession() {
    supervisor.subscribe("fl/f/device/d/task", 1, (t, p) -> {});
    transport.outcomes.add(false);
    transport.outcomes.add(true);
    transport.outcomes.add(false);
    supervisor.start();
    scheduler.runDue();
    assertThat(transport.subscribed).hasSize(1);

    transport.drop();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(transport.connects).isEqualTo(2);
    assertThat(transport.subscribed).hasSize(1); // session present: the broker kept it

    transport.drop();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(transport.connects).isEqualTo(3);
    assertThat(transport.subscribed).hasSize(2);
    assertThat(transport.routed).hasSize(3); // routes are set before every connect
  }

  @Test
  void listenersRunAfterEveryConnectAndStaleDropsAreIgnored() {
    int[] runs = {0};
    supervisor.onConnected(() -> runs[0]++);
    transport.outcomes.add(false);
    transport.outcomes.add(false);
    supervisor.start();
    scheduler.runDue();
    transport.drop();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(runs[0]).isEqualTo(2);

    // A late loss report of the first connection must not tear down the second.
    transport.allLost.get(0).accept(new TransportException("connection", 32109, "late", null));
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(transport.connects).isEqualTo(2);
    assertThat(supervisor.state().connected()).isTrue();
  }

  @Test
  void closeStopsRetryingAndClosesTheTransport() {
    supervisor.start();
    scheduler.runDue(); // refused: a retry is pending
    supervisor.close();
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(transport.connects).isEqualTo(1);
    assertThat(transport.closed).isTrue();
    assertThatThrownBy(() -> supervisor.subscribe("x", 1, (t, p) -> {}))
        .isInstanceOf(IllegalStateException.class);
  }
}
