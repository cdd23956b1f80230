// Hand-written paths of the FS neuron: portable scalar, SSE (the x86-64-v2 baseline), AVX2 and AVX-512F, the
// latter two compiled with target attributes and chosen at run time. Each vector path runs several independent
// vectors through the K steps at once so that the compare/subtract chain of one hides the latency of the others.
#include "fs_kernels.h"

#include <immintrin.h>

#include <cfloat>
#include <cmath>
#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <vector>

namespace fsneurons {
namespace {

constexpr unsigned kMxcsrDaz = 1u << 6;   // denormals are zero (inputs)
constexpr unsigned kMxcsrFtz = 1u << 15;  // flush to zero (results)

// ---------------------------------------------------------------------------------------------- scalar
inline float ScalarOne(const FsCoeffs& c, float x, int64_t* spikes) {
  float v = x;
  float out = 0.0f;
  int64_t n = 0;
  for (int t = 0; t < c.k; ++t) {
    if (v > c.T[t]) {
      out = out + c.d[t];
      v = v - c.h[t];
      ++n;
    }
  }
  *spikes += n;
  return out;
}

int64_t RunScalar(const FsCoeffs& c, const float* x, float* y, size_t n, bool count) {
  int64_t spikes = 0;
  for (size_t i = 0; i < n; ++i) {
    y[i] = ScalarOne(c, x[i], &spikes);
  }
  return count ? spikes : 0;
}

// ---------------------------------------------------------------------------------------------- SSE
template <bool kCount>
int64_t RunSseT(const FsCoeffs& c, const float* x, float* y, size_t n) {
  const int k = c.k;
  int64_t spikes = 0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m128 v0 = _mm_loadu_ps(x + i), v1 = _mm_loadu_ps(x + i + 4);
    __m128 v2 = _mm_loadu_ps(x + i + 8), v3 = _mm_loadu_ps(x + i + 12);
    __m128 o0 = _mm_setzero_ps(), o1 = o0, o2 = o0, o3 = o0;
    for (int t = 0; t < k; ++t) {
      const __m128 tt = _mm_set1_ps(c.T[t]), hh = _mm_set1_ps(c.h[t]), dd = _mm_set1_ps(c.d[t]);
      const __m128 m0 = _mm_cmpgt_ps(v0, tt), m1 = _mm_cmpgt_ps(v1, tt);
      const __m128 m2 = _mm_cmpgt_ps(v2, tt), m3 = _mm_cmpgt_ps(v3, tt);
      o0 = _mm_add_ps(o0, _mm_and_ps(m0, dd));
      o1 = _mm_add_ps(o1, _mm_and_ps(m1, dd));
      o2 = _mm_add_ps(o2, _mm_and_ps(m2, dd));
      o3 = _mm_add_ps(o3, _mm_and_ps(m3, dd));
      v0 = _mm_sub_ps(v0, _mm_and_ps(m0, hh));
      v1 = _mm_sub_ps(v1, _mm_and_ps(m1, hh));
      v2 = _mm_sub_ps(v2, _mm_and_ps(m2, hh));
      v3 = _mm_sub_ps(v3, _mm_and_ps(m3, hh));
      if (kCount) {
        const unsigned bits = static_cast<unsigned>(_mm_movemask_ps(m0)) |
                              (static_cast<unsigned>(_mm_movemask_ps(m1)) << 4) |
                              (static_cast<unsigned>(_mm_movemask_ps(m2)) << 8) |
                              (static_cast<unsigned>(_mm_movemask_ps(m3)) << 12);
        spikes += _mm_popcnt_u32(bits);
      }
    }
    _mm_storeu_ps(y + i, o0);
    _mm_storeu_ps(y + i + 4, o1);
    _mm_storeu_ps(y + i + 8, o2);
    _mm_storeu_ps(y + i + 12, o3);
  }
  for (; i + 4 <= n; i += 4) {
    __m128 v = _mm_loadu_ps(x + i);
    __m128 o = _mm_setzero_ps();
    for (int t = 0; t < k; ++t) {
      const __m128 m = _mm_cmpgt_ps(v, _mm_set1_ps(c.T[t]));
      o = _mm_add_ps(o, _mm_and_ps(m, _mm_set1_ps(c.d[t])));
      v = _mm_sub_ps(v, _mm_and_ps(m, _mm_set1_ps(c.h[t])));
      if (kCount) spikes += _mm_popcnt_u32(static_cast<unsigned>(_mm_movemask_ps(m)));
    }
    _mm_storeu_ps(y + i, o);
  }
  for (; i < n; ++i) {
    y[i] = ScalarOne(c, x[i], &spikes);
  }
  return kCount ? spikes : 0;
}

int64_t RunSse(const FsCoeffs& c, const float* x, float* y, size_t n, bool count) {
  return count ? RunSseT<true>(c, x, y, n) : RunSseT<false>(c, x, y, n);
}

// ---------------------------------------------------------------------------------------------- AVX2
// Eight vectors (64 elements) per pass through the K steps: the compare -> and -> subtract chain of one vector takes
// about 9 cycles a step, so eight in flight keep the vector ports busy.
template <bool kCount>
__attribute__((target("avx2,popcnt"))) int64_t RunAvx2T(const FsCoeffs& c, const float* x, float* y, size_t n) {
  constexpr int kU = 8;
  const int k = c.k;
  int64_t spikes = 0;
  size_t i = 0;
  for (; i + 8 * kU <= n; i += 8 * kU) {
    __m256 v[kU], o[kU];
#pragma GCC unroll 8
    for (int u = 0; u < kU; ++u) {
      v[u] = _mm256_loadu_ps(x + i + 8 * u);
      o[u] = _mm256_setzero_ps();
    }
    float group_max = std::numeric_limits<float>::infinity();
    if (c.floor != nullptr) {
      // NaN inputs drop out (they never spike): max returns its second operand, never NaN here, when the first is NaN
      __m256 mx = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
#pragma GCC unroll 8
      for (int u = 0; u < kU; ++u) mx = _mm256_max_ps(v[u], mx);
      __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(mx), _mm256_extractf128_ps(mx, 1));
      m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
      m4 = _mm_max_ss(m4, _mm_shuffle_ps(m4, m4, 1));
      group_max = _mm_cvtss_f32(m4);
    }
    for (int t = 0; t < k; ++t) {
      if (c.floor != nullptr && !(group_max >= c.floor[t])) continue;  // no input of the group spikes at step t
      const __m256 tt = _mm256_broadcast_ss(c.T + t), hh = _mm256_broadcast_ss(c.h + t);
      const __m256 dd = _mm256_broadcast_ss(c.d + t);
      uint64_t bits = 0;
#pragma GCC unroll 8
      for (int u = 0; u < kU; ++u) {
        const __m256 m = _mm256_cmp_ps(v[u], tt, _CMP_GT_OQ);
        o[u] = _mm256_add_ps(o[u], _mm256_and_ps(m, dd));
        v[u] = _mm256_sub_ps(v[u], _mm256_and_ps(m, hh));
        if (kCount) bits |= static_cast<uint64_t>(static_cast<unsigned>(_mm256_movemask_ps(m))) << (8 * u);
      }
      if (kCount) spikes += _mm_popcnt_u64(bits);
    }
#pragma GCC unroll 8
    for (int u = 0; u < kU; ++u) _mm256_storeu_ps(y + i + 8 * u, o[u]);
  }
  for (; i + 8 <= n; i += 8) {
    __m256 v = _mm256_loadu_ps(x + i);
    __m256 o = _mm256_setzero_ps();
    for (int t = 0; t < k; ++t) {
      const __m256 m = _mm256_cmp_ps(v, _mm256_broadcast_ss(c.T + t), _CMP_GT_OQ);
      o = _mm256_add_ps(o, _mm256_and_ps(m, _mm256_broadcast_ss(c.d + t)));
      v = _mm256_sub_ps(v, _mm256_and_ps(m, _mm256_broadcast_ss(c.h + t)));
      if (kCount) spikes += _mm_popcnt_u32(static_cast<unsigned>(_mm256_movemask_ps(m)));
    }
    _mm256_storeu_ps(y + i, o);
  }
  for (; i < n; ++i) {
    y[i] = ScalarOne(c, x[i], &spikes);
  }
  return kCount ? spikes : 0;
}

