package io.fleetlearn.device.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.protocol.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rounds of several trainers in one JVM, as the simulator's devices run them: each round must give
 * bit for bit the delta it gives alone (CPU, one intra-op thread, fixed seed), while other rounds
 * and a predictor create, use and close their own DJL models at the same time.
 */
class ConcurrentTrainingTest {
  static final ModelSpec CNN = ModelSpec.parse("cnn");
  static final Ratio FULL = Ratio.of(1);
  static final int SHARDS = 4;

  /** The simulator's local settings: small batches and a large step. */
  static final int EPOCHS = 2;

  static List<Dataset> shards;
  static Model start;
  static List<Model> alone;
  static ExecutorService pool;

  @BeforeAll
  static void trainEachShardAlone() {
    Dataset train = FashionSample.train();
    int per = train.size() / SHARDS;
    shards = new ArrayList<>();
    for (int i = 0; i < SHARDS; i++) {
      shards.add(train.slice(i * per, (i + 1) * per));
    }
    start = CNN.initialize(3);
    alone = new ArrayList<>();
    try (LocalTrainer trainer = new LocalTrainer()) {
      for (int i = 0; i < SHARDS; i++) {
        alone.add(trainer.train(CNN, FULL, start, shards.get(i), config(i)).delta());
      }
    }
    pool = Executors.newFixedThreadPool(SHARDS + 1);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void defaultTrainersOnParallelThreadsGiveTheDeltasTheyGiveAlone() throws Exception {
    List<Model> together = trainTogether(LocalTrainer::new);

    assertSameAsAlone(together);
  }

  @Test
  void trainersSharingSlotsRunAtOnceAndGiveTheDeltasTheyGiveAlone() throws Exception {
    TrainingSlots slots = TrainingSlots.of(SHARDS);

    List<Model> together = trainTogether(() -> LocalTrainer.concurrent(slots));

    assertSameAsAlone(together);
  }

  @Test
  void slotsNeedAtLeastOnePermit() {
    assertThatThrownBy(() -> TrainingSlots.of(0)).hasMessage("permits (0) must be >= 1");
    assertThatThrownBy(() -> LocalTrainer.concurrent(null)).hasMessage("slots must be given");
  }

  /**
   * Trains every shard on its own thread and trainer, all released at once, while a predictor on
   * another thread keeps building, using and closing its model (the simulator's global evaluation).
   */
  private static List<Model> trainTogether(Supplier<LocalTrainer> trainers) throws Exception {
    CyclicBarrier go = new CyclicBarrier(SHARDS + 1);
    CountDownLatch done = new CountDownLatch(SHARDS);
    List<Future<Model>> rounds = new ArrayList<>();
    for (int i = 0; i < SHARDS; i++) {
      int shard = i;
      rounds.add(
          pool.submit(
              () -> {
                try (LocalTrainer trainer = trainers.get()) {
                  go.await();
                  return trainer.train(CNN, FULL, start, shards.get(shard), config(shard)).delta();
                } finally {
                  done.countDown();
                }
              }));
    }
    Future<Integer> predictions =
        pool.submit(
            () -> {
              go.await();
              int n = 0;
              do {
                try (Predictor p = new Predictor(CNN, FULL, start)) {
                  p.evaluate(shards.get(n % SHARDS).slice(0, 32));
                }
                n++;
              } while (done.getCount() > 0);
              return n;
            });
    List<Model> out = new ArrayList<>();
    for (Future<Model> f : rounds) {
      out.add(f.get(5, TimeUnit.MINUTES));
    }
    assertThat(predictions.get(1, TimeUnit.MINUTES)).isPositive();
    return out;
  }

  private static void assertSameAsAlone(List<Model> together) {
    for (int i = 0; i < SHARDS; i++) {
      assertThat(Models.allFinite(together.get(i))).as("shard %d finite", i).isTrue();
      assertThat(together.get(i).contentEquals(alone.get(i)))
          .as("shard %d: delta trained together equals the delta trained alone", i)
          .isTrue();
    }
  }

  private static TrainConfig config(int shard) {
    return TrainConfig.sgd(EPOCHS, 8, 0.1, 100 + shard);
  }
}
