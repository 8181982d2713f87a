package io.fleetlearn.compression.coding;

import io.fleetlearn.compression.CodecException;

/**
 * The first index, then each gap minus one, as unsigned LEB128 varints: one byte per index while
 * gaps stay below 129, up to 5 bytes. Never the smallest for uniformly scattered sets (Rice is),
 * but it is for clustered ones: runs of consecutive positions cost a byte each and a long jump
 * three, where Rice's single parameter is wrong for one or the other. Decoding rejects overlong
 * varints, so the encoding of a set is unique and its size is exactly {@link #bytes}.
 */
public record DeltaVarintIndexCodec() implements IndexCodec {
  public static final DeltaVarintIndexCodec INSTANCE = new DeltaVarintIndexCodec();
  public static final int TAG = 2;

  @Override
  public int tag() {
    return TAG;
  }

  @Override
  public void write(int[] idx, int count, int size, ByteWriter out) {
    IndexChecks.checkSorted(idx, count, size);
    int prev = -1;
    for (int i = 0; i < count; i++) {
      out.varint(idx[i] - prev - 1);
      prev = idx[i];
    }
  }

  @Override
  public int[] read(ByteReader in, int count, int size) {
    IndexChecks.checkHeader(count, size, "Varint");
    // Every index takes at least one byte: a count the input cannot hold fails before allocating.
    in.require(count, "Varint indices (" + count + ")");
    int[] idx = new int[count];
    long prev = -1;
    for (int i = 0; i < count; i++) {
      int start = in.position();
      int gap = in.varint("Varint index gap");
      if (in.position() - start != ByteWriter.varintSize(gap)) {
        throw new CodecException("Varint index gap " + i + " of " + count + " is overlong");
      }
      long v = prev + 1 + gap;
      if (v >= size) {
        throw IndexChecks.pastSize("Varint", i, count, v, size);
      }
      idx[i] = (int) v;
      prev = v;
    }
    return idx;
  }

  @Override
  public long bytes(int[] idx, int count, int size) {
    IndexChecks.checkSorted(idx, count, size);
    long n = 0;
    int prev = -1;
    for (int i = 0; i < count; i++) {
      n += ByteWriter.varintSize(idx[i] - prev - 1);
      prev = idx[i];
    }
    return n;
  }

  @Override
  public String toString() {
    return "Varint";
  }
}
