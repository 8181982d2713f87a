package io.fleetlearn.compression.pipeline;

import io.fleetlearn.compression.frame.Frame;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.prune.LayerChain;
import io.fleetlearn.compression.sparse.ErrorFeedback;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The frames kept as fixtures of each released frame version, and how to (re)write them. Run {@code
 * main} only when a new frame version is released: it writes a new directory and never touches an
 * old one, because an old fixture is the proof that old frames still decode.
 */
final class FrameFixtures {
  static final String VERSION_DIR = "frames/v1";

  /** One fixture: a pipeline applied to a deterministic model. */
  record Case(String name, String pipeline, boolean update, boolean cnn) {}

  static final List<Case> CASES =
      List.of(
          new Case("model-fp32", "Fp32", false, false),
          new Case("model-fp16", "Fp16", false, false),
          new Case("model-download", "Prune(50%) + Int8(channel) + Zstd(19)", false, true),
          new Case(
              "model-width-download",
              "Width(50%) + Prune(50%) + Int8(channel) + Deflate",
              false,
              true),
          new Case("model-kmeans-zstd", "KMeans(4) + Zstd", false, true),
          new Case("model-lowrank", "LowRank(4) + Fp16 + Deflate", false, false),
          new Case("update-upload", "TopK(1%) + ErrorFeedback + Int4 + Rice + Zstd", true, false),
          new Case("update-ternary-varint", "TopK(5%) + Ternary + Varint", true, false),
          new Case("update-int2-bitmap", "RandomK(40%) + Int2(sym, channel) + Bitmap", true, false),
          new Case(
              "update-int8-threshold", "Threshold(0.05) + Int8(sym) + Deflate(9)", true, true));

  private FrameFixtures() {}

  static Model model(Case c) {
    return c.cnn() ? TestModels.cnn(11) : TestModels.mlp(11, 64, 32, 10);
  }

  static byte[] encode(Case c) {
    Model m = model(c);
    Pipeline p = Pipeline.parse(c.pipeline());
    EncodeContext ctx =
        new EncodeContext(LayerChain.sequential(m), new ErrorFeedback(m.zerosLike()), rng());
    FrameMeta meta =
        c.update()
            ? FrameMeta.update(7, 6, Map.of("device", "pi-0042", "samples", "512"))
            : FrameMeta.model(6, "w" + (p.width() == null ? "100" : p.width().toString()));
    return p.encodeFrame(meta, m, ctx);
  }

  private static SplittableRandom rng() {
    return new SplittableRandom(42);
  }

  /** What a decoder must still read from the fixture: header fields and a hash of the values. */
  static Properties expected(Frame f) {
    Properties p = new Properties();
    p.setProperty("kind", f.header().kind().name());
    p.setProperty("round", Long.toString(f.header().round()));
    p.setProperty("modelVersion", Long.toString(f.header().modelVersion()));
    p.setProperty("variant", f.header().variant());
    p.setProperty("pipeline", f.header().pipeline());
    p.setProperty("attributes", f.header().attributes().toString());
    p.setProperty(
        "tensors",
        f.header().tensors().stream().map(TensorInfo::toString).collect(Collectors.joining(";")));
    p.setProperty("valuesSha256", sha256(f.model()));
    return p;
  }

  static String sha256(Model m) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (Tensor t : m.tensors()) {
        ByteBuffer b = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < t.size(); i++) {
          b.putInt(Float.floatToRawIntBits(t.get(i)));
        }
        d.update(b.array());
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the fixtures of the current version under {@code args[0]} (a resources root). */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]).resolve(VERSION_DIR);
    if (Files.exists(dir)) {
      throw new IllegalStateException(dir + " exists: fixtures of a released version are frozen");
    }
    Files.createDirectories(dir);
    for (Case c : CASES) {
      byte[] frame = encode(c);
      Files.write(dir.resolve(c.name() + ".flfr"), frame);
      Frame f = Frames.decode(frame, io.fleetlearn.compression.frame.DecodeLimits.defaults());
      try (var out = Files.newBufferedWriter(dir.resolve(c.name() + ".properties"))) {
        expected(f).store(out, "frame fixture " + c.name() + " (" + c.pipeline() + ")");
      }
    }
    System.out.println("wrote " + CASES.size() + " fixtures to " + dir);
  }
}
