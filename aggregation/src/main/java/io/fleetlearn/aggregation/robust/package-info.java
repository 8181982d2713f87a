/**
 * Byzantine-robust aggregation: coordinate-wise {@link
 * io.fleetlearn.aggregation.robust.CoordinateMedian median} and {@link
 * io.fleetlearn.aggregation.robust.TrimmedMean trimmed mean} (Yin et al. 2018), {@link
 * io.fleetlearn.aggregation.robust.Krum Krum} and {@link io.fleetlearn.aggregation.robust.MultiKrum
 * Multi-Krum} (Blanchard et al. 2017), and {@link io.fleetlearn.aggregation.robust.NormBounding
 * norm bounding} in front of any strategy (Sun et al. 2019).
 *
 * <p>Unlike the averaging strategies these rules need every update at once, so a {@link
 * io.fleetlearn.aggregation.robust.RobustRound} buffers the round's accepted updates decoded to
 * dense float arrays in the full layout: memory {@code n × params × 4} bytes (20 updates of 1M
 * parameters: 80 MB), independent of how compressed the updates arrived. Updates are checked
 * (round, duplicate device, layout, bounds, finite values) before they are buffered; narrow
 * (width-sliced) updates are refused, since a coordinate-wise order statistic over a varying number
 * of values is a different estimator and Krum's distances need one common space. Sample counts are
 * ignored: an unverifiable count must not buy a device influence over a robust rule.
 */
package io.fleetlearn.aggregation.robust;
