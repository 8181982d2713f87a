package io.fleetlearn.simulator.run;

import io.fleetlearn.coordinator.fleet.Assignment;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.device.train.Evaluation;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the coordinator's view of a round and the test-set evaluation into a report row; {@code
 * startedMillis} is when the training was started (the coordinator's clock is this machine's).
 */
final class RoundRecords {
  private RoundRecords() {}

  static RoundRecord of(RoundView r, Evaluation e, int dropouts, long startedMillis) {
    Map<String, Integer> widths = new TreeMap<>();
    int declined = 0;
    int missed = 0;
    for (Assignment a : r.assignments()) {
      widths.merge(String.format(Locale.ROOT, "%.2f", a.widthPpm() / 1e6), 1, Integer::sum);
      switch (a.outcome()) {
        case DECLINED -> declined++;
        case MISSED, LATE, ASSIGNED -> missed++;
        default -> {}
      }
    }
    double seconds =
        r.closedMillis() == null ? Double.NaN : (r.closedMillis() - r.openedMillis()) / 1000.0;
    return new RoundRecord(
        r.round(),
        r.state().name(),
        e.accuracy(),
        e.loss(),
        r.trainLoss() == null ? Double.NaN : r.trainLoss(),
        r.bytesDown(),
        r.denseBytesDown(),
        r.bytesUp(),
        r.denseBytesUp(),
        r.assignments().size(),
        r.accepted(),
        declined,
        missed,
        dropouts,
        widths,
        seconds,
        r.closedMillis() == null ? Double.NaN : (r.closedMillis() - startedMillis) / 1000.0);
  }
}
