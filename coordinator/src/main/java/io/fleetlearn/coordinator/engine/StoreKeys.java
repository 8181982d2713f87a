package io.fleetlearn.coordinator.engine;

import io.fleetlearn.coordinator.store.Keys;
import java.util.Arrays;

/**
 * The keys of the round engine's records. One byte tags the kind, then big-endian numbers, so that
 * a prefix scan lists one kind in numeric order:
 *
 * <pre>
 * trainings   {id}                       TrainingView JSON
 * rounds      r {round}                  RoundView JSON (the round state machine)
 * models      v {version}                ModelView JSON
 *             g {version}                the dense global model, an Fp32 frame
 *             f {version} {variant}      a published model frame, exactly as sent
 * receipts    {round} {device}           Receipt JSON (accepted update: nonce, sequence)
 * aggregates  {round} {sequence}         the accepted update frame, exactly as received
 * meta        moments/{training}         FedOpt moments of a training
 * </pre>
 */
public final class StoreKeys {
  private StoreKeys() {}

  public static byte[] round(long round) {
    return tagged('r', round);
  }

  public static byte[] rounds() {
    return Keys.text("r");
  }

  public static byte[] modelView(long version) {
    return tagged('v', version);
  }

  public static byte[] modelViews() {
    return Keys.text("v");
  }

  public static byte[] globalModel(long version) {
    return tagged('g', version);
  }

  public static byte[] modelFrame(long version, String variant) {
    return concat(tagged('f', version), Keys.text(variant));
  }

  public static byte[] receipt(long round, String deviceId) {
    return concat(Keys.u64(round), Keys.text(deviceId));
  }

  /** The prefix of a round's receipts or of its stored update frames. */
  public static byte[] ofRound(long round) {
    return Keys.u64(round);
  }

  public static byte[] updateFrame(long round, long sequence) {
    return concat(Keys.u64(round), Keys.u64(sequence));
  }

  /** The sequence number of an {@link #updateFrame} key. */
  public static long sequenceOf(byte[] updateFrameKey) {
    return Keys.u64(Arrays.copyOfRange(updateFrameKey, 8, 16));
  }

  /** The number after the tag byte of a tagged key. */
  public static long numberOf(byte[] taggedKey) {
    return Keys.u64(Arrays.copyOfRange(taggedKey, 1, 9));
  }

  public static byte[] moments(String trainingId) {
    return Keys.text("moments/" + trainingId);
  }

  private static byte[] tagged(char tag, long n) {
    return concat(new byte[] {(byte) tag}, Keys.u64(n));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
