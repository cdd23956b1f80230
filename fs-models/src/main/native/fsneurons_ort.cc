// ONNX Runtime custom-op library for the FS operator (domain "ai.fsneurons", op_type "FSNeuron", version 1; the
// definition is org.fsneurons.core.onnx.FsOperator): input X float of any shape; outputs Y float of X's shape and
// the optional S, the int64 scalar spike total; attributes h, T, d (FLOATS of equal length K).
//
// Built against the C/C++ API headers of ONNX Runtime 1.21 and requesting API version 21, so that any ONNX Runtime
// from 1.21 on (ORT Java 1.29 included) can load it; it does not link against libonnxruntime. No exception crosses
// the C boundary: every entry point catches and returns an OrtStatus.
//
// Session configuration read at registration (OrtSessionOptions config entries, set before registering):
//   fsneurons.native.isa = auto | avx512 | avx2 | sse | scalar   (default auto: the widest path the CPU supports;
//                          a path the CPU lacks falls back to the widest supported one below it)
#define ORT_API_MANUAL_INIT
#include <onnxruntime_cxx_api.h>
#undef ORT_API_MANUAL_INIT

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "fs_kernels.h"

namespace fsneurons {
namespace {

constexpr uint32_t kOrtApiVersion = 21;  // ONNX Runtime 1.21; newer runtimes serve older API versions
static_assert(ORT_API_VERSION >= kOrtApiVersion, "headers older than the requested ONNX Runtime API");

constexpr const char* kDomain = "ai.fsneurons";
constexpr const char* kOpType = "FSNeuron";
constexpr const char* kIsaConfigKey = "fsneurons.native.isa";
// "off" turns the binary FS-ReLU path off (see BinaryReluUnit); any other value or none leaves it on.
constexpr const char* kBinaryConfigKey = "fsneurons.native.binary_relu";

// Tensors at least this large are split into blocks over ONNX Runtime's intra-op thread pool.
constexpr size_t kParallelMinElements = size_t{1} << 16;
constexpr size_t kBlockElements = size_t{1} << 15;

const OrtApi* g_api = nullptr;

OrtStatusPtr Error(const OrtApi& api, const std::string& message) {
  return api.CreateStatus(ORT_INVALID_ARGUMENT, message.c_str());
}

// Releases a status nobody reads (shape inference's return value is discarded by ONNX Runtime).
void Drop(OrtStatusPtr s) {
  if (s != nullptr && g_api != nullptr) g_api->ReleaseStatus(s);
}

#define FS_RETURN_IF_ERROR(expr)           \
  do {                                     \
    OrtStatusPtr fs_status_ = (expr);      \
    if (fs_status_ != nullptr) return fs_status_; \
  } while (0)

std::string NodeName(const OrtApi& api, const OrtKernelInfo* info) {
  size_t size = 0;
  if (api.KernelInfo_GetNodeName(info, nullptr, &size) != nullptr || size == 0) return "?";
  std::string name(size, '\0');
  OrtStatusPtr s = api.KernelInfo_GetNodeName(info, &name[0], &size);
  if (s != nullptr) {
    api.ReleaseStatus(s);
    return "?";
  }
  name.resize(std::strlen(name.c_str()));
  return name;
}

OrtStatusPtr ReadFloats(const OrtApi& api, const OrtKernelInfo* info, const std::string& node, const char* attr,
                        std::vector<float>* out) {
  size_t size = 0;
  OrtStatusPtr s = api.KernelInfoGetAttributeArray_float(info, attr, nullptr, &size);
  if (s != nullptr) {
    api.ReleaseStatus(s);
    return Error(api, std::string(kOpType) + " node '" + node + "': missing FLOATS attribute '" + attr + "'");
  }
  out->assign(size, 0.0f);
  if (size > 0) FS_RETURN_IF_ERROR(api.KernelInfoGetAttributeArray_float(info, attr, out->data(), &size));
  for (size_t i = 0; i < out->size(); ++i) {
    if (!std::isfinite((*out)[i])) {
      return Error(api, std::string(kOpType) + " node '" + node + "': attribute " + attr + "[" + std::to_string(i) +
                            "] must be finite, found " + std::to_string((*out)[i]));
    }
  }
  return nullptr;
}

struct BlockJob {
  FsRangeFn fn;
  const FsCoeffs* coeffs;
  const float* x;
  float* y;
  size_t n;
  bool count;
  std::atomic<int64_t> spikes{0};
};

void RunBlock(void* data, size_t block) {
  auto* job = static_cast<BlockJob*>(data);
  const size_t begin = block * kBlockElements;
  const size_t end = std::min(job->n, begin + kBlockElements);
  ScopedExactFloat exact;  // per thread: each pool thread has its own MXCSR
  const int64_t s = job->fn(*job->coeffs, job->x + begin, job->y + begin, end - begin, job->count);
  if (job->count) job->spikes.fetch_add(s, std::memory_order_relaxed);
}

struct FsKernel {
  const OrtApi* api = nullptr;
  std::vector<float> T, h, d;
  std::vector<float> floor;
  FsCoeffs coeffs;
  FsRangeFn fn = nullptr;

