/**
 * MQTT for the coordinator: the {@link io.fleetlearn.coordinator.mqtt.MqttLink} it talks through
 * (on Paho), and the embedded HiveMQ CE broker with its login and topic rules.
 */
package io.fleetlearn.coordinator.mqtt;
