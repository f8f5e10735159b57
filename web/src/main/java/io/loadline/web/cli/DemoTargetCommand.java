package io.loadline.web.cli;

import io.loadline.web.demo.DemoTarget;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loadline demo-target}: the demo target alone on 127.0.0.1, until Ctrl-C. */
@Command(
    name = "demo-target",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a small HTTP service on 127.0.0.1 to aim plans at:",
      "  GET /fast, GET /delay/{millis}, GET /status/{code}, GET /stats"
    })
final class DemoTargetCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + DemoTarget.DEFAULT_PORT,
      description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  private int port;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Ports.check(spec, "--port", port);
    DemoTarget target = DemoTarget.start(port);
    out.println("Demo target listening on " + target.baseUrl() + " (Ctrl-C stops it)");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  target.close();
                  stopped.countDown();
                },
                "demo-target-shutdown"));
    stopped.await();
    return Main.EXIT_OK;
  }
}
