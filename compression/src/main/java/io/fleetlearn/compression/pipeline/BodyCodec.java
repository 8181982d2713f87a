package io.fleetlearn.compression.pipeline;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import io.fleetlearn.compression.coding.IndexCodec;
import io.fleetlearn.compression.coding.IndexCoding;
import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.TensorInfo;
import io.fleetlearn.compression.lowrank.LowRankFactors;
import io.fleetlearn.compression.quant.ValueCodec;
import io.fleetlearn.compression.quant.ValueCodecs;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The body of a frame: one section per tensor, in header order, each saying how it is represented.
 *
 * <pre>
 * section   := u8 representation, then
 *   0 dense:    value codec descriptor, payload of size() values
 *   1 sparse:   varint count (&lt;= size), index coding (tag + payload), value codec descriptor,
 *               payload of count values
 *   2 low rank: varint rank r in [1, min(rows, cols)], descriptor + payload of the rows x r left
 *               factor, descriptor + payload of the r x cols right factor (rows = dim 0,
 *               cols = size / rows; the tensor is left * right)
 * </pre>
 *
 * <p>Per-channel value codecs group values by output channel (dim 0) for tensors of rank 2 and
 * above; for a sparse tensor the groups are the runs of kept indices in each row, which both ends
 * derive from the decoded indices, so no group sizes travel.
 */
final class BodyCodec {
  static final int DENSE = 0;
  static final int SPARSE = 1;
  static final int LOW_RANK = 2;

  private BodyCodec() {}

  static void writeDense(Tensor t, ValueCodec vc, RandomGenerator rng, ByteWriter out) {
    out.u8(DENSE);
    vc.writeDescriptor(out);
    vc.encode(t.array(), t.offset(), t.size(), denseBounds(t.shape(), vc), rng, out);
  }

  static void writeSparse(
      Tensor t, int[] idx, ValueCodec vc, IndexCodec forced, RandomGenerator rng, ByteWriter out) {
    out.u8(SPARSE).varint(idx.length);
    IndexCoding.write(idx, idx.length, t.size(), forced, out);
    float[] values = new float[idx.length];
    float[] a = t.array();
    int off = t.offset();
    for (int i = 0; i < idx.length; i++) {
      values[i] = a[off + idx[i]];
    }
    vc.writeDescriptor(out);
    vc.encode(values, 0, values.length, sparseBounds(idx, t.shape(), vc), rng, out);
  }

  static void writeLowRank(
      Tensor t, LowRankFactors f, ValueCodec vc, RandomGenerator rng, ByteWriter out) {
    out.u8(LOW_RANK).varint(f.rank());
    vc.writeDescriptor(out);
    vc.encode(f.left(), 0, f.left().length, rowBounds(f.rows(), f.rank(), vc), rng, out);
    vc.writeDescriptor(out);
    vc.encode(f.right(), 0, f.right().length, rowBounds(f.rank(), f.cols(), vc), rng, out);
  }

  /** Decodes a body into a dense model laid out in one flat array. */
  static Model decode(byte[] body, int length, List<TensorInfo> infos, DecodeLimits limits) {
    // Each section is decoded into a fresh array (see visit), so the model takes those arrays
    // over instead of copying them into one flat array.
    Tensor[] tensors = new Tensor[infos.size()];
    visit(
        body,
        length,
        infos,
        limits,
        new SectionSink() {
          @Override
          public void dense(int tensor, TensorInfo info, float[] values, int offset) {
            tensors[tensor] = Tensor.view(info.name(), info.shape(), values, offset);
          }

          @Override
          public void sparse(int tensor, TensorInfo info, int[] idx, float[] values, int count) {
            Tensor t = Tensor.zeros(info.name(), info.shape());
            float[] a = t.array();
            for (int i = 0; i < count; i++) {
              a[idx[i]] = values[i];
            }
            tensors[tensor] = t;
          }
        });
    return Model.of(tensors);
  }

  /** Decodes a body section by section into {@code sink}. */
  static void visit(
      byte[] body, int length, List<TensorInfo> infos, DecodeLimits limits, SectionSink sink) {
    ByteReader in = new ByteReader(body, 0, length);
    for (int i = 0; i < infos.size(); i++) {
      TensorInfo info = infos.get(i);
      int repr = in.u8("representation of " + info.name());
      switch (repr) {
        case DENSE -> {
          float[] values = readDense(in, info);
          requireFinite(info, values, values.length, limits);
          sink.dense(i, info, values, 0);
        }
        case SPARSE -> readSparse(in, i, info, limits, sink);
        case LOW_RANK -> {
          float[] values = readLowRank(in, info);
          requireFinite(info, values, values.length, limits);
          sink.dense(i, info, values, 0);
        }
        default ->
            throw new CodecException(
                "representation of " + info.name() + " (" + repr + ") must be 0, 1 or 2");
      }
    }
    in.expectEnd("body");
  }

