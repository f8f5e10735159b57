package io.loadline.web.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loadline compare RUN RUN... --server URL --api-key KEY}: compares runs of one plan on a
 * server, per scenario and step, against the first run named, and marks regressions beyond the
 * tolerance.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compares two or more runs of one plan on a server; the first is the reference.",
      "Exit codes: 0 no regression, 1 a regression beyond the tolerance, 2 error."
    })
final class CompareCommand implements Callable<Integer> {

  @Parameters(arity = "2..*", paramLabel = "RUN_ID", description = "The runs, reference first.")
  private List<Long> runIds;

  @Option(names = "--server", required = true, paramLabel = "URL", description = "The server.")
  private URI server;

  @Option(
      names = {"--api-key", "--token"},
      paramLabel = "SECRET",
      description = "The API key or token (default: $LOADLINE_API_KEY).")
  private String apiKey;

  @Option(
      names = "--tolerance",
      paramLabel = "PERCENT",
      defaultValue = "10",
      description = "How much worse a figure may be before it is a regression (default: 10).")
  private double tolerancePercent;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String secret = apiKey != null ? apiKey : System.getenv("LOADLINE_API_KEY");
    if (secret == null || secret.isBlank()) {
      spec.commandLine().getErr().println("compare needs --api-key KEY (or --token).");
      return Main.EXIT_ERROR;
    }
    if (!Double.isFinite(tolerancePercent) || tolerancePercent < 0) {
      spec.commandLine()
          .getErr()
          .println(
              "--tolerance must be a finite number >= 0, a percentage such as 10; was "
                  + tolerancePercent
                  + ".");
      return Main.EXIT_ERROR;
    }
    String ids = runIds.stream().map(String::valueOf).collect(Collectors.joining(","));
    String body =
        new RemoteRun(server, secret)
            .text("api/v1/compare?runs=" + ids + "&tolerance=" + tolerancePercent);
    JsonNode comparison = new ObjectMapper().readTree(body).get("comparison");
    print(spec.commandLine().getOut(), comparison);
    return comparison.get("regressed").asBoolean() ? Main.EXIT_THRESHOLDS_FAILED : Main.EXIT_OK;
  }

  private void print(PrintWriter out, JsonNode comparison) {
    out.printf(
        Locale.ROOT,
        "Runs %s of plan %d; changes against run %d, tolerance %s%%%n%n",
        comparison.get("runIds"),
        comparison.get("planId").asLong(),
        runIds.getFirst(),
        number(comparison.get("tolerancePercent")));
    // A header names the columns: each run's value, then each later run's change from the first.
    List<Long> compared = new ArrayList<>();
    comparison.get("runIds").forEach(id -> compared.add(id.asLong()));
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "    %-11s", ""));
    for (long id : compared) {
      header.append(String.format(Locale.ROOT, " %10s", "run " + id));
    }
    for (long id : compared.subList(1, compared.size())) {
      header.append(
          String.format(Locale.ROOT, "  %9s%-11s", id + " vs " + compared.getFirst(), ""));
    }
    out.println(header.toString().stripTrailing());
    for (JsonNode row : comparison.get("rows")) {
      String label =
          row.get("step").isNull()
              ? row.get("scenario").asText()
              : "  " + row.get("scenario").asText() + " / " + row.get("step").asText();
      out.println(label);
      for (JsonNode metric : row.get("metrics")) {
        StringBuilder line =
            new StringBuilder(
                String.format(Locale.ROOT, "    %-11s", metric.get("metric").asText()));
        for (JsonNode value : metric.get("values")) {
          line.append(String.format(Locale.ROOT, " %10s", number(value)));
        }
        for (JsonNode change : metric.get("changes")) {
          // The marker has a column of its own, so the changes after it stay under their header.
          line.append(
              String.format(
                  Locale.ROOT,
                  "  %9s%-11s",
                  percent(change.get("percent")),
                  change.get("regression").asBoolean() ? " REGRESSION" : ""));
        }
        out.println(line.toString().stripTrailing());
      }
    }
    out.println();
    out.println(
        comparison.get("regressed").asBoolean()
            ? "Regressions beyond the tolerance were found."
            : "No regression beyond the tolerance.");
    out.flush();
  }

  private static String number(JsonNode value) {
    return value == null || value.isNull()
        ? "-"
        : String.format(Locale.ROOT, "%.3f", value.asDouble()).replaceAll("\\.?0+$", "");
  }

  private static String percent(JsonNode value) {
    return value == null || value.isNull()
        ? "-"
        : String.format(Locale.ROOT, "%+.1f%%", value.asDouble());
  }
}
