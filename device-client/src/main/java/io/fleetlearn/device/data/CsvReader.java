package io.fleetlearn.device.data;

import io.fleetlearn.compression.tensor.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a CSV of sensor features: a header row of column names, one example per row, every column a
 * number; the label column (by name) holds the class as a whole number in [0, classes). Plain
 * comma-separated values without quoting, which is what loggers write; a quoted or ragged row is an
 * error naming the line.
 */
public final class CsvReader {
  static final int MAX_COLUMNS = 4096;
  static final int MAX_LINE = 1 << 16;

  private CsvReader() {}

  public static Dataset read(Path file, String labelColumn, int classes) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = line(in, file, 1);
      if (header == null) {
        throw new DataException(file + ": is empty; expected a header row of column names");
      }
      String[] names = header.split(",", -1);
      if (names.length > MAX_COLUMNS) {
        throw new DataException(
            file + ": has " + names.length + " columns; at most " + MAX_COLUMNS);
      }
      int label = Arrays.asList(names).stream().map(String::strip).toList().indexOf(labelColumn);
      if (label < 0) {
        throw new DataException(
            file
                + ": has no column '"
                + labelColumn
                + "'; columns are "
                + String.join(", ", names));
      }
      int features = names.length - 1;
      if (features < 1) {
        throw new DataException(file + ": has no feature column besides '" + labelColumn + "'");
      }
      List<float[]> rows = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      int lineNo = 1;
      String line;
      while ((line = line(in, file, ++lineNo)) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length != names.length) {
          throw new DataException(
              file
                  + ":"
                  + lineNo
                  + ": has "
                  + cells.length
                  + " values; the header has "
                  + names.length);
        }
        float[] x = new float[features];
        int j = 0;
        for (int c = 0; c < cells.length; c++) {
          String cell = cells[c].strip();
          if (c == label) {
            labels.add(label(file, lineNo, names[c], cell, classes));
          } else {
            x[j++] = number(file, lineNo, names[c], cell);
          }
        }
        rows.add(x);
      }
      if (rows.isEmpty()) {
        throw new DataException(file + ": has a header but no rows");
      }
      float[] all = new float[rows.size() * features];
      int[] ys = new int[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        System.arraycopy(rows.get(i), 0, all, i * features, features);
        ys[i] = labels.get(i);
      }
      return new Dataset(all, ys, Shape.of(1, features), classes);
    } catch (IOException e) {
      throw new DataException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static String line(BufferedReader in, Path file, int lineNo) throws IOException {
    String line = in.readLine();
    if (line != null && line.length() > MAX_LINE) {
      throw new DataException(file + ":" + lineNo + ": is longer than " + MAX_LINE + " characters");
    }
    return line;
  }

  private static float number(Path file, int line, String column, String cell) {
    try {
      float v = Float.parseFloat(cell);
      if (!Float.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new DataException(
          file
              + ":"
              + line
              + ": column '"
              + column.strip()
              + "' ('"
              + cell
              + "') is not a finite number");
    }
  }

  private static int label(Path file, int line, String column, String cell, int classes) {
    try {
      int v = Integer.parseInt(cell);
      if (v < 0 || v >= classes) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new DataException(
          file
              + ":"
              + line
              + ": label column '"
              + column.strip()
              + "' ('"
              + cell
              + "') must be a whole number in [0, "
              + classes
              + ")");
    }
  }
}
