package io.fleetlearn.device.cli;

import io.fleetlearn.device.config.DataFiles;
import io.fleetlearn.device.config.DeviceConfig;
import io.fleetlearn.device.data.CsvReader;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.device.data.IdxReader;
import io.fleetlearn.device.inference.InferenceReport;
import io.fleetlearn.device.inference.LocalInference;
import io.fleetlearn.device.inference.StoredModel;
import io.fleetlearn.device.train.Predictions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code predict}: local inference with the latest global model the device accepted (kept in {@code
 * <data.folder>/model/}), on an IDX or CSV file or the config's test data. Prints one CSV line per
 * example, then the accuracy (when labels exist) and the latency per example and per batch as
 * {@code #} lines.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Predict with the latest model the device received (data.folder/model/latest.frame).",
      "Output: example,predicted,probability[,label] per example, then # summary lines."
    })
final class PredictCommand implements Callable<Integer> {
  @ParentCommand DeviceCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "The device's .properties file.")
  Path config;

  @Option(
      names = "--input",
      paramLabel = "FILE",
      description = "IDX images (gzip or not) or a CSV file; default: the config's test data.")
  Path input;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description = "IDX labels for --input; without them no accuracy is reported.")
  Path labels;

  @Option(
      names = "--label-column",
      paramLabel = "NAME",
      description = "The CSV label column (default: the config's train.label.column).")
  String labelColumn;

  @Option(
      names = "--format",
      paramLabel = "idx|csv",
      description = "Format of --input (default: csv if the name ends in .csv, else idx).")
  String format;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "1000000",
      description = "Predict at most the first N examples (default: all).")
  int limit;

  @Option(names = "--summary-only", description = "Print only the # summary lines.")
  boolean summaryOnly;

  @Override
  public Integer call() throws Exception {
    if (limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit (" + limit + ") must be >= 1");
    }
    DeviceConfig c = parent.config(config);
    try (LocalInference local = LocalInference.open(c.modelFolder(), c.decodeLimits())) {
      StoredModel m = local.model();
      int classes = m.modelSpec().classes();
      boolean labelled = input == null || labels != null || isCsv();
      Dataset data = data(c, classes);
      data = data.slice(0, Math.min(limit, data.size()));
      InferenceReport r = local.run(data, labelled);
      print(m, data, r, labelled);
    }
    return DeviceCli.OK;
  }

  private Dataset data(DeviceConfig c, int classes) {
    if (input == null) {
      DataFiles test =
          c.testData()
              .orElseThrow(
                  () ->
                      new ParameterException(
                          spec.commandLine(),
                          "no --input given and the config has no test data (test.images or"
                              + " test.csv)"));
      return test.load();
    }
    if (isCsv()) {
      String column =
          labelColumn != null
              ? labelColumn
              : c.trainData().labelColumn() != null
                  ? c.trainData().labelColumn()
                  : reject("--label-column is needed for a CSV --input");
      return CsvReader.read(input, column, classes);
    }
    return labels == null
        ? IdxReader.readImages(input, classes)
        : IdxReader.read(input, labels, classes);
  }

  private boolean isCsv() {
    if (format == null) {
      return input != null
          && input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "csv" -> true;
      case "idx" -> false;
      default -> reject("--format ('" + format + "') must be idx or csv");
    };
  }

  private <T> T reject(String message) {
    throw new ParameterException(spec.commandLine(), message);
  }

  private void print(StoredModel m, Dataset data, InferenceReport r, boolean labelled) {
    PrintWriter out = spec.commandLine().getOut();
    Predictions p = r.predictions();
    if (!summaryOnly) {
      out.println(
          labelled ? "example,predicted,probability,label" : "example,predicted,probability");
      for (int i = 0; i < p.size(); i++) {
        int y = p.labels()[i];
        out.printf(Locale.ROOT, "%d,%d,%.4f", i, y, p.probability(i, y));
        out.println(labelled ? "," + data.labels()[i] : "");
      }
    }
    out.printf(
        Locale.ROOT,
        "# model: %s at width %s, version %d, variant %s%n",
        m.spec(),
        m.width(),
        m.version(),
        m.variant());
    out.printf(Locale.ROOT, "# examples: %d%n", p.size());
    r.accuracy().ifPresent(a -> out.printf(Locale.ROOT, "# accuracy: %.4f%n", a));
    out.println("# latency per example: " + r.perExample());
    out.println("# latency per batch of up to " + r.batchSize() + ": " + r.perBatch());
  }
}
