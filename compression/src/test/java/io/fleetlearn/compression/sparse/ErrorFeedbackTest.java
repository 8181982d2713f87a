package io.fleetlearn.compression.sparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteWriter;
import io.fleetlearn.compression.sparse.SparseFixtures.Kind;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorFeedbackTest {
  @TempDir Path dir;

  private static Model layout() {
    return Model.of(
        Tensor.zeros("conv.w", Shape.of(4, 3, 3, 3)), Tensor.zeros("fc.b", Shape.of(10)));
  }

  private static Model random(Model like, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Model m = like.zerosLike();
    for (Tensor t : m.tensors()) {
      for (int i = 0; i < t.size(); i++) {
        t.set(i, (float) r.nextGaussian());
      }
    }
    return m;
  }

  /** The compensated model with only the selected elements, rounded to 1/64: a lossy "send". */
  private static Model send(Model c, int[][] sel) {
    Model sent = c.zerosLike();
    for (int t = 0; t < c.size(); t++) {
      int[] idx = SparseFixtures.orAll(sel[t], c.tensor(t).size());
      for (int i : idx) {
        sent.tensor(t).set(i, Math.round(c.tensor(t).get(i) * 64) / 64f);
      }
    }
    return sent;
  }

  @Test
  void sentPlusFinalResidualEqualsTheSumOfUpdates() {
    Model zeros = layout();
    ErrorFeedback ef = new ErrorFeedback(zeros);
    Sparsifier topk = new TopK(Ratio.parse("5%"), Scope.GLOBAL);
    int n = (int) zeros.parameterCount();
    double[] updates = new double[n];
    double[] sent = new double[n];
    for (int round = 0; round < 20; round++) {
      Model u = random(zeros, round);
      Model c = ef.compensate(u);
      Model s = send(c, topk.select(c, null));
      ef.absorb(c, s);
      add(updates, u);
      add(sent, s);
    }
    add(sent, ef.residual());
    for (int i = 0; i < n; i++) {
      assertThat(sent[i]).as("element %d", i).isCloseTo(updates[i], within(1e-4));
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  private static void add(double[] acc, Model m) {
    int w = 0;
    for (Tensor t : m.tensors()) {
      for (int i = 0; i < t.size(); i++) {
        acc[w++] += t.get(i);
      }
    }
  }

  @Test
  void compensateAddsTheResidualWithoutModifyingItsArguments() {
    ErrorFeedback ef = new ErrorFeedback(layout());
    Model u1 = random(layout(), 1);
    Model c1 = ef.compensate(u1);
    assertThat(c1.contentEquals(u1)).isTrue();
    assertThat(c1.tensor(0).array()).isNotSameAs(u1.tensor(0).array());
    Model sent = layout();
    ef.absorb(c1, sent);
    Model u2 = random(layout(), 2);
    Model u2Before = u2.copy();
    Model c2 = ef.compensate(u2);
    assertThat(u2.contentEquals(u2Before)).isTrue();
    assertThat(c2.tensor(1).get(3)).isEqualTo(u2.tensor(1).get(3) + u1.tensor(1).get(3));
  }

  @Test
  void residualIsACopy() {
    ErrorFeedback ef = new ErrorFeedback(random(layout(), 3));
    Model r = ef.residual();
    r.tensor(0).set(0, 1e6f);
    assertThat(ef.residual().tensor(0).get(0)).isNotEqualTo(1e6f);
  }

  @Test
  void aNewLayoutResetsTheResidual() {
    ErrorFeedback ef = new ErrorFeedback(random(layout(), 4));
    Model wider =
        Model.of(Tensor.zeros("conv.w", Shape.of(8, 3, 3, 3)), Tensor.zeros("fc.b", Shape.of(10)));
    Model u = random(wider, 5);
    Model c = ef.compensate(u);
    assertThat(c.contentEquals(u)).isTrue();
    assertThat(ef.residual().sameLayout(wider)).isTrue();
    assertThat(ef.residual().contentEquals(wider.zerosLike())).isTrue();
  }

  @Test
  void absorbRejectsAMismatchNamingTheTensor() {
    ErrorFeedback ef = new ErrorFeedback(layout());
    Model c = ef.compensate(random(layout(), 6));
    Model wrong =
        Model.of(Tensor.zeros("conv.w", Shape.of(4, 3, 3, 3)), Tensor.zeros("fc.b", Shape.of(11)));
    Model before = ef.residual();
    assertThatThrownBy(() -> ef.absorb(c, wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sent")
        .hasMessageContaining("fc.b");
    assertThatThrownBy(() -> ef.absorb(Model.of(Tensor.zeros("x", Shape.of(1))), c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compensated");
    assertThat(ef.residual().contentEquals(before)).isTrue();
  }

  @Test
  void saveThenLoadRoundTripsBitExactly() throws IOException {
    Model r = random(layout(), 7);
    r.tensor(1).set(0, Float.NaN);
    r.tensor(1).set(1, -0f);
    Model withEmpty =
        Model.of(
            r.tensor(0),
            r.tensor(1),
            Tensor.zeros("scalar", Shape.of()),
            Tensor.zeros("e", Shape.of(0, 5)));
    Path f = dir.resolve("residual.flef");
    new ErrorFeedback(withEmpty).save(f);
    Model back = ErrorFeedback.load(f).residual();
    assertThat(back.names()).isEqualTo(withEmpty.names());
    assertThat(back.shapes()).isEqualTo(withEmpty.shapes());
    assertThat(back.contentEquals(withEmpty)).isTrue();
  }

  @Test
  void saveReplacesTheOldFileAndLeavesNoTemporaryFile() throws IOException {
    Path f = dir.resolve("r.flef");
    new ErrorFeedback(random(layout(), 8)).save(f);
    Model second = random(layout(), 9);
    new ErrorFeedback(second).save(f);
    assertThat(ErrorFeedback.load(f).residual().contentEquals(second)).isTrue();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("r.flef");
    }
  }

  @Test
  void aFailedSaveLeavesTheTargetAloneAndCleansUp() throws IOException {
    // Moving a file over a non-empty directory fails after the temporary file is written.
    Path target = dir.resolve("busy");
    Files.createDirectory(target);
    Files.writeString(target.resolve("keep.txt"), "old");
    assertThatThrownBy(() -> new ErrorFeedback(layout()).save(target))
        .isInstanceOf(IOException.class);
    assertThat(Files.readString(target.resolve("keep.txt"))).isEqualTo("old");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("busy");
    }
  }

  private byte[] saved() throws IOException {
    Path f = dir.resolve("ok.flef");
    new ErrorFeedback(random(layout(), 10)).save(f);
    return Files.readAllBytes(f);
  }

  private CodecException loadFails(byte[] bytes) throws IOException {
    Path f = dir.resolve("bad.flef");
    Files.write(f, bytes);
    try {
      ErrorFeedback.load(f);
    } catch (CodecException e) {
      return e;
    }
    throw new AssertionError("load accepted a corrupt residual");
  }

  @Test
  void everyTruncationFailsWithCodecException() throws IOException {
    byte[] ok = saved();
    for (int len = 0; len < ok.length; len++) {
      assertThat(loadFails(Arrays.copyOf(ok, len)).getMessage()).isNotBlank();
    }
  }

  @Test
  void everySingleByteCorruptionFailsWithCodecException() throws IOException {
    byte[] ok = saved();
    for (int i = 0; i < ok.length; i++) {
      byte[] bad = ok.clone();
      bad[i] ^= (byte) (1 << (i % 8));
      assertThat(loadFails(bad).getMessage()).isNotBlank();
    }
  }

  @Test
  void messagesNameTheBadField() throws IOException {
    byte[] ok = saved();
    byte[] magic = ok.clone();
    magic[0] = 'X';
    assertThat(loadFails(magic)).hasMessageContaining("magic");
    byte[] version = ok.clone();
    version[4] = 9;
    assertThat(loadFails(version)).hasMessageContaining("version (9)");
    byte[] crc = ok.clone();
    crc[ok.length - 10] ^= 1; // a value byte: only the checksum can tell
    assertThat(loadFails(crc)).hasMessageContaining("checksum");
    assertThat(loadFails(Arrays.copyOf(ok, ok.length - 8)))
        .hasMessageContaining("tensor 'fc.b' shape [10] brings the values to");
    byte[] extra = Arrays.copyOf(ok, ok.length + 3);
    assertThat(loadFails(extra)).hasMessageContaining("bad.flef");
  }

  /** A well-formed file (right checksum) with the given header and value bytes. */
  private static byte[] file(ByteWriter body) {
    CRC32C crc = new CRC32C();
    crc.update(body.array(), 0, body.position());
    body.i32((int) crc.getValue());
    return body.toByteArray();
  }

  private static ByteWriter header() {
    return new ByteWriter().bytes(new byte[] {'F', 'L', 'E', 'F'}).u8(1);
  }

  @Test
  void oversizedLengthsFailBeforeAllocating() throws IOException {
    assertThat(loadFails(file(header().varint(Integer.MAX_VALUE))))
        .hasMessageContaining("tensor count");
    assertThat(
            loadFails(file(header().varint(1).string("w").u8(2).varint(1 << 30).varint(1 << 30))))
        .hasMessageContaining("tensor 'w' shape");
    assertThat(loadFails(file(header().varint(1).string("w").u8(200))))
        .hasMessageContaining("tensor 'w' rank (200)");
    ByteWriter longName = header().varint(1).varint(1 << 20);
    assertThat(loadFails(file(longName))).hasMessageContaining("tensor 0 name length");
  }

  @Test
  void duplicateAndEmptyNamesFail() throws IOException {
    ByteWriter dup = header().varint(2).string("w").u8(0).string("w").u8(0).f32(1).f32(2);
    assertThat(loadFails(file(dup))).hasMessageContaining("'w' appears twice");
    ByteWriter empty = header().varint(1).string("").u8(0).f32(1);
    assertThat(loadFails(file(empty))).hasMessageContaining("tensor 0 name is empty");
  }

  @Test
  void loadsAHandWrittenFile() throws IOException {
    ByteWriter w = header().varint(2).string("a").u8(1).varint(2).string("b").u8(0);
    w.f32(1.5f).f32(-2f).f32(3f);
    Path f = dir.resolve("hand.flef");
    Files.write(f, file(w));
    Model m = ErrorFeedback.load(f).residual();
    assertThat(m.names()).isEqualTo(List.of("a", "b"));
    assertThat(m.tensor("a").toArray()).containsExactly(1.5f, -2f);
    assertThat(m.tensor("b").toArray()).containsExactly(3f);
  }

  @Test
  void aLargeGaussianResidualRoundTrips() throws IOException {
    float[] flat = SparseFixtures.values(Kind.GAUSSIAN, 50_000, 1);
    Model m = SparseFixtures.model(flat, 30_000, 20_000);
    Path f = dir.resolve("big.flef");
    new ErrorFeedback(m).save(f);
    assertThat(Files.size(f)).isEqualTo(4 + 1 + 1 + 2 * 7 + 200_000 + 4);
    assertThat(ErrorFeedback.load(f).residual().contentEquals(m)).isTrue();
  }
}
