/** The coordinator's settings: file, system properties and environment, validated into a record. */
package io.fleetlearn.coordinator.config;
