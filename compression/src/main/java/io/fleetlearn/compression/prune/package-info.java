/**
 * Pruning: structured pruning by width for HeteroFL (Diao et al. 2021) and ordered dropout (FjORD,
 * Horvath et al. 2021), where every narrower variant keeps a prefix of the hidden units or channels
 * of each layer and is therefore a nested slice of the full model ({@link
 * io.fleetlearn.compression.prune.SlicePlan}, over a {@link
 * io.fleetlearn.compression.prune.LayerChain}); importance ordering of channels so that the prefix
 * holds the most important ones ({@link io.fleetlearn.compression.prune.ChannelImportance}); and
 * unstructured magnitude pruning.
 */
package io.fleetlearn.compression.prune;
