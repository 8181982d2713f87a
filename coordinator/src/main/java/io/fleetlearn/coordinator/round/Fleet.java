package io.fleetlearn.coordinator.round;

import io.fleetlearn.coordinator.engine.ModelBook;
import io.fleetlearn.coordinator.engine.StoredJson;
import io.fleetlearn.coordinator.engine.Trainings;
import io.fleetlearn.coordinator.fleet.FleetEvent;
import io.fleetlearn.coordinator.metrics.FleetMetrics;
import io.fleetlearn.coordinator.mqtt.MqttLink;
import io.fleetlearn.coordinator.registry.DeviceRegistry;
import io.fleetlearn.coordinator.store.AsyncStore;
import io.fleetlearn.coordinator.store.GroupCommit;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.topic.Topics;
import io.vertx.core.Vertx;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What the round engine works with: one bundle, so that its classes share the same instances.
 *
 * @param vertx the Vert.x instance (timers, worker threads)
 * @param store the database
 * @param mqtt the broker link
 * @param topics the fleet's topics
 * @param metrics the coordinator's metrics
 * @param registry the device registry
 * @param trainings the trainings
 * @param models the model versions
 * @param events where fleet events go
 * @param json stored-record JSON
 * @param messages protocol JSON
 * @param clock epoch milliseconds
 * @param receipts grouped SYNC writes of update receipts
 */
public record Fleet(
    Vertx vertx,
    AsyncStore store,
    MqttLink mqtt,
    Topics topics,
    FleetMetrics metrics,
    DeviceRegistry registry,
    Trainings trainings,
    ModelBook models,
    Consumer<FleetEvent> events,
    StoredJson json,
    Messages messages,
    LongSupplier clock,
    GroupCommit receipts) {}
