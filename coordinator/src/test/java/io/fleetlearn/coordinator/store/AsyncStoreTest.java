package io.fleetlearn.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class AsyncStoreTest {
  @TempDir Path dir;

  @Test
  void writeThenGet_completeOnTheCallersContext(Vertx vertx, VertxTestContext testContext) {
    Checkpoint read = testContext.checkpoint();
    vertx.runOnContext(
        start -> {
          Thread eventLoop = Thread.currentThread();
          AsyncStore.open(vertx, dir)
              .compose(
                  store ->
                      store
                          .write(
                              new Batch().put(Family.DEVICES, Keys.text("d-1"), Keys.text("x")),
                              Durability.SYNC)
                          .compose(v -> store.get(Family.DEVICES, Keys.text("d-1")))
                          .andThen(v -> store.close()))
              .onComplete(
                  testContext.succeeding(
                      value ->
                          testContext.verify(
                              () -> {
                                assertThat(Thread.currentThread()).isSameAs(eventLoop);
                                assertThat(value).isPresent();
                                read.flag();
                              })));
        });
  }
}
