package io.fleetlearn.aggregation.fold;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hot loops of folding, and the split of a large dense run across two threads.
 *
 * <p>The split keeps every parameter's additions in update order (each parameter is touched by
 * exactly one thread per update), so a split fold is bit-identical to a sequential one. The caller
 * folds the first half itself and then claims the second half if no pool thread has started it, so
 * a busy or single-threaded executor costs nothing beyond one task submission.
 */
final class Kernels {
  /**
   * Below this many values a second thread costs more than it saves (task hand-off is a few
   * microseconds; 64K values take ~20 µs on one core).
   */
  static final int SPLIT_MIN = 1 << 16;

  private final Executor executor;

  /**
   * @param executor runs the second half of large runs; null folds on the caller only
   */
  Kernels(Executor executor) {
    this.executor = executor;
  }

  /** {@code sum[base + i] += w * x[from + i]} for {@code i < n}. */
  void axpy(double[] sum, int base, float[] x, int from, int n, double w) {
    if (executor == null || n < SPLIT_MIN) {
      axpyRange(sum, base, x, from, n, w);
      return;
    }
    int half = n >>> 1;
    both(
        () -> axpyRange(sum, base, x, from, half, w),
        () -> axpyRange(sum, base + half, x, from + half, n - half, w));
  }

  /** {@code sum[i] += x[i]} for {@code i < n}: merging another partial sum. */
  void add(double[] sum, double[] x, int n) {
    if (executor == null || n < SPLIT_MIN) {
      addRange(sum, x, 0, n);
      return;
    }
    int half = n >>> 1;
    both(() -> addRange(sum, x, 0, half), () -> addRange(sum, x, half, n));
  }

  static void axpyRange(double[] sum, int base, float[] x, int from, int n, double w) {
    // Plain counted loop over two arrays: C2 vectorizes it (float-to-double convert, FMA-free
    // multiply-add, so the result equals the scalar loop's).
    for (int i = 0; i < n; i++) {
      sum[base + i] += w * x[from + i];
    }
  }

  static void addRange(double[] sum, double[] x, int from, int to) {
    for (int i = from; i < to; i++) {
      sum[i] += x[i];
    }
  }

  /** {@code sum[base + idx[i]] += w * x[i]} for {@code i < count}. */
  static void scatter(double[] sum, int base, int[] idx, float[] x, int count, double w) {
    for (int i = 0; i < count; i++) {
      sum[base + idx[i]] += w * x[i];
    }
  }

  private void both(Runnable first, Runnable second) {
    AtomicBoolean taken = new AtomicBoolean();
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable helper =
        () -> {
          if (taken.compareAndSet(false, true)) {
            try {
              second.run();
              done.complete(null);
            } catch (Throwable t) {
              done.completeExceptionally(t);
            }
          }
        };
    try {
      executor.execute(helper);
    } catch (RejectedExecutionException e) {
      // Folded below by the caller.
    }
    first.run();
    if (taken.compareAndSet(false, true)) {
      second.run();
    } else {
      done.join();
    }
  }
}
