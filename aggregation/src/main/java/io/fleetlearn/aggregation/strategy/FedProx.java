package io.fleetlearn.aggregation.strategy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * FedProx (Li et al. 2020, "Federated Optimization in Heterogeneous Networks"): each device
 * minimizes its local loss plus a proximal term that keeps it near the global model,
 *
 * <pre>{@code h_k(w) = F_k(w) + (μ/2) ||w − w_global||²}</pre>
 *
 * which bounds the drift of devices with skewed data or uneven amounts of work. Only the devices'
 * objective changes: each task carries {@code proximalMu}, and the server side is {@link FedAvg}'s.
 * μ = 0 is FedAvg; the paper uses μ in {0.001, 0.01, 0.1, 1}.
 */
public class FedProx extends FedAvg {
  private final double proximalMu;

  /**
   * @param settings device selection, device settings and server step, as for FedAvg
   * @param proximalMu μ, finite and >= 0
   */
  public FedProx(FedAvg settings, double proximalMu) {
    super(settings);
    if (!(proximalMu >= 0) || Double.isInfinite(proximalMu)) {
      throw new IllegalArgumentException("proximalMu (" + proximalMu + ") must be finite and >= 0");
    }
    this.proximalMu = proximalMu;
  }

  public double proximalMu() {
    return proximalMu;
  }

  /** FedAvg's tasks, each with {@code proximalMu} added to its config. */
  @Override
  public List<TrainTask> configureTrain(long round, List<String> available, RandomGenerator rng) {
    return super.configureTrain(round, available, rng).stream()
        .map(
            t -> {
              Map<String, String> config = new HashMap<>(t.config());
              config.put("proximalMu", Double.toString(proximalMu));
              return new TrainTask(t.deviceId(), config);
            })
        .toList();
  }
}
