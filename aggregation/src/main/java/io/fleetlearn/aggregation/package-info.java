/** Aggregation strategies (issue 3 builds them here). */
package io.fleetlearn.aggregation;
