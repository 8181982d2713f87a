package io.fleetlearn.device.train;

import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * Switches PyTorch CPU kernel families on or off for the whole process: the Java side of Python's
 * {@code torch.backends.mkldnn.enabled} and {@code torch.backends.nnpack.enabled}, which DJL 0.36
 * does not expose.
 *
 * <p>Why the device turns oneDNN (MKLDNN) off: in PyTorch 2.7.1 (oneDNN 3.7.1), the gradient of a
 * convolution with respect to its input is intermittently NaN when the layer's output channel count
 * is not a multiple of the CPU's vector block (16 floats on AVX-512, 8 on AVX2): the {@code
 * backward_data} kernel works on channels padded to the block, and the padding is sometimes not
 * zero. The CNN at width 0.25 (conv2 with 8 filters) hit it in about one step in ten, so a whole
 * round turned to NaN. With oneDNN off, PyTorch runs its own im2col + GEMM convolution, which has
 * no padded channels. Evidence and figures: docs/device-client.md, "oneDNN and NaN".
 *
 * <p>Why NNPACK is turned off on x86-64: PyTorch then asks NNPACK first for every convolution, and
 * on CPUs NNPACK does not support it fails and logs "Could not initialize NNPACK! Reason:
 * Unsupported hardware" once per thread (thousands of lines in a simulation), before falling back
 * to the same kernels it uses with NNPACK off. On ARM (the Raspberry Pis) it stays on.
 *
 * <p>The switches are exported C++ functions of {@code libtorch_cpu} ({@code at::globalContext()},
 * {@code at::Context::setUserEnabledMkldnn(bool)}, {@code setUserEnabledNNPACK(bool)} and their
 * getters), called through JNA (already on the class path through DJL). Their mangled names are the
 * same on x86-64 and aarch64 (Itanium C++ ABI); a PyTorch without them makes the setters fail with
 * {@link UnsatisfiedLinkError}.
 */
final class TorchBackends {
  private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
  private static final String SET_MKLDNN = "_ZN2at7Context20setUserEnabledMkldnnEb";
  private static final String IS_MKLDNN = "_ZNK2at7Context17userEnabledMkldnnEv";
  private static final String SET_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";
  private static final String IS_NNPACK = "_ZNK2at7Context17userEnabledNNPACKEv";

  private TorchBackends() {}

  /**
   * Enables or disables oneDNN kernels for every later PyTorch operation of the process; the engine
   * must be loaded.
   *
   * @return whether oneDNN is enabled afterwards, as PyTorch reports it
   * @throws UnsatisfiedLinkError when libtorch_cpu lacks the functions
   */
  static boolean setOneDnn(boolean enabled) {
    return set(SET_MKLDNN, IS_MKLDNN, enabled);
  }

  /**
   * Enables or disables NNPACK kernels for every later PyTorch operation of the process; the engine
   * must be loaded.
   *
   * @return whether NNPACK is enabled afterwards, as PyTorch reports it
   * @throws UnsatisfiedLinkError when libtorch_cpu lacks the functions
   */
  static boolean setNnpack(boolean enabled) {
    return set(SET_NNPACK, IS_NNPACK, enabled);
  }

  /** Whether NNPACK kernels are enabled, as PyTorch reports it; the engine must be loaded. */
  static boolean nnpackEnabled() {
    NativeLibrary torch = torchCpu();
    return get(torch, context(torch), IS_NNPACK);
  }

  private static boolean set(String setter, String getter, boolean enabled) {
    NativeLibrary torch = torchCpu();
    Pointer context = context(torch);
    torch.getFunction(setter).invokeVoid(new Object[] {context, enabled ? (byte) 1 : 0});
    return get(torch, context, getter);
  }

  private static Pointer context(NativeLibrary torch) {
    return torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
  }

  private static boolean get(NativeLibrary torch, Pointer context, String getter) {
    // A C++ bool comes back in the low byte of the return register; the rest is undefined.
    Function isEnabled = torch.getFunction(getter);
    return (isEnabled.invokeInt(new Object[] {context}) & 0xff) != 0;
  }

  private static NativeLibrary torchCpu() {
    // DJL has already loaded this file; opening it again returns the same handle.
    Path lib = Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("torch_cpu"));
    return NativeLibrary.getInstance(lib.toAbsolutePath().toString());
  }
}
