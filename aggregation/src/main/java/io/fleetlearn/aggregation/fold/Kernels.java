package io.fleetlearn.aggregation.fold;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The hot loops of folding, and the sharing of a large run between the caller and one executor
 * thread.
 *
 * <p>A large run is cut into chunks that the caller and a helper task take from a shared counter:
 * the caller starts at once and the helper joins when it is scheduled, so a slow wake-up or a busy
 * executor costs at most one task submission, never a wait for a whole half. Every parameter is
 * touched by exactly one thread per update and receives its additions in update order, so the
 * result is bit-identical to a sequential fold.
 *
 * <p>Sparse runs are not shared: a top-1% update of 1M parameters takes ~20 µs on one core, and
 * handing half of it over measured slower (41 µs against 22 µs per update, JDK 25, 2 cores), the
 * hand-off costing as much as the work.
 */
final class Kernels {
  /** Dense values per chunk: ~25 µs of work, far above the cost of taking a chunk. */
  static final int DENSE_CHUNK = 1 << 16;

  private final Executor executor;

  /**
   * @param executor runs the helper of large runs; null folds on the caller only
   */
  Kernels(Executor executor) {
    this.executor = executor;
  }

  /** {@code sum[base + i] += w * x[from + i]} for {@code i < n}. */
  void axpy(double[] sum, int base, float[] x, int from, int n, double w) {
    share(
        n,
        DENSE_CHUNK,
        c -> {
          int at = c * DENSE_CHUNK;
          axpyRange(sum, base + at, x, from + at, Math.min(DENSE_CHUNK, n - at), w);
        });
  }

  /** {@code sum[i] += x[i]} for {@code i < n}: merging another partial sum. */
  void add(double[] sum, double[] x, int n) {
    share(
        n,
        DENSE_CHUNK,
        c -> {
          int at = c * DENSE_CHUNK;
          addRange(sum, x, at, Math.min(at + DENSE_CHUNK, n));
        });
  }

  static void axpyRange(double[] sum, int base, float[] x, int from, int n, double w) {
    // A plain counted loop over two arrays, which C2 vectorizes (convert, multiply, add; no FMA,
    // so the result equals the scalar loop's).
    for (int i = 0; i < n; i++) {
      sum[base + i] += w * x[from + i];
    }
  }

  /** {@code sum[base + idx[i]] += w * x[i]} for {@code i < count}, on the caller. */
  static void scatter(double[] sum, int base, int[] idx, float[] x, int count, double w) {
    for (int i = 0; i < count; i++) {
      sum[base + idx[i]] += w * x[i];
    }
  }

  static void addRange(double[] sum, double[] x, int from, int to) {
    for (int i = from; i < to; i++) {
      sum[i] += x[i];
    }
  }

  /** Runs {@code chunk} for every chunk of {@code n} items, on the caller and maybe one helper. */
  private void share(int n, int chunkSize, IntConsumer chunk) {
    int chunks = (int) (((long) n + chunkSize - 1) / chunkSize);
    if (executor == null || chunks < 2) {
      for (int c = 0; c < chunks; c++) {
        chunk.accept(c);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean started = new AtomicBoolean();
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable helper =
        () -> {
          if (!started.compareAndSet(false, true)) {
            return;
          }
          try {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
              chunk.accept(c);
            }
            done.complete(null);
          } catch (Throwable t) {
            done.completeExceptionally(t);
          }
        };
    try {
      executor.execute(helper);
    } catch (RejectedExecutionException e) {
      // The caller takes every chunk.
    }
    for (int c; (c = next.getAndIncrement()) < chunks; ) {
      chunk.accept(c);
    }
    // A helper that has not started by now never will run a chunk; one that has is finishing its
    // last chunk, which the caller must wait for before the sum is read.
    if (!started.compareAndSet(false, true)) {
      done.join();
    }
  }
}
