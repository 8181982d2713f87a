package io.fleetlearn.simulator.run;

/**
 * A listener that passes every call on to another; subclasses override what they add. Wrappers
 * written out by hand each had to list every method, and one that missed {@code online} silently
 * dropped the fleet's start-up line.
 */
public abstract class ForwardingProgress implements ProgressListener {
  private final ProgressListener inner;

  protected ForwardingProgress(ProgressListener inner) {
    this.inner = inner;
  }

  @Override
  public void started(String dashboard, int devices, String dataSource, String runFolder) {
    inner.started(dashboard, devices, dataSource, runFolder);
  }

  @Override
  public void online(int devices, double seconds, TransportKind transport) {
    inner.online(devices, seconds, transport);
  }

  @Override
  public void round(RoundRecord record, int totalRounds) {
    inner.round(record, totalRounds);
  }

  @Override
  public void joined(String trainingId, String name) {
    inner.joined(trainingId, name);
  }

  @Override
  public void keptOpen(Outcome outcome, String dashboard) {
    inner.keptOpen(outcome, dashboard);
  }
}
