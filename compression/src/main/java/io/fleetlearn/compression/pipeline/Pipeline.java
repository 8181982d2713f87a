package io.fleetlearn.compression.pipeline;

import io.fleetlearn.compression.coding.ByteWriter;
import io.fleetlearn.compression.coding.IndexCodec;
import io.fleetlearn.compression.entropy.EntropyCodec;
import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.FrameFormat;
import io.fleetlearn.compression.frame.FrameHeader;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.lowrank.LowRankFactors;
import io.fleetlearn.compression.lowrank.TruncatedSvd;
import io.fleetlearn.compression.prune.SlicePlan;
import io.fleetlearn.compression.quant.ValueCodec;
import io.fleetlearn.compression.sparse.ErrorFeedback;
import io.fleetlearn.compression.sparse.Sparsifier;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A composition of compression stages with a readable name, applied in this order:
 *
 * <ol>
 *   <li>{@code Width(r)}: a structured slice keeping the first ceil(r * n) units of each hidden
 *       layer (needs the model's {@link io.fleetlearn.compression.prune.LayerChain});
 *   <li>a sparsifier ({@code TopK(1%)}, {@code ApproxTopK(1%)}, {@code RandomK(1%)}, {@code
 *       Threshold(0.001)}, {@code Prune(50%)}) or a low-rank factorization ({@code LowRank(8)},
 *       {@code LowRank(90%)});
 *   <li>{@code ErrorFeedback}: what the lossy stages dropped is kept by the device and added to its
 *       next update;
 *   <li>a value codec ({@code Fp32}, {@code Fp16}, {@code Int8}, {@code Int4(stochastic)}, {@code
 *       Ternary}, {@code KMeans(4)}, ...), {@code Fp32} when absent;
 *   <li>an index codec for sparse tensors ({@code Bitmap}, {@code Varint}, {@code Rice}), chosen
 *       per tensor by exact size when absent;
 *   <li>an entropy stage over the whole body ({@code Deflate}, {@code Zstd}), none when absent.
 * </ol>
 *
 * <p>{@link #toString()} prints the stages in that order joined by {@code " + "}, e.g. {@code
 * "TopK(1%) + ErrorFeedback + Int4 + Rice + Deflate"}, and {@link #parse} reads it back. A pipeline
 * is an immutable value; per-device state (the error-feedback residual, the random source) travels
 * in the {@link EncodeContext}.
 */
public final class Pipeline {
  private final Ratio width;
  private final Sparsifier sparsifier;
  private final LowRankSpec lowRank;
  private final boolean errorFeedback;
  private final ValueCodec values;
  private final IndexCodec indices;
  private final EntropyCodec entropy;

  Pipeline(
      Ratio width,
      Sparsifier sparsifier,
      LowRankSpec lowRank,
      boolean errorFeedback,
      ValueCodec values,
      IndexCodec indices,
      EntropyCodec entropy) {
    if (sparsifier != null && lowRank != null) {
      throw new IllegalArgumentException(
          "a pipeline takes a sparsifier or a low-rank stage, not both: "
              + sparsifier
              + " and "
              + lowRank);
    }
    this.width = width;
    this.sparsifier = sparsifier;
    this.lowRank = lowRank;
    this.errorFeedback = errorFeedback;
    this.values = Objects.requireNonNull(values, "values");
    this.indices = indices;
    this.entropy = Objects.requireNonNull(entropy, "entropy");
  }

  /** Parses a pipeline name such as {@code "TopK(1%) + ErrorFeedback + Int4 + Rice + Deflate"}. */
  public static Pipeline parse(String name) {
    return PipelineParser.parse(name);
  }

  public boolean usesErrorFeedback() {
    return errorFeedback;
  }

  /** The width slice, or null when the model goes at full width. */
  public Ratio width() {
    return width;
  }

  /** This pipeline at another width (null for full width): one preset, many device variants. */
  public Pipeline withWidth(Ratio r) {
    return new Pipeline(r, sparsifier, lowRank, errorFeedback, values, indices, entropy);
  }

  /** Encodes {@code model} into a complete frame. */
  public byte[] encodeFrame(FrameMeta meta, Model model, EncodeContext ctx) {
    EncodedBody body = encode(model, ctx);
    FrameHeader header =
        new FrameHeader(
            meta.kind(),
            meta.round(),
            meta.modelVersion(),
            meta.variant(),
            toString(),
            meta.attributes(),
            body.tensors());
    return FrameFormat.write(header, body.body(), body.length(), entropy);
  }

  /**
   * Encodes {@code model} into a body (before the entropy stage). With error feedback, the
   * context's residual is added first and replaced afterwards by what this encode dropped.
   */
  public EncodedBody encode(Model model, EncodeContext ctx) {
    Model m = model;
    if (width != null) {
      if (ctx.chain() == null) {
        throw new IllegalArgumentException(
            "pipeline '" + this + "' slices by width: pass the model's LayerChain in the context");
      }
      m = SlicePlan.of(ctx.chain(), m.names(), m.shapes(), width).slice(m);
    }
    ErrorFeedback feedback = ctx.feedback();
    if (errorFeedback) {
      if (feedback == null) {
        throw new IllegalArgumentException(
            "pipeline '" + this + "' uses error feedback: pass the device's ErrorFeedback state");
      }
      m = feedback.compensate(m);
    }
    int[][] kept = sparsifier == null ? null : sparsifier.select(m, ctx.rng());
    ByteWriter out = new ByteWriter(initialCapacity(m, kept));
    List<TensorInfo> infos = new ArrayList<>(m.size());
    for (int i = 0; i < m.size(); i++) {
      Tensor t = m.tensor(i);
      infos.add(new TensorInfo(t.name(), t.shape()));
      if (kept != null && kept[i] != null) {
        BodyCodec.writeSparse(t, kept[i], values, indices, ctx.rng(), out);
      } else if (lowRank != null && worthFactorizing(t.shape())) {
        BodyCodec.writeLowRank(t, factorize(t), values, ctx.rng(), out);
      } else {
        BodyCodec.writeDense(t, values, ctx.rng(), out);
      }
    }
    if (errorFeedback) {
      // The residual is what the receiver will NOT see, so decode exactly what it will decode.
      Model sent =
          BodyCodec.decode(
              out.array(),
              out.position(),
              infos,
              DecodeLimits.defaults().withRejectNonFinite(false));
      feedback.absorb(m, sent);
    }
    return new EncodedBody(infos, out.array(), out.position());
  }

  private LowRankFactors factorize(Tensor t) {
    int rows = t.shape().dim(0);
    int cols = t.size() / rows;
    return lowRank.energy() == null
        ? TruncatedSvd.byRank(t.array(), t.offset(), rows, cols, lowRank.rank())
        : TruncatedSvd.byEnergy(t.array(), t.offset(), rows, cols, lowRank.energy().fraction());
  }

  /** Factorizing pays only for matrices whose rank-r factors are smaller than the matrix. */
  private boolean worthFactorizing(Shape s) {
    if (s.rank() < 2 || s.size() == 0) {
      return false;
    }
    int rows = s.dim(0);
    int cols = s.size() / rows;
    int r = lowRank.energy() == null ? lowRank.rank() : 1;
    return (long) r * (rows + cols) < (long) rows * cols;
  }

  private static int initialCapacity(Model m, int[][] kept) {
    long dense = 16L * m.size() + m.parameterCount();
    if (kept == null) {
      return (int) Math.min(dense, 64 << 20);
    }
    long sparse = 16L * m.size();
    for (int i = 0; i < kept.length; i++) {
      sparse += kept[i] == null ? m.tensor(i).size() : 8L * kept[i].length;
    }
    return (int) Math.min(sparse, 64 << 20);
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    if (width != null) {
      parts.add("Width(" + width + ")");
    }
    if (sparsifier != null) {
      parts.add(sparsifier.toString());
    }
    if (lowRank != null) {
      parts.add(lowRank.toString());
    }
    if (errorFeedback) {
      parts.add("ErrorFeedback");
    }
    parts.add(values.toString());
    if (indices != null) {
      parts.add(indices.toString());
    }
    if (!"Raw".equals(entropy.toString())) {
      parts.add(entropy.toString());
    }
    return String.join(" + ", parts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pipeline p && p.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
