package io.fleetlearn.simulator.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A non-IID split of labelled examples over devices: for each class, the share each device gets is
 * drawn from a symmetric Dirichlet(α) (Hsu, Qi and Brown 2019, "Measuring the Effects of
 * Non-Identical Data Distribution for Federated Visual Classification"). Small α gives each device
 * few classes (0.1 is hard), large α approaches an IID split. Every example goes to exactly one
 * device; the whole draw is repeated (up to {@link #ATTEMPTS} times, with the same seeded stream)
 * until every device has at least the minimum number of examples, as Flower's DirichletPartitioner
 * does.
 */
public final class DirichletSplit {
  /** Draws before giving up on the minimum shard size. */
  static final int ATTEMPTS = 1000;

  private DirichletSplit() {}

  /**
   * Splits example indices {@code 0 .. labels.length-1} over {@code devices}.
   *
   * @param labels one label per example, in [0, classes)
   * @param classes number of classes
   * @param devices number of shards, at least 1
   * @param alpha Dirichlet concentration, &gt; 0
   * @param seed the draw's seed: same inputs and seed, same split
   * @param minPerDevice fewest examples any shard may get
   * @return one array of example indices per device, ascending
   * @throws IllegalArgumentException naming the argument that is out of range, or when no draw
   *     gives every device {@code minPerDevice} examples
   */
  public static int[][] split(
      int[] labels, int classes, int devices, double alpha, long seed, int minPerDevice) {
    if (devices < 1) {
      throw new IllegalArgumentException("devices (" + devices + ") must be >= 1");
    }
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha (" + alpha + ") must be finite and > 0");
    }
    if (minPerDevice < 0 || (long) minPerDevice * devices > labels.length) {
      throw new IllegalArgumentException(
          "minPerDevice ("
              + minPerDevice
              + ") × devices ("
              + devices
              + ") must be at most the "
              + labels.length
              + " examples");
    }
    List<List<Integer>> byClass = byClass(labels, classes);
    SplittableRandom random = new SplittableRandom(seed);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int[][] shards = draw(byClass, devices, alpha, random);
      boolean ok = true;
      for (int[] s : shards) {
        ok &= s.length >= minPerDevice;
      }
      if (ok) {
        return shards;
      }
    }
    throw new IllegalArgumentException(
        "no Dirichlet("
            + alpha
            + ") draw in "
            + ATTEMPTS
            + " gave each of "
            + devices
            + " devices "
            + minPerDevice
            + " of "
            + labels.length
            + " examples; use more data, fewer devices or a larger alpha");
  }

  private static List<List<Integer>> byClass(int[] labels, int classes) {
    List<List<Integer>> out = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      out.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "label of example " + i + " (" + labels[i] + ") must be in [0, " + classes + ")");
      }
      out.get(labels[i]).add(i);
    }
    return out;
  }

  private static int[][] draw(
      List<List<Integer>> byClass, int devices, double alpha, SplittableRandom random) {
    List<List<Integer>> shards = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      shards.add(new ArrayList<>());
    }
    for (List<Integer> members : byClass) {
      List<Integer> shuffled = new ArrayList<>(members);
      for (int i = shuffled.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        Integer t = shuffled.get(i);
        shuffled.set(i, shuffled.get(j));
        shuffled.set(j, t);
      }
      double[] p = Gamma.dirichlet(devices, alpha, random);
      // Cumulative cut points: rounding each share separately could lose or repeat examples.
      double cumulative = 0;
      int from = 0;
      for (int d = 0; d < devices; d++) {
        cumulative += p[d];
        int to =
            d == devices - 1 ? shuffled.size() : (int) Math.round(cumulative * shuffled.size());
        to = Math.max(from, Math.min(to, shuffled.size()));
        shards.get(d).addAll(shuffled.subList(from, to));
        from = to;
      }
    }
    int[][] out = new int[devices][];
    for (int d = 0; d < devices; d++) {
      out[d] = shards.get(d).stream().mapToInt(Integer::intValue).sorted().toArray();
    }
    return out;
  }
}
