package io.fleetlearn.device.train.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import io.fleetlearn.device.train.DjlRuntime;

/**
 * The NaN of oneDNN's convolution input gradient, alone (not a unit test): runs a 5×5 conv2d
 * forward and backward {@code reps} times on random data and counts the reps whose input gradient
 * has a NaN or infinity. Arguments: batch, input channels, output channels, height/width, reps. Run
 * it as {@code TrainRoundMain} says, once as is (oneDNN off, the device default) and once with
 * {@code -Dfleetlearn.onednn=true}; figures in docs/device-client.md.
 */
public final class ConvGradProbeMain {
  private ConvGradProbeMain() {}

  /** Runs the reps and prints the count. */
  public static void main(String[] args) {
    int batch = Integer.parseInt(args[0]);
    int ic = Integer.parseInt(args[1]);
    int oc = Integer.parseInt(args[2]);
    int hw = Integer.parseInt(args[3]);
    int reps = Integer.parseInt(args[4]);
    var engine = DjlRuntime.engine();
    int bad = 0;
    for (int r = 0; r < reps; r++) {
      try (NDManager m = engine.newBaseManager()) {
        engine.setRandomSeed(r);
        NDArray x = m.randomNormal(new Shape(batch, ic, hw, hw));
        NDArray w = m.randomNormal(new Shape(oc, ic, 5, 5)).mul(0.1f);
        NDArray b = m.zeros(new Shape(oc));
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        try (GradientCollector gc = engine.newGradientCollector()) {
          NDArray y =
              Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
                  .singletonOrThrow();
          NDArray g = m.randomNormal(y.getShape());
          gc.backward(y.mul(g).sum());
        }
        NDArray gx = x.getGradient();
        boolean finite =
            gx.isNaN().any().getBoolean() == false && gx.isInfinite().any().getBoolean() == false;
        boolean wfin = !w.getGradient().isNaN().any().getBoolean();
        if (!finite || !wfin) {
          bad++;
          System.out.println("rep " + r + " grad x finite=" + finite + " grad w finite=" + wfin);
        }
      }
    }
    System.out.printf(
        "batch=%d ic=%d oc=%d hw=%d: %d of %d reps non-finite%n", batch, ic, oc, hw, bad, reps);
  }
}
