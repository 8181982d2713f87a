package io.fleetlearn.aggregation.fold;

import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A weighted sum and the weights behind it, as data: what one coordinator (or one level of an
 * aggregation tree) hands to another. Partial aggregates of the same layout are additive, so
 * merging them in any order gives the aggregate of all their updates.
 *
 * <p>The arrays are not copied (a model-sized copy per access would cost as much as the merge
 * itself): treat them as read-only. {@link WeightedSum#snapshot()} hands out fresh ones. Equality
 * compares contents.
 *
 * @param layout the full model's tensors
 * @param sum per parameter, the weighted sum of the updates' values
 * @param fullWeight total weight of the full-width updates (it covers every parameter)
 * @param narrowWeight per parameter, the weight of the narrow updates that cover it; null when
 *     there were none
 * @param totalWeight total weight of every update
 * @param updates how many updates
 */
public record PartialAggregate(
    List<TensorInfo> layout,
    double[] sum,
    double fullWeight,
    double[] narrowWeight,
    double totalWeight,
    long updates) {

  public PartialAggregate {
    layout = List.copyOf(layout);
    long n = 0;
    for (TensorInfo t : layout) {
      n += t.shape().size();
    }
    if (sum.length != n || (narrowWeight != null && narrowWeight.length != n)) {
      throw new IllegalArgumentException(
          "partial aggregate arrays ("
              + sum.length
              + ") do not match the layout's "
              + n
              + " parameters");
    }
  }

  /** The weight covering parameter {@code p}. */
  public double weightAt(int p) {
    return fullWeight + (narrowWeight == null ? 0 : narrowWeight[p]);
  }

  /** This aggregate plus another of the same layout, as a new aggregate. */
  public PartialAggregate merge(PartialAggregate other) {
    WeightedSum s = new WeightedSum(layout);
    s.merge(this);
    s.merge(other);
    return s.snapshot();
  }

  /** The per-parameter weighted mean; 0 where no weight covers a parameter. */
  public Model mean() {
    List<String> names = new ArrayList<>(layout.size());
    List<Shape> shapes = new ArrayList<>(layout.size());
    for (TensorInfo t : layout) {
      names.add(t.name());
      shapes.add(t.shape());
    }
    Model m = Model.flatZeros(names, shapes);
    int p = 0;
    for (Tensor t : m.tensors()) {
      float[] a = t.array();
      int off = t.offset();
      for (int i = 0; i < t.size(); i++, p++) {
        double w = weightAt(p);
        a[off + i] = w > 0 ? (float) (sum[p] / w) : 0f;
      }
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartialAggregate p
        && layout.equals(p.layout)
        && java.util.Arrays.equals(sum, p.sum)
        && Double.compare(fullWeight, p.fullWeight) == 0
        && java.util.Arrays.equals(narrowWeight, p.narrowWeight)
        && Double.compare(totalWeight, p.totalWeight) == 0
        && updates == p.updates;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        layout, java.util.Arrays.hashCode(sum), fullWeight, totalWeight, updates);
  }

  @Override
  public String toString() {
    return "PartialAggregate["
        + sum.length
        + " parameters, "
        + updates
        + " updates, weight "
        + totalWeight
        + "]";
  }
}
