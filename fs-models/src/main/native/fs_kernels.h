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
  /** For the binary FS-ReLU paths only (see BinaryReluUnit): c[K-1] and its rounded reciprocal. */
  float unit = 0.0f;
  float inv_unit = 0.0f;
  /**
   * Optional, for the AVX-512 and AVX2 dynamics paths (see StepFloors): floor[t] is the smallest input that spikes at
   * step t (+inf when none does). A group of inputs whose largest is below floor[t] skips step t entirely.
   */
  const float* floor = nullptr;
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
 * Binary FS-ReLU: h = T = d = c with c[t+1] = c[t] / 2 exactly (the paper's ReLU, h = T = d = alpha 2^-(t+1)).
 * For such a set every subtraction of the dynamics is exact (Sterbenz: a spiking step has c[t] < v <= 2 c[t]), so
 * the spikes are the binary digits of j = max{j in [0, 2^K - 1] : j c[K-1] < x} (all ones above 2 c[0], none for
 * x <= 0 or NaN), and the output is the float sum of the spiking c[t] in step order. Returns c[K-1] when the set has
 * this form, K <= 16, every c[t] is a positive normal float with 2 c[0] finite, and that float sum equals the
 * correctly rounded product j * c[K-1] for every one of the 2^K codes (checked here, exhaustively); else 0.
 * Then y = j * c[K-1] and the spike count is popcount(j), with j found from x / c[K-1] and corrected by the exact
 * signs of fma(j, c[K-1], -x): a dozen vector operations per 16 inputs instead of 3 K.
 */
float BinaryReluUnit(const FsCoeffs& c);

/** The binary FS-ReLU implementation of a path (see BinaryReluUnit), or nullptr where there is none. */
FsRangeFn BinaryRangeFn(Isa isa);

/**
 * The smallest input that spikes at each step (+inf for a step no input reaches), from the exact piecewise map of
 * the dynamics: for x < x' the spike patterns compare lexicographically pattern(x) <= pattern(x') (at the first step
 * where they differ both membranes had the same subtractions, and rounded subtraction of a constant is monotone), so
 * each pattern holds on one interval of floats, whose ends a binary search over the ordered float bit patterns finds
 * exactly; floor[t] is the lowest start of an interval whose pattern has step t. Returns false (floors untouched)
 * when a coefficient is not finite, K > 32, or there are more than 4096 patterns.
 * Why: trained sets have steps that only large inputs reach (the swish set's steps 5, 6, 9 and 14 need x > 4 or
 * so), and skipping them for a group is exact: every masked update of such a step would be a no-op.
 */
bool StepFloors(const FsCoeffs& c, float* floor);

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