__attribute__((target("avx2,popcnt"))) int64_t RunAvx2(const FsCoeffs& c, const float* x, float* y, size_t n,
                                                        bool count) {
  return count ? RunAvx2T<true>(c, x, y, n) : RunAvx2T<false>(c, x, y, n);
}

// ---------------------------------------------------------------------------------------------- AVX-512F
// Eight vectors (128 elements) per pass: a step's compare (into a mask register) and masked subtract take about
// 8 cycles, and the compares of eight vectors fill that. Spikes: the eight 16-bit masks of a step, one popcount.
template <bool kCount>
__attribute__((target("avx512f,popcnt"))) int64_t RunAvx512T(const FsCoeffs& c, const float* x, float* y,
                                                             size_t n) {
  constexpr int kU = 8;
  const int k = c.k;
  int64_t spikes = 0;
  size_t i = 0;
  for (; i + 16 * kU <= n; i += 16 * kU) {
    __m512 v[kU], o[kU];
#pragma GCC unroll 8
    for (int u = 0; u < kU; ++u) {
      v[u] = _mm512_loadu_ps(x + i + 16 * u);
      o[u] = _mm512_setzero_ps();
    }
    float group_max = std::numeric_limits<float>::infinity();
    if (c.floor != nullptr) {
      // NaN inputs drop out (they never spike): max returns its second operand, never NaN here, when the first is NaN
      __m512 mx = _mm512_set1_ps(-std::numeric_limits<float>::infinity());
#pragma GCC unroll 8
      for (int u = 0; u < kU; ++u) mx = _mm512_max_ps(v[u], mx);
      group_max = _mm512_reduce_max_ps(mx);
    }
    for (int t = 0; t < k; ++t) {
      if (c.floor != nullptr && !(group_max >= c.floor[t])) continue;  // no input of the group spikes at step t
      const __m512 tt = _mm512_set1_ps(c.T[t]), hh = _mm512_set1_ps(c.h[t]), dd = _mm512_set1_ps(c.d[t]);
      uint64_t lo = 0, hi = 0;
#pragma GCC unroll 8
      for (int u = 0; u < kU; ++u) {
        const __mmask16 m = _mm512_cmp_ps_mask(v[u], tt, _CMP_GT_OQ);
        o[u] = _mm512_mask_add_ps(o[u], m, o[u], dd);
        v[u] = _mm512_mask_sub_ps(v[u], m, v[u], hh);
        if (kCount) {
          const uint64_t b = static_cast<uint64_t>(_cvtmask16_u32(m)) << (16 * (u & 3));
          if (u < 4) {
            lo |= b;
          } else {
            hi |= b;
          }
        }
      }
      if (kCount) spikes += _mm_popcnt_u64(lo) + _mm_popcnt_u64(hi);
    }
#pragma GCC unroll 8
    for (int u = 0; u < kU; ++u) _mm512_storeu_ps(y + i + 16 * u, o[u]);
  }
  // Remaining 0..127 elements, 16 at a time; the last group is masked so no lane outside [i, n) is read or written.
  for (; i < n; i += 16) {
    const size_t left = n - i;
    const __mmask16 live = left >= 16 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << left) - 1u);
    __m512 v = _mm512_maskz_loadu_ps(live, x + i);
    __m512 o = _mm512_setzero_ps();
    for (int t = 0; t < k; ++t) {
      const __mmask16 m = _mm512_mask_cmp_ps_mask(live, v, _mm512_set1_ps(c.T[t]), _CMP_GT_OQ);
      o = _mm512_mask_add_ps(o, m, o, _mm512_set1_ps(c.d[t]));
      v = _mm512_mask_sub_ps(v, m, v, _mm512_set1_ps(c.h[t]));
      if (kCount) spikes += _mm_popcnt_u32(_cvtmask16_u32(m));
    }
    _mm512_mask_storeu_ps(y + i, live, o);
  }
  return kCount ? spikes : 0;
}

