package org.fsneurons.models.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fsneurons.core.Sha256;
import org.fsneurons.core.UserInputException;

/** Reading, writing and inspecting ONNX models. */
public final class OnnxModels {
  private OnnxModels() {}

  /**
   * Bytes of a model file; a missing or unreadable file is a one-line {@link UserInputException}.
   */
  public static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UserInputException(file + ": no such model file");
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read model file (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Loads and sanity-checks a model: a file that is not an ONNX model gets one line naming it and
   * the problem.
   */
  public static ModelProto load(Path file) {
    return parse(readBytes(file), file.toString());
  }

  /** Parses model bytes; {@code where} names the source in errors. */
  public static ModelProto parse(byte[] bytes, String where) {
    ModelProto m;
    try {
      m = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new UserInputException(
          where
              + ": not an ONNX model (protobuf parse failed: "
              + e.getMessage()
              + "); expected a .onnx file exported from PyTorch/TensorFlow",
          e);
    }
    if (m.getIrVersion() <= 0
        || !m.hasGraph()
        || m.getGraph().getNodeCount() == 0
        || m.getGraph().getInputCount() == 0
        || m.getOpsetImportCount() == 0) {
      throw new UserInputException(
          where
              + ": not an ONNX model (found ir_version="
              + m.getIrVersion()
              + ", "
              + m.getGraph().getNodeCount()
              + " nodes, "
              + m.getGraph().getInputCount()
              + " inputs, "
              + m.getOpsetImportCount()
              + " opset imports); expected a .onnx file with a graph");
    }
    checkGraph(m.getGraph(), where);
    return m;
  }

  /**
   * The checks of a graph that need no operator schemas: at least one output, every node input
   * produced by a graph input, an initializer or a node (top level; "" marks an absent optional
   * input), every initializer holding as many values as its dims declare (unless stored
   * externally).
   */
  private static void checkGraph(GraphProto g, String where) {
    if (g.getOutputCount() == 0) {
      throw new UserInputException(
          where
              + ": the graph has no outputs; expected an ONNX model with at least one "
              + "output (the class scores)");
    }
    Set<String> known = new HashSet<>();
    g.getInputList().forEach(v -> known.add(v.getName()));
    g.getInitializerList().forEach(t -> known.add(t.getName()));
    g.getNodeList().forEach(n -> known.addAll(n.getOutputList()));
    for (NodeProto n : g.getNodeList()) {
      for (String in : n.getInputList()) {
        if (!in.isEmpty() && !known.contains(in)) {
          throw new UserInputException(
              where
                  + ": node '"
                  + clip(n.getName())
                  + "' ("
                  + clip(n.getOpType())
                  + ") reads '"
                  + clip(in)
                  + "', which no graph input, initializer or node produces; expected a "
                  + "complete ONNX graph");
        }
      }
    }
    for (String out : g.getOutputList().stream().map(ValueInfoProto::getName).toList()) {
      if (!known.contains(out)) {
        throw new UserInputException(
            where
                + ": graph output '"
                + clip(out)
                + "' is produced by no node, input or "
                + "initializer; expected a complete ONNX graph");
      }
    }
    for (TensorProto t : g.getInitializerList()) {
      if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
        continue;
      }
      long declared = 1;
      for (long d : t.getDimsList()) {
        if (d < 0 || (d > 0 && declared > Long.MAX_VALUE / d)) {
          throw new UserInputException(
              where
                  + ": initializer '"
                  + clip(t.getName())
                  + "' has dims "
                  + t.getDimsList()
                  + "; expected non-negative sizes whose product fits in memory");
        }
        declared *= d;
      }
      long held = values(t);
      if (held >= 0 && held != declared) {
        throw new UserInputException(
            where
                + ": initializer '"
                + clip(t.getName())
                + "' declares "
                + declared
                + " values (dims "
                + t.getDimsList()
                + ") but holds "
                + held
                + "; the file is truncated or corrupt");
      }
    }
  }

  /** Values stored in a tensor, or -1 when its element type is not one counted here. */
  private static long values(TensorProto t) {
    int size =
        switch (t.getDataType()) {
          case TensorProto.DataType.UINT8_VALUE,
              TensorProto.DataType.INT8_VALUE,
              TensorProto.DataType.BOOL_VALUE ->
              1;
          case TensorProto.DataType.UINT16_VALUE,
              TensorProto.DataType.INT16_VALUE,
              TensorProto.DataType.FLOAT16_VALUE,
              TensorProto.DataType.BFLOAT16_VALUE ->
              2;
          case TensorProto.DataType.FLOAT_VALUE,
              TensorProto.DataType.INT32_VALUE,
              TensorProto.DataType.UINT32_VALUE ->
              4;
          case TensorProto.DataType.INT64_VALUE,
              TensorProto.DataType.UINT64_VALUE,
              TensorProto.DataType.DOUBLE_VALUE ->
              8;
          default -> 0;
        };
    if (size == 0) {
      return -1;
    }
    if (!t.getRawData().isEmpty()) {
      return t.getRawData().size() / size;
    }
    return switch (t.getDataType()) {
      case TensorProto.DataType.FLOAT_VALUE -> t.getFloatDataCount();
      case TensorProto.DataType.DOUBLE_VALUE -> t.getDoubleDataCount();
      case TensorProto.DataType.INT64_VALUE -> t.getInt64DataCount();
      case TensorProto.DataType.UINT32_VALUE, TensorProto.DataType.UINT64_VALUE ->
          t.getUint64DataCount();
      default ->
          t.getInt32DataCount(); // int32, int16, int8, uint16, uint8, bool, float16, bfloat16
    };
  }

  private static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  /** Writes a model (parent folders created). */
  public static void save(ModelProto m, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, m.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model " + file, e);
    }
  }

  /** Whether a domain name is ONNX's default one ("" or "ai.onnx"). */
  public static boolean isDefaultDomain(String domain) {
    return domain.isEmpty() || domain.equals("ai.onnx");
  }

  /** The version of the default ("" or "ai.onnx") domain the model imports. */
  public static int defaultOpset(ModelProto m) {
    for (OperatorSetIdProto o : m.getOpsetImportList()) {
      if (isDefaultDomain(o.getDomain())) {
        return (int) o.getVersion();
      }
    }
    throw new UserInputException("model imports no default-domain opset");
  }

  /** SHA-256 (hex) of bytes. */
  public static String sha256(byte[] bytes) {
    return Sha256.hex(bytes);
  }

  /** SHA-256 (hex) of a file. */
  public static String sha256(Path file) {
    return sha256(readBytes(file));
  }

  /**
   * Known tensor shapes of a graph from its inputs, outputs and value_info: name → dims, with -1
   * for a symbolic or unknown dimension.
   */
  public static Map<String, long[]> shapes(GraphProto g) {
    Map<String, long[]> out = new HashMap<>();
    for (var list : List.of(g.getInputList(), g.getOutputList(), g.getValueInfoList())) {
      for (ValueInfoProto v : list) {
        shape(v).ifPresent(s -> out.put(v.getName(), s));
      }
    }
    return out;
  }

  /** Dims of a value_info (-1 for symbolic/unknown), empty when the type carries no shape. */
  public static Optional<long[]> shape(ValueInfoProto v) {
    if (!v.hasType() || !v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
      return Optional.empty();
    }
    TensorShapeProto s = v.getType().getTensorType().getShape();
    long[] dims = new long[s.getDimCount()];
    for (int i = 0; i < dims.length; i++) {
      var d = s.getDim(i);
      dims[i] = d.hasDimValue() ? d.getDimValue() : -1;
    }
    return Optional.of(dims);
  }
}
