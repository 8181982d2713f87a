package io.fleetlearn.device.config;

import io.fleetlearn.device.data.CsvReader;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.device.data.IdxReader;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a local data set is: IDX images and labels (gzip or not), or a CSV of features with a label
 * column.
 *
 * @param format IDX or CSV
 * @param features the IDX images file, or the CSV file
 * @param labels the IDX labels file; null for CSV
 * @param labelColumn the CSV label column's header; null for IDX
 * @param classes number of classes, in [2, 65536]
 */
public record DataFiles(
    Format format, Path features, Path labels, String labelColumn, int classes) {
  /** The file formats the device reads. */
  public enum Format {
    IDX,
    CSV
  }

  public DataFiles {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(features, "features");
    if (format == Format.IDX && labels == null) {
      throw new IllegalArgumentException("IDX data needs a labels file");
    }
    if (format == Format.CSV && (labelColumn == null || labelColumn.isBlank())) {
      throw new IllegalArgumentException("CSV data needs a label column");
    }
    if (classes < 2 || classes > 65_536) {
      throw new IllegalArgumentException("classes (" + classes + ") must be in [2, 65536]");
    }
  }

  /** IDX images and labels. */
  public static DataFiles idx(Path images, Path labels, int classes) {
    return new DataFiles(Format.IDX, images, labels, null, classes);
  }

  /** A CSV of features with a label column. */
  public static DataFiles csv(Path file, String labelColumn, int classes) {
    return new DataFiles(Format.CSV, file, null, labelColumn, classes);
  }

  /**
   * Reads the files; a {@link io.fleetlearn.device.data.DataException} names what did not parse.
   */
  public Dataset load() {
    return switch (format) {
      case IDX -> IdxReader.read(features, labels, classes);
      case CSV -> CsvReader.read(features, labelColumn, classes);
    };
  }
}