__attribute__((target("avx512f,popcnt"))) int64_t RunAvx512(const FsCoeffs& c, const float* x, float* y, size_t n,
                                                             bool count) {
  return count ? RunAvx512T<true>(c, x, y, n) : RunAvx512T<false>(c, x, y, n);
}

// ---------------------------------------------------------------------------------------------- binary FS-ReLU
// See BinaryReluUnit in fs_kernels.h for why this equals the dynamics bit for bit. Per lane, with u = c[K-1]:
//   j0 = max(ceil(x * inv) - 1, 0), where inv is below 1/u by about 2^-20 relative, so that x * inv < x / u and
//        j0 <= j <= j0 + 1 for the j wanted (the quotient is below 2^17 wherever the clamp does not decide);
//   j  = min(j0 + [fma(j0 + 1, u, -x) < 0], 2^K - 1), the sign of the fused product being exact.
// Lanes with x <= 0 or NaN give +0 and no spikes (max returns its second operand for a NaN first one).

// Byte-wise popcount of 32-bit lanes (values below 2^16): each byte holds the count of its own bits (<= 8).
__attribute__((target("avx512f"))) inline __m512i ByteCountsAvx512(__m512i v) {
  const __m512i m1 = _mm512_set1_epi32(0x55555555), m2 = _mm512_set1_epi32(0x33333333);
  const __m512i m4 = _mm512_set1_epi32(0x0F0F0F0F);
  v = _mm512_sub_epi32(v, _mm512_and_si512(_mm512_srli_epi32(v, 1), m1));
  v = _mm512_add_epi32(_mm512_and_si512(v, m2), _mm512_and_si512(_mm512_srli_epi32(v, 2), m2));
  return _mm512_and_si512(_mm512_add_epi32(v, _mm512_srli_epi32(v, 4)), m4);
}

