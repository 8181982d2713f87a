package io.fleetlearn.compression.bench;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.pipeline.EncodeContext;
import io.fleetlearn.compression.pipeline.FrameMeta;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.pipeline.Pipeline;
import io.fleetlearn.compression.prune.SlicePlan;
import io.fleetlearn.compression.sparse.ErrorFeedback;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The compression benchmark: runs {@link MemcpyBench} and {@link PipelineBench} with JMH on one
 * thread, adds each pipeline's size ratio and error, and writes {@code compression.json} (and an
 * HTML chart next to it).
 *
 * <p>Run it with {@code ./mvnw -B -pl compression -am verify -DskipTests -Dbench=compression}
 * (optionally {@code -Dbench.java=/path/to/jdk25/bin/java}); {@code -Dbench.quick=true} shortens
 * every iteration for a smoke run.
 */
public final class CompressionBench {
  private CompressionBench() {}

  public static void main(String[] args) throws RunnerException, IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "compression/target/bench/compression.json");
    boolean quick = Boolean.getBoolean("bench.quick");

    double memcpyMBps =
        opsPerSecond(run(options(quick).include(MemcpyBench.class.getName())))
            * 4.0
            * MemcpyBench.FLOATS
            / 1e6;

    List<Row> rows = new ArrayList<>();
    String[] pipelines = pipelines();
    for (String input : List.of(BenchInputs.UPDATE_1M, BenchInputs.CNN)) {
      String[] applicable =
          Arrays.stream(pipelines)
              .filter(p -> PipelineBench.applies(p, input))
              .toArray(String[]::new);
      Collection<RunResult> results =
          run(
              options(quick)
                  .include(PipelineBench.class.getName())
                  .param("input", input)
                  .param("pipeline", applicable));
      Model model = BenchInputs.load(input);
      double denseMB = model.denseBytes() / 1e6;
      for (String p : applicable) {
        Quality q = quality(p, input, model);
        rows.add(
            new Row(
                p,
                input,
                q.ratio,
                q.relL2,
                score(results, p, "encodeFrame") * denseMB,
                score(results, p, "decodeFrame") * denseMB));
      }
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, json(memcpyMBps, rows));
    Path html = out.resolveSibling("compression.html");
    Files.writeString(html, BenchReport.html(memcpyMBps, rows));
    System.out.println(table(memcpyMBps, rows));
    System.out.println("wrote " + out.toAbsolutePath() + " and " + html.toAbsolutePath());
  }

  /** Preset or pipeline names, from {@link PipelineBench}'s parameter list. */
  static String[] pipelines() {
    try {
      return PipelineBench.class
          .getField("pipeline")
          .getAnnotation(org.openjdk.jmh.annotations.Param.class)
          .value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }

  record Row(
      String name,
      String input,
      double ratio,
      double relL2Error,
      double encodeMBps,
      double decodeMBps) {}

  record Quality(double ratio, double relL2) {}

  /** One encode from a fresh state: the size against the full fp32 model, and the error. */
  static Quality quality(String pipeline, String input, Model model) {
    Pipeline p = PipelineBench.resolve(pipeline);
    EncodeContext ctx =
        new EncodeContext(
            BenchInputs.chain(input),
            new ErrorFeedback(model.zerosLike()),
            new SplittableRandom(7));
    byte[] frame = p.encodeFrame(FrameMeta.update(1, 1, Map.of()), model, ctx);
    Model decoded = Frames.decode(frame, DecodeLimits.defaults()).model();
    // A width slice is a smaller model, not an error: compare with the same slice of the input.
    Model reference =
        p.width() == null
            ? model
            : SlicePlan.of(ctx.chain(), model.names(), model.shapes(), p.width()).slice(model);
    return new Quality((double) model.denseBytes() / frame.length, relativeL2(reference, decoded));
  }

  static double relativeL2(Model expected, Model actual) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < expected.size(); i++) {
      Tensor x = expected.tensor(i);
      Tensor y = actual.tensor(i);
      float[] a = x.array();
      float[] b = y.array();
      for (int j = 0; j < x.size(); j++) {
        double d = a[x.offset() + j] - b[y.offset() + j];
        num += d * d;
        den += (double) a[x.offset() + j] * a[x.offset() + j];
      }
    }
    return Math.sqrt(num / den);
  }

  private static ChainedOptionsBuilder options(boolean quick) {
    return new OptionsBuilder()
        .forks(1)
        .threads(1)
        .warmupIterations(quick ? 1 : 3)
        .warmupTime(TimeValue.milliseconds(quick ? 100 : 400))
        .measurementIterations(quick ? 1 : 4)
        .measurementTime(TimeValue.milliseconds(quick ? 100 : 500))
        .jvmArgsAppend("-Xmx2g")
        .shouldFailOnError(true);
  }

  private static Collection<RunResult> run(ChainedOptionsBuilder o) throws RunnerException {
    return new Runner(o.build()).run();
  }

  private static double opsPerSecond(Collection<RunResult> results) {
    return results.iterator().next().getPrimaryResult().getScore();
  }

  private static double score(Collection<RunResult> results, String pipeline, String method) {
    for (RunResult r : results) {
      if (r.getParams().getParam("pipeline").equals(pipeline)
          && r.getParams().getBenchmark().endsWith("." + method)) {
        return r.getPrimaryResult().getScore();
      }
    }
    throw new IllegalStateException("no result for " + pipeline + " " + method);
  }

  static String json(double memcpyMBps, List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(Locale.ROOT, "{\n  \"memcpyMBps\": %.1f,\n  \"results\": [\n", memcpyMBps));
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      sb.append(
          String.format(
              Locale.ROOT,
              "    {\"name\": \"%s\", \"input\": \"%s\", \"ratio\": %.3f, \"relL2Error\": %.6g,"
                  + " \"encodeMBps\": %.1f, \"decodeMBps\": %.1f}%s\n",
              r.name(),
              r.input(),
              r.ratio(),
              r.relL2Error(),
              r.encodeMBps(),
              r.decodeMBps(),
              i + 1 < rows.size() ? "," : ""));
    }
    return sb.append("  ]\n}\n").toString();
  }

  static String table(double memcpyMBps, List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "memcpy baseline: %.0f MB/s%n", memcpyMBps));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-48s %-11s %9s %11s %10s %10s%n",
            "pipeline",
            "input",
            "ratio",
            "relL2",
            "enc MB/s",
            "dec MB/s"));
    Map<String, List<Row>> byInput = new TreeMap<>();
    rows.forEach(r -> byInput.computeIfAbsent(r.input(), k -> new ArrayList<>()).add(r));
    byInput.values().stream()
        .flatMap(List::stream)
        .forEach(
            r ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        "%-48s %-11s %8.1fx %11.2e %10.0f %10.0f%n",
                        r.name(),
                        r.input(),
                        r.ratio(),
                        r.relL2Error(),
                        r.encodeMBps(),
                        r.decodeMBps())));
    return sb.toString();
  }
}
