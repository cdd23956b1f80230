// The FS neuron over a contiguous float32 range, one implementation per instruction set.
//
// Semantics (the float32 reference is org.fsneurons.core.neuron.FsNeuron, whose javadoc holds the equations):
//   v = x; out = 0; for t = 0..K-1: z = v > T[t]; out = out + d[t]*z; v = v - h[t]*z
// Every path computes a spiking step as out + d[t] and v - h[t] and leaves out and v untouched otherwise, which
// equals the reference bit for bit (a non-spiking step adds or subtracts a zero; only the sign of a zero v can
// differ, and comparisons ignore it). NaN never compares greater, so it gives y = +0 and no spikes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fsneurons {

/** Coefficients of one FS node: K steps of threshold T, reset h and output weight d. */
struct FsCoeffs {
  int k = 0;
  const float* T = nullptr;
  const float* h = nullptr;
  const float* d = nullptr;
};

/** Runs the neuron on x[0..n) into y[0..n); returns the spike total (0 when count is false). */
using FsRangeFn = int64_t (*)(const FsCoeffs& c, const float* x, float* y, size_t n, bool count);

/** Instruction-set paths, from the portable one to the widest. */
enum class Isa : int { kScalar = 0, kSse = 1, kAvx2 = 2, kAvx512 = 3 };

const char* IsaName(Isa isa);

/** The widest path this CPU (and its operating system) supports. */
Isa BestIsa();

/** Whether this CPU can run the path. */
bool IsaSupported(Isa isa);

/** The implementation of a path; the caller checks IsaSupported first. */
FsRangeFn RangeFn(Isa isa);

/**
 * Clears the denormals-are-zero and flush-to-zero bits of this thread's MXCSR for its lifetime and restores them
 * after: ONNX Runtime's session.set_denormal_as_zero would otherwise read subnormal inputs as zero.
 */
class ScopedExactFloat {
 public:
  ScopedExactFloat();
  ~ScopedExactFloat();
  ScopedExactFloat(const ScopedExactFloat&) = delete;
  ScopedExactFloat& operator=(const ScopedExactFloat&) = delete;

 private:
  unsigned saved_;
};

}  // namespace fsneurons