// Sum of all bytes of a vector of byte counters.
__attribute__((target("avx512f"))) inline int64_t SumBytesAvx512(__m512i acc) {
  const __m512i lo = _mm512_and_si512(acc, _mm512_set1_epi32(0x00FF00FF));
  const __m512i hi = _mm512_and_si512(_mm512_srli_epi32(acc, 8), _mm512_set1_epi32(0x00FF00FF));
  const __m512i pairs = _mm512_add_epi32(lo, hi);  // two 16-bit sums per lane
  const __m512i sums = _mm512_add_epi32(_mm512_and_si512(pairs, _mm512_set1_epi32(0xFFFF)),
                                        _mm512_srli_epi32(pairs, 16));
  return _mm512_reduce_add_epi32(sums);
}

struct BinaryConsts512 {
  __m512 u, inv, zero, one, jmax;
};

__attribute__((target("avx512f"))) inline __m512 BinaryCode512(const BinaryConsts512& k, __m512 xv) {
  __m512 j = _mm512_max_ps(
      _mm512_sub_ps(_mm512_roundscale_ps(_mm512_mul_ps(xv, k.inv), _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC), k.one),
      k.zero);
  const __m512 j1 = _mm512_add_ps(j, k.one);
  const __mmask16 up = _mm512_cmp_ps_mask(_mm512_fmsub_ps(j1, k.u, xv), k.zero, _CMP_LT_OQ);
  return _mm512_min_ps(_mm512_mask_mov_ps(j, up, j1), k.jmax);
}

// One step of 16 lanes: y for the live lanes, and the codes (0 where x <= 0 or NaN) for counting.
__attribute__((target("avx512f"))) inline __m512i BinaryStep512(const BinaryConsts512& k, const float* x, float* y,
                                                                __mmask16 live, bool full) {
  const __m512 xv = full ? _mm512_loadu_ps(x) : _mm512_maskz_loadu_ps(live, x);
  const __m512 j = BinaryCode512(k, xv);
  const __mmask16 pos = _mm512_mask_cmp_ps_mask(live, xv, k.zero, _CMP_GT_OQ);
  const __m512 out = _mm512_maskz_mul_ps(pos, j, k.u);
  if (full) {
    _mm512_storeu_ps(y, out);
  } else {
    _mm512_mask_storeu_ps(y, live, out);
  }
  return _mm512_maskz_cvttps_epi32(pos, j);
}

__attribute__((target("avx512f"))) inline BinaryConsts512 Consts512(const FsCoeffs& c) {
  return BinaryConsts512{_mm512_set1_ps(c.unit), _mm512_set1_ps(c.inv_unit), _mm512_setzero_ps(),
                         _mm512_set1_ps(1.0f), _mm512_set1_ps(static_cast<float>((1 << c.k) - 1))};
}

// kCount: spike total by byte-wise popcount (AVX-512F only).
template <bool kCount>
__attribute__((target("avx512f,popcnt"))) int64_t BinaryAvx512T(const FsCoeffs& c, const float* x, float* y,
                                                                 size_t n) {
  const BinaryConsts512 k = Consts512(c);
  __m512i acc = _mm512_setzero_si512();
  int64_t spikes = 0;
  int since_flush = 0;
  for (size_t i = 0; i < n; i += 16) {
    const bool full = i + 16 <= n;
    const __mmask16 live = full ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << (n - i)) - 1u);
    const __m512i codes = BinaryStep512(k, x + i, y + i, live, full);
    if (kCount) {
      acc = _mm512_add_epi32(acc, ByteCountsAvx512(codes));
      if (++since_flush == 31) {  // 31 x 8 < 256: no byte overflows
        spikes += SumBytesAvx512(acc);
        acc = _mm512_setzero_si512();
        since_flush = 0;
      }
    }
  }
  return kCount ? spikes + SumBytesAvx512(acc) : 0;
}

