/** The coordinator service (issue 5 builds it here). */
package io.fleetlearn.coordinator;
