package io.fleetlearn.compression.frame;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import io.fleetlearn.compression.entropy.EntropyCodec;
import io.fleetlearn.compression.entropy.EntropyCodecs;
import io.fleetlearn.compression.entropy.NoEntropy;
import io.fleetlearn.compression.tensor.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The binary frame that carries every model and update on the wire, format version 1. All integers
 * are little-endian; varints are unsigned LEB128; strings are a varint byte length and UTF-8.
 *
 * <pre>
 * offset  size  field
 * 0       4     magic "FLFR"
 * 4       1     format version (1)
 * 5       1     kind: 1 model, 2 update
 * 6       2     flags, 0 in version 1 (a decoder refuses flags it does not know)
 * 8       4     header length H
 * 12      H     header: varlong round, varlong model version, string variant, string pipeline,
 *               varint attribute count, (string key, string value)*,
 *               varint tensor count, (string name, u8 rank, varint dim * rank)*
 * 12+H    1     entropy stage tag: 0 raw, 1 Deflate, 2 zstd
 *         4     body length after the entropy stage, R
 *         4     stored body length, S
 *         S     stored body (the pipeline's per-tensor sections, see BodyCodec)
 * end-4   4     CRC32C of every byte before it
 * </pre>
 *
 * <p>Pitfalls the decoder guards against: the checksum is verified before anything else is parsed
 * (a flipped bit gives one clear error, not a confusing one deep in a codec); every length is
 * checked against the bytes left and against {@link DecodeLimits} before allocation; the entropy
 * stage may expand at most {@link DecodeLimits#maxExpansion()} times and never beyond {@link
 * DecodeLimits#maxBodyBytes()}; the element count of the header is bounded before any tensor is
 * allocated.
 */
public final class FrameFormat {
  /** "FLFR" read as a little-endian int. */
  public static final int MAGIC = 0x52464C46;

  public static final int VERSION = 1;

  /** Fixed bytes around the header and body: magic to header length, body prefix, checksum. */
  static final int OVERHEAD = 12 + 1 + 4 + 4 + 4;

  private FrameFormat() {}

  /**
   * Writes a frame. The body goes through {@code entropy} unless that would not make it smaller, in
   * which case it is stored raw: a frame is never larger than its raw body plus the overhead.
   */
  public static byte[] write(FrameHeader h, byte[] body, int bodyLength, EntropyCodec entropy) {
    ByteWriter header = new ByteWriter(64 + 32 * h.tensors().size());
    writeHeader(h, header);

    byte[] stored = body;
    int storedLength = bodyLength;
    EntropyCodec used = NoEntropy.INSTANCE;
    if (entropy.tag() != NoEntropy.INSTANCE.tag() && bodyLength > 0) {
      byte[] packed = entropy.compress(body, 0, bodyLength);
      if (packed.length < bodyLength) {
        stored = packed;
        storedLength = packed.length;
        used = entropy;
      }
    }

    ByteWriter out = new ByteWriter(OVERHEAD + header.position() + storedLength);
    out.i32(MAGIC).u8(VERSION).u8(h.kind().code()).u16(0);
    out.i32(header.position()).bytes(header.array(), 0, header.position());
    out.u8(used.tag()).i32(bodyLength).i32(storedLength).bytes(stored, 0, storedLength);
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.i32((int) crc.getValue());
    return out.toByteArray();
  }

  /** Checks and parses the header only, without touching the body: cheap triage of a frame. */
  public static FrameHeader readHeader(byte[] frame, DecodeLimits limits) {
    return parse(frame, limits, false).header();
  }

  /** Checks a frame and undoes its entropy stage. */
  public static RawFrame read(byte[] frame, DecodeLimits limits) {
    return parse(frame, limits, true);
  }

  private static RawFrame parse(byte[] frame, DecodeLimits limits, boolean withBody) {
    if (frame.length < OVERHEAD) {
      throw new CodecException(
          "frame is " + frame.length + " bytes; the smallest valid frame has " + OVERHEAD);
    }
    if (frame.length > limits.maxFrameBytes()) {
      throw new CodecException(
          "frame is " + frame.length + " bytes; the limit is " + limits.maxFrameBytes());
    }
    ByteReader in = new ByteReader(frame);
    int magic = in.i32("magic");
    if (magic != MAGIC) {
      throw new CodecException(
          String.format("magic (0x%08x) is not a FleetLearn frame (0x%08x)", magic, MAGIC));
    }
    CRC32C crc = new CRC32C();
    crc.update(frame, 0, frame.length - 4);
    int expected = new ByteReader(frame, frame.length - 4, 4).i32("checksum");
    if ((int) crc.getValue() != expected) {
      throw new CodecException(
          String.format(
              "checksum mismatch: frame says 0x%08x, content gives 0x%08x (corrupt or truncated)",
              expected, (int) crc.getValue()));
    }
    int version = in.u8("format version");
    if (version != VERSION) {
      throw new CodecException(
          "format version ("
              + version
              + ") is not one this decoder reads (1)"
              + (version > VERSION ? "; upgrade the decoder" : ""));
    }
    FrameKind kind = FrameKind.fromCode(in.u8("frame kind"));
    int flags = in.u16("flags");
    if (flags != 0) {
      throw new CodecException("flags (" + flags + ") must be 0 in format version 1");
    }
    int headerLength = in.i32("header length");
    in.require(headerLength, "header");
    ByteReader hr = new ByteReader(frame, in.skip(headerLength, "header"), headerLength);
    FrameHeader header = readHeader(kind, hr, limits);
    hr.expectEnd("header");

    EntropyCodec entropy = EntropyCodecs.read((byte) in.u8("entropy stage"));
    int rawLength = in.i32("body length");
    int storedLength = in.i32("stored body length");
    if (storedLength < 0 || storedLength != in.remaining() - 4) {
      throw new CodecException(
          "stored body length ("
              + storedLength
              + ") does not match the "
              + (in.remaining() - 4)
              + " bytes between header and checksum");
    }
    checkBodyLength(rawLength, storedLength, entropy, limits);
    if (!withBody) {
      return new RawFrame(header, new byte[0], frame.length);
    }
    int at = in.skip(storedLength, "body");
    byte[] body =
        entropy.tag() == NoEntropy.INSTANCE.tag()
            ? java.util.Arrays.copyOfRange(frame, at, at + storedLength)
            : entropy.decompress(frame, at, storedLength, rawLength);
    return new RawFrame(header, body, frame.length);
  }

  private static void checkBodyLength(
      int rawLength, int storedLength, EntropyCodec entropy, DecodeLimits limits) {
    if (rawLength < 0 || rawLength > limits.maxBodyBytes()) {
      throw new CodecException(
          "body length ("
              + Integer.toUnsignedString(rawLength)
              + ") exceeds the limit of "
              + limits.maxBodyBytes()
              + " bytes");
    }
    if (entropy.tag() == NoEntropy.INSTANCE.tag()) {
      if (rawLength != storedLength) {
        throw new CodecException(
            "raw body length ("
                + rawLength
                + ") differs from stored length ("
                + storedLength
                + ")");
      }
    } else if (rawLength > (long) storedLength * limits.maxExpansion()) {
      throw new CodecException(
          "body would expand "
              + storedLength
              + " stored bytes to "
              + rawLength
              + ", more than the "
              + limits.maxExpansion()
              + "x limit; refused as a decompression bomb");
    }
  }

  private static void writeHeader(FrameHeader h, ByteWriter out) {
    out.varlong(h.round()).varlong(h.modelVersion()).string(h.variant()).string(h.pipeline());
    out.varint(h.attributes().size());
    h.attributes().forEach((k, v) -> out.string(k).string(v));
    out.varint(h.tensors().size());
    for (TensorInfo t : h.tensors()) {
      out.string(t.name()).u8(t.shape().rank());
      for (int d : t.shape().dims()) {
        out.varint(d);
      }
    }
  }

  private static FrameHeader readHeader(FrameKind kind, ByteReader in, DecodeLimits limits) {
    long round = in.varlong("round");
    long modelVersion = in.varlong("model version");
    String variant = in.string("variant", FrameHeader.MAX_STRING_BYTES);
    String pipeline = in.string("pipeline", FrameHeader.MAX_STRING_BYTES);
    int attributeCount = in.varint("attribute count", 0, FrameHeader.MAX_ATTRIBUTES);
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 0; i < attributeCount; i++) {
      String key = in.string("attribute key", FrameHeader.MAX_STRING_BYTES);
      String value = in.string("attribute " + key, FrameHeader.MAX_STRING_BYTES);
      if (attributes.put(key, value) != null) {
        throw new CodecException("attribute " + key + " appears twice");
      }
    }
    // Each tensor takes at least 3 header bytes, so the count is bounded by the bytes left too.
    int count = in.varint("tensor count", 0, Math.min(limits.maxTensors(), in.remaining() / 3));
    List<TensorInfo> tensors = new ArrayList<>(count);
    Set<String> names = new HashSet<>();
    long elements = 0;
    for (int i = 0; i < count; i++) {
      String name = in.string("tensor " + i + " name", FrameHeader.MAX_STRING_BYTES);
      if (name.isEmpty() || !names.add(name)) {
        throw new CodecException("tensor " + i + " name '" + name + "' is empty or repeated");
      }
      int rank = in.u8("rank of " + name);
      if (rank > Shape.MAX_RANK) {
        throw new CodecException(
            "rank of " + name + " (" + rank + ") must be at most " + Shape.MAX_RANK);
      }
      int[] dims = new int[rank];
      long size = 1;
      for (int d = 0; d < rank; d++) {
        dims[d] = in.varint("dimension " + d + " of " + name);
        size *= dims[d];
        if (size > limits.maxElements()) {
          break;
        }
      }
      elements += size;
      if (elements > limits.maxElements()) {
        throw new CodecException(
            "tensors up to "
                + name
                + " hold more than the limit of "
                + limits.maxElements()
                + " elements");
      }
      tensors.add(new TensorInfo(name, Shape.of(dims)));
    }
    return new FrameHeader(kind, round, modelVersion, variant, pipeline, attributes, tensors);
  }
}
