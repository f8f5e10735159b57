package io.loadline.web.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code loadline admin}: maintenance of a stopped server's database, such as {@code
 * reset-password}. Without a subcommand it prints its usage and exits 2. Not thread-safe; one per
 * invocation.
 */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    description = "Maintains a stopped server's database: reset-password recovers an account.",
    subcommands = {ResetPasswordCommand.class})
final class AdminCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    return Main.usageError(spec);
  }
}
