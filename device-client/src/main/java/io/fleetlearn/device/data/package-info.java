/**
 * Local data: IDX files (as Fashion-MNIST ships them, gzip or not) and CSV files of sensor features
 * with a label column, read into a {@link io.fleetlearn.device.data.Dataset}. Files are untrusted:
 * every declared size is checked against the bytes present before allocation, and a file that does
 * not parse fails with a {@link io.fleetlearn.device.data.DataException} naming the file, the place
 * and the problem.
 */
package io.fleetlearn.device.data;
