/** The coordinator's HTTP side: routes, readiness, and RFC 9457 problem details for every error. */
package io.fleetlearn.coordinator.http;