__attribute__((target("avx512f,popcnt"))) int64_t BinaryAvx512(const FsCoeffs& c, const float* x, float* y, size_t n,
                                                                bool count) {
  return count ? BinaryAvx512T<true>(c, x, y, n) : BinaryAvx512T<false>(c, x, y, n);
}

// The same with VPOPCNTD for the count (AVX512_VPOPCNTDQ: Ice Lake, Zen 4 and later).
__attribute__((target("avx512f,avx512vpopcntdq"))) int64_t BinaryAvx512PopcntCount(const FsCoeffs& c,
                                                                                   const float* x, float* y,
                                                                                   size_t n) {
  const BinaryConsts512 k = Consts512(c);
  __m512i acc = _mm512_setzero_si512();
  int64_t spikes = 0;
  size_t since_flush = 0;
  for (size_t i = 0; i < n; i += 16) {
    const bool full = i + 16 <= n;
    const __mmask16 live = full ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << (n - i)) - 1u);
    acc = _mm512_add_epi32(acc, _mm512_popcnt_epi32(BinaryStep512(k, x + i, y + i, live, full)));
    if (++since_flush == (size_t{1} << 20)) {  // 16 x 2^20 < 2^31 per lane
      spikes += _mm512_reduce_add_epi32(acc);
      acc = _mm512_setzero_si512();
      since_flush = 0;
    }
  }
  return spikes + _mm512_reduce_add_epi32(acc);
}

__attribute__((target("avx512f,avx512vpopcntdq,popcnt"))) int64_t BinaryAvx512Popcnt(const FsCoeffs& c,
                                                                                      const float* x, float* y,
                                                                                      size_t n, bool count) {
  return count ? BinaryAvx512PopcntCount(c, x, y, n) : BinaryAvx512T<false>(c, x, y, n);
}

template <bool kCount>
__attribute__((target("avx2,fma,popcnt"))) int64_t BinaryAvx2T(const FsCoeffs& c, const float* x, float* y,
                                                                size_t n) {
  const __m256 u = _mm256_set1_ps(c.unit), inv = _mm256_set1_ps(c.inv_unit);
  const __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1.0f);
  const __m256 jmax = _mm256_set1_ps(static_cast<float>((1 << c.k) - 1));
  int64_t spikes = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 xv = _mm256_loadu_ps(x + i);
    __m256 j = _mm256_max_ps(
        _mm256_sub_ps(_mm256_round_ps(_mm256_mul_ps(xv, inv), _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC), one), zero);
    const __m256 up = _mm256_cmp_ps(_mm256_fmsub_ps(_mm256_add_ps(j, one), u, xv), zero, _CMP_LT_OQ);
    j = _mm256_min_ps(_mm256_add_ps(j, _mm256_and_ps(up, one)), jmax);
    j = _mm256_and_ps(j, _mm256_cmp_ps(xv, zero, _CMP_GT_OQ));
    _mm256_storeu_ps(y + i, _mm256_mul_ps(j, u));
    if (kCount) {
      alignas(32) int32_t lanes[8];
      _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), _mm256_cvttps_epi32(j));
      for (int l = 0; l < 8; ++l) spikes += _mm_popcnt_u32(static_cast<unsigned>(lanes[l]));
    }
  }
  for (; i < n; ++i) {
    y[i] = ScalarOne(c, x[i], &spikes);
  }
  return kCount ? spikes : 0;
}

__attribute__((target("avx2,fma,popcnt"))) int64_t BinaryAvx2(const FsCoeffs& c, const float* x, float* y, size_t n,
                                                               bool count) {
  return count ? BinaryAvx2T<true>(c, x, y, n) : BinaryAvx2T<false>(c, x, y, n);
}

}  // namespace

