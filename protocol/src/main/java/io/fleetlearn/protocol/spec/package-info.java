/**
 * The model spec both ends share: a small family of models (an MLP, a small CNN for 28×28 images, a
 * 1-D convolutional model for sensor feature vectors) that for any width gives the tensor names and
 * shapes and how each tensor is sliced from the full model. The coordinator holds no training
 * framework: it knows a model only through its spec.
 */
package io.fleetlearn.protocol.spec;