  private static float[] readDense(ByteReader in, TensorInfo info) {
    Shape s = info.shape();
    ValueCodec vc = ValueCodecs.readDescriptor(in);
    int[] bounds = denseBounds(s, vc);
    in.require(vc.payloadBytes(s.size(), bounds.length - 1), "values of " + info.name());
    float[] values = new float[s.size()];
    vc.decode(in, values, 0, values.length, bounds);
    return values;
  }

  private static void readSparse(
      ByteReader in, int tensor, TensorInfo info, DecodeLimits limits, SectionSink sink) {
    Shape s = info.shape();
    int count = in.varint("kept count of " + info.name(), 0, s.size());
    int[] idx = IndexCoding.read(in, count, s.size());
    ValueCodec vc = ValueCodecs.readDescriptor(in);
    int[] bounds = sparseBounds(idx, s, vc);
    in.require(vc.payloadBytes(count, bounds.length - 1), "values of " + info.name());
    float[] values = new float[count];
    vc.decode(in, values, 0, count, bounds);
    requireFinite(info, values, count, limits);
    sink.sparse(tensor, info, idx, values, count);
  }

  private static float[] readLowRank(ByteReader in, TensorInfo info) {
    Shape s = info.shape();
    if (s.rank() < 2 || s.size() == 0) {
      throw new CodecException(
          "tensor " + info.name() + " of shape " + s + " cannot be low rank: it is not a matrix");
    }
    int rows = s.dim(0);
    int cols = s.size() / rows;
    int rank = in.varint("rank of " + info.name(), 1, Math.min(rows, cols));
    float[] left = readFactor(in, info.name() + " left factor", rows, rank);
    float[] right = readFactor(in, info.name() + " right factor", rank, cols);
    float[] values = new float[s.size()];
    new LowRankFactors(rows, cols, rank, left, right, Double.NaN).reconstruct(values, 0);
    return values;
  }

  private static float[] readFactor(ByteReader in, String what, int rows, int cols) {
    ValueCodec vc = ValueCodecs.readDescriptor(in);
    int[] bounds = rowBounds(rows, cols, vc);
    int n = rows * cols;
    in.require(vc.payloadBytes(n, bounds.length - 1), what);
    float[] f = new float[n];
    vc.decode(in, f, 0, n, bounds);
    return f;
  }

  private static void requireFinite(TensorInfo info, float[] a, int n, DecodeLimits limits) {
    if (!limits.rejectNonFinite()) {
      return;
    }
    for (int i = 0; i < n; i++) {
      // (x - x) is 0 for every finite x and NaN for NaN and both infinities: one test, no branches.
      if (a[i] - a[i] != 0) {
        throw new CodecException(
            "tensor " + info.name() + " value " + i + " is " + a[i] + "; values must be finite");
      }
    }
  }

  static int[] denseBounds(Shape s, ValueCodec vc) {
    return rowBounds(s.rank() >= 2 ? s.rows() : 1, s.rank() >= 2 ? s.rowLength() : s.size(), vc);
  }

  private static int[] rowBounds(int rows, int rowLength, ValueCodec vc) {
    int len = rows * rowLength;
    if (!vc.perChannel() || rows <= 1) {
      return new int[] {0, len};
    }
    int[] b = new int[rows + 1];
    for (int r = 1; r <= rows; r++) {
      b[r] = r * rowLength;
    }
    return b;
  }

  /** Groups of a sparse tensor: for each row, the run of kept indices that fall in it. */
  static int[] sparseBounds(int[] idx, Shape s, ValueCodec vc) {
    if (!vc.perChannel() || s.rank() < 2 || s.rows() <= 1) {
      return new int[] {0, idx.length};
    }
    int rows = s.rows();
    int rowLength = s.rowLength();
    int[] b = new int[rows + 1];
    int i = 0;
    for (int r = 0; r < rows; r++) {
      long end = (long) (r + 1) * rowLength;
      while (i < idx.length && idx[i] < end) {
        i++;
      }
      b[r + 1] = i;
    }
    return b;
  }
}
