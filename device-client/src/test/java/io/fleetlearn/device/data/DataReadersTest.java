package io.fleetlearn.device.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.tensor.Shape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataReadersTest {
  @TempDir Path dir;

  @Test
  void idxImagesAndLabelsReadScaledWithGzipOrWithout() throws IOException {
    byte[] images =
        idx(
            0x00000803,
            new int[] {2, 2, 3},
            new byte[] {0, 1, 2, 3, 4, (byte) 255, 10, 20, 30, 40, 50, 60});
    byte[] labels = idx(0x00000801, new int[] {2}, new byte[] {7, 3});
    Path x = write("x.idx", images);
    Path y = write("y.idx.gz", gzip(labels));

    Dataset d = IdxReader.read(x, y, 10);

    assertThat(d.size()).isEqualTo(2);
    assertThat(d.exampleShape()).isEqualTo(Shape.of(1, 2, 3));
    assertThat(d.features()[5]).isEqualTo(1f);
    assertThat(d.features()[1]).isEqualTo(1 / 255f);
    assertThat(d.labels()).containsExactly(7, 3);
  }

  @Test
  void idxWithAWrongMagicIsNamed() throws IOException {
    Path x = write("x.idx", idx(0x00000D03, new int[] {1, 1, 1}, new byte[] {0, 0, 0, 0}));

    assertThatThrownBy(() -> IdxReader.readFile(x))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("magic 0x00000d03 is not an unsigned-byte IDX file");
  }

  @Test
  void idxDeclaringMoreThanItHoldsIsRefusedBeforeAllocating() throws IOException {
    Path x = write("x.idx", idx(0x00000803, new int[] {60000, 28, 28}, new byte[10]));
    Path big =
        write("big.idx", idx(0x00000803, new int[] {1 << 20, 1 << 10, 1 << 10}, new byte[1]));

    assertThatThrownBy(() -> IdxReader.readFile(x))
        .hasMessageContaining("header declares 47040000 elements but the file holds 10");
    assertThatThrownBy(() -> IdxReader.readFile(big)).hasMessageContaining("refused as too large");
  }

  @Test
  void truncatedGzipIdxSaysItEndsEarly() throws IOException {
    Path y = write("y.gz", gzip(idx(0x00000801, new int[] {100}, new byte[50])));

    assertThatThrownBy(() -> IdxReader.readFile(y))
        .hasMessageContaining("ends before the sizes its header declares");
  }

  @Test
  void imageAndLabelCountsMustAgree() throws IOException {
    Path x = write("x.idx", idx(0x00000803, new int[] {2, 1, 1}, new byte[2]));
    Path y = write("y.idx", idx(0x00000801, new int[] {3}, new byte[3]));

    assertThatThrownBy(() -> IdxReader.read(x, y, 10))
        .hasMessageContaining("holds 2 examples but")
        .hasMessageContaining("holds 3");
  }

  @Test
  void csvReadsFeaturesAndTheNamedLabelColumn() throws IOException {
    Path f = Files.writeString(dir.resolve("s.csv"), "temp,label,hum\n20.5,1,0.3\n19,0,0.4\n");

    Dataset d = CsvReader.read(f, "label", 2);

    assertThat(d.exampleShape()).isEqualTo(Shape.of(1, 2));
    assertThat(d.features()).containsExactly(20.5f, 0.3f, 19f, 0.4f);
    assertThat(d.labels()).containsExactly(1, 0);
  }

  @Test
  void csvErrorsNameFileLineAndColumn() throws IOException {
    Path bad = Files.writeString(dir.resolve("b.csv"), "temp,label\n20.5,1\nwarm,0\n");
    Path ragged = Files.writeString(dir.resolve("r.csv"), "temp,label\n20.5,1,3\n");
    Path label = Files.writeString(dir.resolve("l.csv"), "temp,label\n20.5,7\n");
    Path noLabel = Files.writeString(dir.resolve("n.csv"), "temp,class\n20.5,1\n");

    assertThatThrownBy(() -> CsvReader.read(bad, "label", 2))
        .hasMessageContaining("b.csv:3: column 'temp' ('warm') is not a finite number");
    assertThatThrownBy(() -> CsvReader.read(ragged, "label", 2))
        .hasMessageContaining("r.csv:2: has 3 values; the header has 2");
    assertThatThrownBy(() -> CsvReader.read(label, "label", 2))
        .hasMessageContaining("must be a whole number in [0, 2)");
    assertThatThrownBy(() -> CsvReader.read(noLabel, "label", 2))
        .hasMessageContaining("has no column 'label'; columns are temp, class");
  }

  private Path write(String name, byte[] b) throws IOException {
    return Files.write(dir.resolve(name), b);
  }

  static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(b);
    }
    return bytes.toByteArray();
  }
}
