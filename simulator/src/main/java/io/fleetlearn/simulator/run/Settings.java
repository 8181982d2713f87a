package io.fleetlearn.simulator.run;

import io.fleetlearn.protocol.message.Optimizer;
import io.fleetlearn.simulator.data.DataChoice;
import io.fleetlearn.simulator.fleet.FleetFile;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What one simulation runs. Validated by the training request the coordinator builds from it, and
 * here for what only the simulator reads.
 *
 * @param fleet the fleet file
 * @param fleetSource where it came from, for the report
 * @param data which Fashion-MNIST
 * @param alpha the Dirichlet concentration of the label split
 * @param minPerDevice the fewest training examples a device gets
 * @param seed seeds the split, the links, selection and model initialization
 * @param training the training's settings
 * @param out the folder the run folder is made in
 */
public record Settings(
    FleetFile fleet,
    String fleetSource,
    DataChoice data,
    double alpha,
    int minPerDevice,
    long seed,
    Training training,
    Path out) {

  /**
   * The training the coordinator runs (see {@link
   * io.fleetlearn.coordinator.fleet.TrainingRequest}).
   */
  public record Training(
      String spec,
      String strategy,
      int rounds,
      double fraction,
      double quorum,
      int deadlineSeconds,
      int epochs,
      int batchSize,
      double learningRate,
      Optimizer optimizer,
      String uploadPipeline,
      String downloadPipeline,
      boolean sizing) {

    /** The same training with other compression pipelines. */
    public Training withPipelines(String upload, String download) {
      return new Training(
          spec,
          strategy,
          rounds,
          fraction,
          quorum,
          deadlineSeconds,
          epochs,
          batchSize,
          learningRate,
          optimizer,
          upload,
          download,
          sizing);
    }

    /** The same training with sizing on or off. */
    public Training withSizing(boolean on) {
      return new Training(
          spec,
          strategy,
          rounds,
          fraction,
          quorum,
          deadlineSeconds,
          epochs,
          batchSize,
          learningRate,
          optimizer,
          uploadPipeline,
          downloadPipeline,
          on);
    }
  }

  /** The same simulation with another training. */
  public Settings withTraining(Training t) {
    return new Settings(fleet, fleetSource, data, alpha, minPerDevice, seed, t, out);
  }

  /** The same simulation writing its run folder into another folder. */
  public Settings withOut(Path folder) {
    return new Settings(fleet, fleetSource, data, alpha, minPerDevice, seed, training, folder);
  }

  public Settings {
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(out, "out");
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("--alpha (" + alpha + ") must be finite and > 0");
    }
    if (minPerDevice < 1) {
      throw new IllegalArgumentException("--min-examples (" + minPerDevice + ") must be >= 1");
    }
  }
}