  OrtStatusPtr ComputeV2(OrtKernelContext* ctx) noexcept {
    try {
      return Compute(ctx);
    } catch (const std::exception& e) {
      return api->CreateStatus(ORT_RUNTIME_EXCEPTION, (std::string(kOpType) + ": " + e.what()).c_str());
    } catch (...) {
      return api->CreateStatus(ORT_RUNTIME_EXCEPTION, "FSNeuron: unknown error");
    }
  }

  OrtStatusPtr Compute(OrtKernelContext* ctx) {
    const OrtApi& a = *api;
    const OrtValue* input = nullptr;
    FS_RETURN_IF_ERROR(a.KernelContext_GetInput(ctx, 0, &input));
    OrtTensorTypeAndShapeInfo* info = nullptr;
    FS_RETURN_IF_ERROR(a.GetTensorTypeAndShape(input, &info));
    size_t rank = 0;
    size_t n = 0;
    std::vector<int64_t> dims;
    OrtStatusPtr s = a.GetDimensionsCount(info, &rank);
    if (s == nullptr) {
      dims.resize(rank);
      s = a.GetDimensions(info, dims.data(), rank);
    }
    if (s == nullptr) s = a.GetTensorShapeElementCount(info, &n);
    a.ReleaseTensorTypeAndShapeInfo(info);
    FS_RETURN_IF_ERROR(s);

    void* x = nullptr;
    if (n > 0) FS_RETURN_IF_ERROR(a.GetTensorMutableData(const_cast<OrtValue*>(input), &x));
    OrtValue* output = nullptr;
    FS_RETURN_IF_ERROR(a.KernelContext_GetOutput(ctx, 0, dims.data(), rank, &output));
    void* y = nullptr;
    if (n > 0) FS_RETURN_IF_ERROR(a.GetTensorMutableData(output, &y));

    // The spike total only when the node lists a second output (an absent optional output comes back null).
    size_t outputs = 0;
    FS_RETURN_IF_ERROR(a.KernelContext_GetOutputCount(ctx, &outputs));
    OrtValue* total = nullptr;
    if (outputs > 1) {
      const int64_t no_dims[1] = {0};
      FS_RETURN_IF_ERROR(a.KernelContext_GetOutput(ctx, 1, no_dims, 0, &total));
    }

    BlockJob job;
    job.fn = fn;
    job.coeffs = &coeffs;
    job.x = static_cast<const float*>(x);
    job.y = static_cast<float*>(y);
    job.n = n;
    job.count = total != nullptr;
    if (n >= kParallelMinElements) {
      const size_t blocks = (n + kBlockElements - 1) / kBlockElements;
      FS_RETURN_IF_ERROR(a.KernelContext_ParallelFor(ctx, &RunBlock, blocks, 0, &job));
    } else if (n > 0) {
      ScopedExactFloat exact;
      job.spikes = fn(coeffs, job.x, job.y, n, job.count);
    }

    if (total != nullptr) {
      void* t = nullptr;
      FS_RETURN_IF_ERROR(a.GetTensorMutableData(total, &t));
      *static_cast<int64_t*>(t) = job.spikes.load();
    }
    return nullptr;
  }
};

struct FsOp : Ort::CustomOpBase<FsOp, FsKernel, /*WithStatus=*/true> {
  FsOp(Isa isa, bool binary) : isa_(isa), binary_(binary) {
    OrtCustomOp::InferOutputShapeFn = &InferShape;
    // Y may reuse X's buffer: every path reads a block of X before it writes the same block of Y, and parallel
    // blocks are disjoint. ONNX Runtime reuses the buffer only when nothing else reads X afterwards.
    OrtCustomOp::GetMayInplace = &MayInplace;
    OrtCustomOp::ReleaseMayInplace = &ReleaseMayInplace;
  }

