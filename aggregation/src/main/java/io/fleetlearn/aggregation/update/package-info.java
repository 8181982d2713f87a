/**
 * What devices send back, as the aggregators see it: a model change that can be visited tensor by
 * tensor (dense or sparse, full width or a nested slice) without being inflated, and the results
 * and failures of a round as plain data.
 */
package io.fleetlearn.aggregation.update;
