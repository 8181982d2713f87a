/**
 * Server optimizers on top of FedAvg (Reddi et al. 2021, "Adaptive Federated Optimization"; Hsu et
 * al. 2019 for server momentum): the averaged change is treated as a pseudo-gradient and the server
 * applies momentum, Adagrad, Adam or Yogi to it. The moments live in the strategy across rounds and
 * are exported as a {@link io.fleetlearn.aggregation.fedopt.FedOpt.Moments} snapshot for
 * persistence.
 */
package io.fleetlearn.aggregation.fedopt;