  OrtStatusPtr CreateKernelV2(const OrtApi& api, const OrtKernelInfo* info, void** kernel) const noexcept {
    *kernel = nullptr;
    try {
      const std::string node = NodeName(api, info);
      auto k = std::make_unique<FsKernel>();
      k->api = &api;
      FS_RETURN_IF_ERROR(ReadFloats(api, info, node, "h", &k->h));
      FS_RETURN_IF_ERROR(ReadFloats(api, info, node, "T", &k->T));
      FS_RETURN_IF_ERROR(ReadFloats(api, info, node, "d", &k->d));
      if (k->h.empty() || k->h.size() != k->T.size() || k->h.size() != k->d.size()) {
        return Error(api, std::string(kOpType) + " node '" + node +
                              "': attributes h, T and d must have the same length K >= 1, found h=" +
                              std::to_string(k->h.size()) + ", T=" + std::to_string(k->T.size()) +
                              ", d=" + std::to_string(k->d.size()));
      }
      k->coeffs.k = static_cast<int>(k->h.size());
      k->coeffs.T = k->T.data();
      k->coeffs.h = k->h.data();
      k->coeffs.d = k->d.data();
      k->fn = RangeFn(isa_);
      const float unit = binary_ ? BinaryReluUnit(k->coeffs) : 0.0f;
      const FsRangeFn binary = unit > 0.0f ? BinaryRangeFn(isa_) : nullptr;
      if (binary != nullptr) {
        k->coeffs.unit = unit;
        k->coeffs.inv_unit = 1.0f / unit;
        k->fn = binary;
      }
      if (binary == nullptr && (isa_ == Isa::kAvx512 || isa_ == Isa::kAvx2)) {
        // Skipping unreachable steps pays when a quarter of them are out of reach of inputs up to 4 (the FS inputs'
        // std is about 1.5 in the paper's networks): the swish set's 5 of 16, not the sigmoid's 2 of 12.
        k->floor.assign(k->h.size(), 0.0f);
        size_t far = 0;
        if (StepFloors(k->coeffs, k->floor.data())) {
          for (float f : k->floor) far += f > 4.0f ? 1 : 0;
        }
        if (4 * far >= k->h.size()) {
          k->coeffs.floor = k->floor.data();
        } else {
          k->floor.clear();
        }
      }
      LogPath(api, info, node,
              binary != nullptr ? " binary FS-ReLU path" : k->coeffs.floor != nullptr ? " path, step floors" : " path");
      *kernel = k.release();
      return nullptr;
    } catch (const std::exception& e) {
      return api.CreateStatus(ORT_RUNTIME_EXCEPTION, (std::string(kOpType) + ": " + e.what()).c_str());
    } catch (...) {
      return api.CreateStatus(ORT_RUNTIME_EXCEPTION, "FSNeuron: unknown error");
    }
  }

  const char* GetName() const { return kOpType; }
  size_t GetInputTypeCount() const { return 1; }
  ONNXTensorElementDataType GetInputType(size_t) const { return ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT; }
  size_t GetOutputTypeCount() const { return 2; }
  ONNXTensorElementDataType GetOutputType(size_t i) const {
    return i == 0 ? ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT : ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64;
  }
  OrtCustomOpInputOutputCharacteristic GetOutputCharacteristic(size_t i) const {
    return i == 0 ? OrtCustomOpInputOutputCharacteristic::INPUT_OUTPUT_REQUIRED
                  : OrtCustomOpInputOutputCharacteristic::INPUT_OUTPUT_OPTIONAL;
  }

  Isa isa() const { return isa_; }