namespace {
// Order-preserving map of non-NaN floats to unsigned integers, and back.
inline uint32_t FloatKey(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

inline float KeyFloat(uint32_t k) {
  const uint32_t u = (k & 0x80000000u) ? (k & 0x7FFFFFFFu) : ~k;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

// The spike pattern of x, bit t for step t, by the reference dynamics.
inline uint32_t Pattern(const FsCoeffs& c, float x) {
  uint32_t p = 0;
  float v = x;
  for (int t = 0; t < c.k; ++t) {
    if (v > c.T[t]) {
      v = v - c.h[t];
      p |= 1u << t;
    }
  }
  return p;
}
}  // namespace

bool StepFloors(const FsCoeffs& c, float* floor) {
  if (c.k < 1 || c.k > 32) return false;
  for (int t = 0; t < c.k; ++t) {
    if (!std::isfinite(c.T[t]) || !std::isfinite(c.h[t]) || !std::isfinite(c.d[t])) return false;
  }
  ScopedExactFloat exact;  // the exact float arithmetic, whatever this thread's MXCSR says
  std::vector<float> f(static_cast<size_t>(c.k), std::numeric_limits<float>::infinity());
  const uint32_t last = FloatKey(std::numeric_limits<float>::infinity());
  uint32_t lo = FloatKey(-std::numeric_limits<float>::infinity());
  for (int patterns = 1;; ++patterns) {
    if (patterns > 4096) return false;
    const uint32_t here = Pattern(c, KeyFloat(lo));
    for (int t = 0; t < c.k; ++t) {
      if ((here & (1u << t)) && KeyFloat(lo) < f[t]) f[t] = KeyFloat(lo);
    }
    if (Pattern(c, KeyFloat(last)) == here) break;
    uint32_t a = lo, b = last;  // Pattern(a) == here, Pattern(b) != here
    while (b - a > 1) {
      const uint32_t mid = a + (b - a) / 2;
      if (Pattern(c, KeyFloat(mid)) == here) {
        a = mid;
      } else {
        b = mid;
      }
    }
    lo = b;
  }
  std::copy(f.begin(), f.end(), floor);
  return true;
}

float BinaryReluUnit(const FsCoeffs& c) {
  if (c.k < 1 || c.k > 16) return 0.0f;
  for (int t = 0; t < c.k; ++t) {
    const float v = c.T[t];
    if (!(v >= FLT_MIN) || !std::isfinite(2.0f * v) || c.h[t] != v || c.d[t] != v) return 0.0f;
    if (t > 0 && (c.T[t - 1] * 0.5f != v || v * 2.0f != c.T[t - 1])) return 0.0f;
  }
  const float unit = c.T[c.k - 1];
  for (uint32_t j = 0; j < (1u << c.k); ++j) {
    float acc = 0.0f;
    for (int t = 0; t < c.k; ++t) {
      if (j & (1u << (c.k - 1 - t))) acc = acc + c.d[t];
    }
    if (acc != static_cast<float>(j) * unit) return 0.0f;
  }
  return unit;
}

FsRangeFn BinaryRangeFn(Isa isa) {
  switch (isa) {
    case Isa::kAvx512:
      return __builtin_cpu_supports("avx512vpopcntdq") ? &BinaryAvx512Popcnt : &BinaryAvx512;
    case Isa::kAvx2:
      return __builtin_cpu_supports("fma") ? &BinaryAvx2 : nullptr;
    default:
      return nullptr;
  }
}


const char* IsaName(Isa isa) {
  switch (isa) {
    case Isa::kScalar:
      return "scalar";
    case Isa::kSse:
      return "sse";
    case Isa::kAvx2:
      return "avx2";
    case Isa::kAvx512:
      return "avx512";
  }
  return "unknown";
}

bool IsaSupported(Isa isa) {
  __builtin_cpu_init();
  switch (isa) {
    case Isa::kScalar:
      return true;
    case Isa::kSse:
      return __builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("popcnt");
    case Isa::kAvx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
    case Isa::kAvx512:
      // libgcc reports avx512f only when the operating system saves the AVX-512 state (XCR0).
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("popcnt");
  }
  return false;
}

Isa BestIsa() {
  for (Isa isa : {Isa::kAvx512, Isa::kAvx2, Isa::kSse}) {
    if (IsaSupported(isa)) return isa;
  }
  return Isa::kScalar;
}

FsRangeFn RangeFn(Isa isa) {
  switch (isa) {
    case Isa::kAvx512:
      return &RunAvx512;
    case Isa::kAvx2:
      return &RunAvx2;
    case Isa::kSse:
      return &RunSse;
    case Isa::kScalar:
      break;
  }
  return &RunScalar;
}

ScopedExactFloat::ScopedExactFloat() : saved_(_mm_getcsr()) {
  const unsigned exact = saved_ & ~(kMxcsrDaz | kMxcsrFtz);
  if (exact != saved_) _mm_setcsr(exact);
}

ScopedExactFloat::~ScopedExactFloat() {
  if (_mm_getcsr() != saved_) _mm_setcsr(saved_);
}

}  // namespace fsneurons
