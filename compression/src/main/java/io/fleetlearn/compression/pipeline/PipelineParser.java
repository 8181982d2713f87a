package io.fleetlearn.compression.pipeline;

import io.fleetlearn.compression.coding.IndexCodec;
import io.fleetlearn.compression.coding.IndexCoding;
import io.fleetlearn.compression.entropy.EntropyCodec;
import io.fleetlearn.compression.entropy.EntropyCodecs;
import io.fleetlearn.compression.entropy.NoEntropy;
import io.fleetlearn.compression.prune.MagnitudePruning;
import io.fleetlearn.compression.quant.Fp32;
import io.fleetlearn.compression.quant.ValueCodec;
import io.fleetlearn.compression.quant.ValueCodecs;
import io.fleetlearn.compression.sparse.ApproxTopK;
import io.fleetlearn.compression.sparse.RandomK;
import io.fleetlearn.compression.sparse.Scope;
import io.fleetlearn.compression.sparse.Sparsifier;
import io.fleetlearn.compression.sparse.ThresholdSparsifier;
import io.fleetlearn.compression.sparse.TopK;
import io.fleetlearn.compression.tensor.Ratio;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads pipeline names: stages joined by {@code +}, each a name with optional arguments. */
final class PipelineParser {
  private static final Set<String> VALUE_CODECS =
      Set.of("Fp32", "Fp16", "Int8", "Int4", "Int2", "Ternary", "KMeans");
  private static final Set<String> INDEX_CODECS = Set.of("Bitmap", "Varint", "Rice");
  private static final Set<String> ENTROPY = Set.of("Raw", "Deflate", "Zstd");
  private static final String KNOWN =
      "Width, TopK, ApproxTopK, RandomK, Threshold, Prune, LowRank, ErrorFeedback, "
          + String.join(", ", VALUE_CODECS)
          + ", Bitmap, Varint, Rice, Raw, Deflate, Zstd";

  private PipelineParser() {}

  static Pipeline parse(String name) {
    Ratio width = null;
    Sparsifier sparsifier = null;
    LowRankSpec lowRank = null;
    boolean feedback = false;
    ValueCodec values = null;
    IndexCodec indices = null;
    EntropyCodec entropy = null;
    for (String token : split(name)) {
      String head = head(token);
      List<String> args = args(token);
      try {
        switch (head) {
          case "Width" -> width = once(width, Ratio.parse(single(token, args)), "width", name);
          case "TopK", "ApproxTopK", "RandomK", "Threshold", "Prune" ->
              sparsifier = once(sparsifier, sparsifier(head, token, args), "sparsifier", name);
          case "LowRank" -> lowRank = once(lowRank, lowRank(token, args), "low-rank stage", name);
          case "ErrorFeedback" -> {
            if (feedback) {
              throw new IllegalArgumentException("ErrorFeedback appears twice");
            }
            feedback = true;
          }
          default -> {
            if (VALUE_CODECS.contains(head)) {
              values = once(values, ValueCodecs.parse(token), "value codec", name);
            } else if (INDEX_CODECS.contains(head)) {
              indices = once(indices, IndexCoding.parse(token), "index codec", name);
            } else if (ENTROPY.contains(head)) {
              entropy = once(entropy, EntropyCodecs.parse(token), "entropy stage", name);
            } else {
              throw new IllegalArgumentException("unknown stage; known stages are " + KNOWN);
            }
          }
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "pipeline '" + name + "', stage '" + token + "': " + e.getMessage(), e);
      }
    }
    return new Pipeline(
        width,
        sparsifier,
        lowRank,
        feedback,
        values == null ? Fp32.INSTANCE : values,
        indices,
        entropy == null ? NoEntropy.INSTANCE : entropy);
  }

  private static Sparsifier sparsifier(String head, String token, List<String> args) {
    if (head.equals("Threshold")) {
      return new ThresholdSparsifier(Float.parseFloat(single(token, args)));
    }
    if (args.isEmpty() || args.size() > 2 || (args.size() == 2 && !args.get(1).equals("global"))) {
      throw new IllegalArgumentException(
          "expected " + head + "(ratio) or " + head + "(ratio, global), e.g. " + head + "(1%)");
    }
    Ratio r = Ratio.parse(args.get(0));
    Scope scope = args.size() == 2 ? Scope.GLOBAL : Scope.PER_TENSOR;
    return switch (head) {
      case "TopK" -> new TopK(r, scope);
      case "ApproxTopK" -> new ApproxTopK(r, scope);
      case "RandomK" -> {
        if (scope == Scope.GLOBAL) {
          throw new IllegalArgumentException("RandomK has no global scope");
        }
        yield new RandomK(r);
      }
      default -> new MagnitudePruning(r, scope);
    };
  }

  private static LowRankSpec lowRank(String token, List<String> args) {
    String a = single(token, args);
    if (a.endsWith("%")) {
      return LowRankSpec.ofEnergy(Ratio.parse(a));
    }
    try {
      return LowRankSpec.ofRank(Integer.parseInt(a));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected LowRank(rank) or LowRank(energy%), e.g. LowRank(8)");
    }
  }

  private static <T> T once(T previous, T next, String slot, String name) {
    if (previous != null) {
      throw new IllegalArgumentException("two " + slot + "s: " + previous + " and " + next);
    }
    return next;
  }

  private static String single(String token, List<String> args) {
    if (args.size() != 1) {
      throw new IllegalArgumentException("expected exactly one argument in " + token);
    }
    return args.get(0);
  }

  /** Splits on {@code +} outside parentheses. */
  static List<String> split(String name) {
    List<String> tokens = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= name.length(); i++) {
      char c = i == name.length() ? '+' : name.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth < 0) {
          throw new IllegalArgumentException("pipeline '" + name + "' has an unmatched ')'");
        }
      } else if (c == '+' && depth == 0) {
        String token = name.substring(start, i).strip();
        if (token.isEmpty()) {
          throw new IllegalArgumentException("pipeline '" + name + "' has an empty stage");
        }
        tokens.add(token);
        start = i + 1;
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("pipeline '" + name + "' has an unmatched '('");
    }
    return tokens;
  }

  static String head(String token) {
    int p = token.indexOf('(');
    return (p < 0 ? token : token.substring(0, p)).strip();
  }

  static List<String> args(String token) {
    int p = token.indexOf('(');
    if (p < 0) {
      return List.of();
    }
    if (!token.endsWith(")")) {
      throw new IllegalArgumentException("stage '" + token + "' must end with ')'");
    }
    String inner = token.substring(p + 1, token.length() - 1).strip();
    if (inner.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String a : inner.split(",")) {
      out.add(a.strip());
    }
    return out;
  }
}
