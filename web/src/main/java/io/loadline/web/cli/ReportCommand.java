package io.loadline.web.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loadline report RUN_ID --server URL --api-key KEY --format json|csv|html|hdr}: fetches a
 * finished run's report from a server and prints it or writes it to {@code --output}.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Fetches a finished run's report from a Loadline server.",
      "Formats: json (summary), csv (1 s series), html (self-contained), hdr (HdrHistogram log).",
      "Exit codes: 0 written, 2 error (unknown run, run still active, server unreachable)."
    })
final class ReportCommand implements Callable<Integer> {

  /** The API's file extension of each format. */
  enum Format {
    json("json"),
    csv("csv"),
    html("html"),
    hdr("hlog");

    final String extension;

    Format(String extension) {
      this.extension = extension;
    }
  }

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run's id.")
  private long runId;

  @Option(names = "--server", required = true, paramLabel = "URL", description = "The server.")
  private URI server;

  @Option(
      names = {"--api-key", "--token"},
      paramLabel = "SECRET",
      description = "The API key or token (default: $LOADLINE_API_KEY).")
  private String apiKey;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "json",
      description = "json, csv, html or hdr (default: ${DEFAULT-VALUE}).")
  private Format format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write here, not to stdout (its directories are made as needed).")
  private Path output;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException, IOException {
    String secret = apiKey != null ? apiKey : System.getenv("LOADLINE_API_KEY");
    if (secret == null || secret.isBlank()) {
      spec.commandLine().getErr().println("report needs --api-key KEY (or --token).");
      return Main.EXIT_ERROR;
    }
    String text =
        new RemoteRun(server, secret).text("api/v1/runs/" + runId + "/report." + format.extension);
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
    } else {
      OutputFiles.write(output, text, "report");
    }
    return Main.EXIT_OK;
  }
}
