package io.fleetlearn.device.train;

import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * Switches PyTorch's oneDNN (MKLDNN) CPU kernels on or off for the whole process: the Java side of
 * Python's {@code torch.backends.mkldnn.enabled}, which DJL 0.36 does not expose.
 *
 * <p>Why the device turns them off: in PyTorch 2.7.1 (oneDNN 3.7.1), the gradient of a convolution
 * with respect to its input is intermittently NaN when the layer's output channel count is not a
 * multiple of the CPU's vector block (16 floats on AVX-512, 8 on AVX2): the {@code backward_data}
 * kernel works on channels padded to the block, and the padding is sometimes not zero. The CNN at
 * width 0.25 (conv2 with 8 filters) hit it in about one step in ten, so a whole round turned to
 * NaN. With oneDNN off, PyTorch runs its own im2col + GEMM convolution, which has no padded
 * channels. Evidence and figures: docs/device-client.md, "oneDNN and NaN".
 *
 * <p>The switch is two exported C++ functions of {@code libtorch_cpu} ({@code at::globalContext()}
 * and {@code at::Context::setUserEnabledMkldnn(bool)}), called through JNA (already on the class
 * path through DJL). Their mangled names are the same on x86-64 and aarch64 (Itanium C++ ABI); a
 * PyTorch without them makes {@link #set} fail with {@link UnsatisfiedLinkError}.
 */
final class OneDnn {
  private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
  private static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledMkldnnEb";
  private static final String IS_ENABLED = "_ZNK2at7Context17userEnabledMkldnnEv";

  private OneDnn() {}

  /**
   * Enables or disables oneDNN kernels for every later PyTorch operation of the process; the engine
   * must be loaded.
   *
   * @return whether oneDNN is enabled afterwards, as PyTorch reports it
   * @throws UnsatisfiedLinkError when libtorch_cpu lacks the functions
   */
  static boolean set(boolean enabled) {
    NativeLibrary torch = torchCpu();
    Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
    torch.getFunction(SET_ENABLED).invokeVoid(new Object[] {context, enabled ? (byte) 1 : 0});
    // A C++ bool comes back in the low byte of the return register; the rest is undefined.
    Function isEnabled = torch.getFunction(IS_ENABLED);
    return (isEnabled.invokeInt(new Object[] {context}) & 0xff) != 0;
  }

  private static NativeLibrary torchCpu() {
    // DJL has already loaded this file; opening it again returns the same handle.
    Path lib = Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("torch_cpu"));
    return NativeLibrary.getInstance(lib.toAbsolutePath().toString());
  }
}