 private:
  void LogPath(const OrtApi& api, const OrtKernelInfo* info, const std::string& node, const char* path) const {
    const OrtLogger* logger = nullptr;
    OrtStatusPtr s = api.KernelInfo_GetLogger(info, &logger);
    if (s != nullptr || logger == nullptr) return Drop(s);
    const std::string msg = std::string(kOpType) + " node '" + node + "': native kernel, " + IsaName(isa_) + path;
    Drop(api.Logger_LogMessage(logger, ORT_LOGGING_LEVEL_INFO, msg.c_str(), __FILE__, __LINE__, "CreateKernelV2"));
  }

  // Y has X's shape when X's rank is known. The API cannot tell an unknown rank from a scalar, nor an unknown
  // dimension from a named one, so a rank-0 input or one with an unnamed unknown dimension sets no shape (ONNX
  // Runtime still infers Y's float and S's int64 type from the op's declared types). S is not touched here: the
  // API gives no output count, and ONNX Runtime's context indexes outputs unchecked, so writing output 1 of a
  // node that lists only Y would be undefined behaviour; the kernel produces S as a scalar at run time.
  static OrtStatusPtr ORT_API_CALL InferShape(const OrtCustomOp*, OrtShapeInferContext* ctx) noexcept {
    const OrtApi* api = g_api;
    if (api == nullptr) return nullptr;
    try {
      size_t inputs = 0;
      if (OrtStatusPtr s = api->ShapeInferContext_GetInputCount(ctx, &inputs)) return Drop(s), nullptr;
      if (inputs < 1) return nullptr;
      OrtTensorTypeAndShapeInfo* in = nullptr;  // owned by the context
      if (OrtStatusPtr s = api->ShapeInferContext_GetInputTypeShape(ctx, 0, &in)) return Drop(s), nullptr;
      size_t rank = 0;
      if (OrtStatusPtr s = api->GetDimensionsCount(in, &rank)) return Drop(s), nullptr;
      if (rank == 0) return nullptr;
      std::vector<int64_t> dims(rank);
      std::vector<const char*> names(rank, nullptr);
      if (OrtStatusPtr s = api->GetDimensions(in, dims.data(), rank)) return Drop(s), nullptr;
      if (OrtStatusPtr s = api->GetSymbolicDimensions(in, names.data(), rank)) return Drop(s), nullptr;
      for (size_t i = 0; i < rank; ++i) {
        const bool named = names[i] != nullptr && names[i][0] != '\0';
        if (!named && dims[i] < 0) return nullptr;
        if (names[i] == nullptr) names[i] = "";
      }
      OrtTensorTypeAndShapeInfo* out = nullptr;
      if (OrtStatusPtr s = api->CreateTensorTypeAndShapeInfo(&out)) return Drop(s), nullptr;
      OrtStatusPtr s = api->SetTensorElementType(out, ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT);
      if (s == nullptr) s = api->SetDimensions(out, dims.data(), rank);
      if (s == nullptr) s = api->SetSymbolicDimensions(out, names.data(), rank);
      if (s == nullptr) s = api->ShapeInferContext_SetOutputTypeShape(ctx, 0, out);
      Drop(s);
      api->ReleaseTensorTypeAndShapeInfo(out);
    } catch (...) {
    }
    return nullptr;
  }

  static size_t ORT_API_CALL MayInplace(int** input_index, int** output_index) noexcept {
    *input_index = static_cast<int*>(std::malloc(sizeof(int)));
    *output_index = static_cast<int*>(std::malloc(sizeof(int)));
    if (*input_index == nullptr || *output_index == nullptr) {
      ReleaseMayInplace(*input_index, *output_index);
      *input_index = nullptr;
      *output_index = nullptr;
      return 0;
    }
    **input_index = 0;
    **output_index = 0;
    return 1;
  }

  static void ORT_API_CALL ReleaseMayInplace(int* input_index, int* output_index) noexcept {
    std::free(input_index);
    std::free(output_index);
  }

  Isa isa_;
  bool binary_;
};

// One domain per path, created on first use and kept for the life of the process (the library is linked with
// -z nodelete, and sessions keep pointers to the domain and its op).
struct Registry {
  std::mutex mutex;
  std::array<FsOp*, 8> ops{};  // index: 2 * path + binary FS-ReLU on
  std::array<OrtCustomOpDomain*, 8> domains{};
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();  // never destroyed: sessions may outlive static destruction
  return *registry;
}

// A session configuration entry's value; empty when the entry is absent.
OrtStatusPtr ConfigEntry(const OrtApi& api, const OrtSessionOptions* options, const char* key, std::string* value) {
  value->clear();
  int has = 0;
  FS_RETURN_IF_ERROR(api.HasSessionConfigEntry(options, key, &has));
  if (!has) return nullptr;
  size_t size = 0;
  FS_RETURN_IF_ERROR(api.GetSessionConfigEntry(options, key, nullptr, &size));
  value->assign(size, '\0');
  FS_RETURN_IF_ERROR(api.GetSessionConfigEntry(options, key, &(*value)[0], &size));
  value->resize(std::strlen(value->c_str()));
  return nullptr;
}

OrtStatusPtr ChooseIsa(const OrtApi& api, const OrtSessionOptions* options, Isa* isa) {
  *isa = BestIsa();
  std::string value;
  FS_RETURN_IF_ERROR(ConfigEntry(api, options, kIsaConfigKey, &value));
  if (value.empty() || value == "auto") return nullptr;
  Isa wanted;
  if (value == "avx512") {
    wanted = Isa::kAvx512;
  } else if (value == "avx2") {
    wanted = Isa::kAvx2;
  } else if (value == "sse") {
    wanted = Isa::kSse;
  } else if (value == "scalar") {
    wanted = Isa::kScalar;
  } else {
    return Error(api, std::string("session config ") + kIsaConfigKey + "='" + value +
                          "' is not a known path; allowed: auto, avx512, avx2, sse, scalar");
  }
  while (!IsaSupported(wanted)) wanted = static_cast<Isa>(static_cast<int>(wanted) - 1);
  *isa = wanted;
  return nullptr;
}

OrtStatusPtr Register(OrtSessionOptions* options, const OrtApi& api) {
  Isa isa;
  FS_RETURN_IF_ERROR(ChooseIsa(api, options, &isa));
  std::string binary_value;
  FS_RETURN_IF_ERROR(ConfigEntry(api, options, kBinaryConfigKey, &binary_value));
  const bool binary = binary_value != "off";
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mutex);
  const int i = 2 * static_cast<int>(isa) + (binary ? 1 : 0);
  if (r.domains[i] == nullptr) {
    auto op = std::make_unique<FsOp>(isa, binary);
    OrtCustomOpDomain* domain = nullptr;
    FS_RETURN_IF_ERROR(api.CreateCustomOpDomain(kDomain, &domain));
    OrtStatusPtr s = api.CustomOpDomain_Add(domain, op.get());
    if (s != nullptr) {
      api.ReleaseCustomOpDomain(domain);
      return s;
    }
    r.ops[i] = op.release();
    r.domains[i] = domain;
  }
  return api.AddCustomOpDomain(options, r.domains[i]);
}

}  // namespace
}  // namespace fsneurons

extern "C" __attribute__((visibility("default"))) OrtStatus* ORT_API_CALL
RegisterCustomOps(OrtSessionOptions* options, const OrtApiBase* api_base) {
  const OrtApi* api = api_base->GetApi(fsneurons::kOrtApiVersion);
  if (api == nullptr) {
    // An ONNX Runtime older than 1.21: report through the oldest API, which every runtime serves.
    const OrtApi* old = api_base->GetApi(1);
    return old == nullptr ? nullptr
                          : old->CreateStatus(ORT_FAIL, "libfsneurons_ort needs ONNX Runtime 1.21 or newer (API 21)");
  }
  Ort::InitApi(api);
  fsneurons::g_api = api;
  try {
    return fsneurons::Register(options, *api);
  } catch (const std::exception& e) {
    return api->CreateStatus(ORT_RUNTIME_EXCEPTION, (std::string("libfsneurons_ort: ") + e.what()).c_str());
  } catch (...) {
    return api->CreateStatus(ORT_RUNTIME_EXCEPTION, "libfsneurons_ort: unknown error during registration");
  }
}
