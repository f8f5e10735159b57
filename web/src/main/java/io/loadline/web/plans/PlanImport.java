package io.loadline.web.plans;

import io.loadline.importer.CurlImporter;
import io.loadline.importer.HarImporter;
import io.loadline.importer.ImportedStep;
import io.loadline.importer.PlanWriter;
import io.loadline.plan.PlanReader;
import java.util.List;
import java.util.Objects;

/**
 * Imports a HAR recording or a curl command as a plan's YAML text, checked by the {@link
 * PlanReader} so that what it returns is a plan the server accepts. Shared by the CLI and the API.
 * Thread-safe.
 */
public final class PlanImport {

  /** The plan name of a HAR import without one. */
  public static final String DEFAULT_HAR_NAME = "imported from HAR";

  /** The plan name of a curl import without one. */
  public static final String DEFAULT_CURL_NAME = "imported from curl";

  private final PlanReader planReader;
  private final HarImporter har = new HarImporter();
  private final CurlImporter curl = new CurlImporter();
  private final PlanWriter writer = new PlanWriter();

  public PlanImport(PlanReader planReader) {
    this.planReader = Objects.requireNonNull(planReader, "planReader");
  }

  /**
   * The plan of a HAR recording.
   *
   * @param planName the plan's name, or null or blank for {@value #DEFAULT_HAR_NAME}
   * @throws io.loadline.importer.ImportException when the text is not a usable HAR
   * @throws io.loadline.plan.PlanValidationException when the plan does not validate
   */
  public String fromHar(String harText, String planName) {
    return checked(
        writer.write(nameOr(planName, DEFAULT_HAR_NAME), "a HAR recording", har.read(harText)));
  }

  /**
   * The plan of one curl command line.
   *
   * @param planName the plan's name, or null or blank for {@value #DEFAULT_CURL_NAME}
   * @throws io.loadline.importer.ImportException when the command cannot be imported
   * @throws io.loadline.plan.PlanValidationException when the plan does not validate
   */
  public String fromCurl(String commandLine, String planName) {
    String command = commandLine == null ? "" : commandLine.strip();
    if (!command.startsWith("curl ") && !command.equals("curl")) {
      command = "curl " + command;
    }
    List<ImportedStep> steps = List.of(curl.read(command));
    return checked(writer.write(nameOr(planName, DEFAULT_CURL_NAME), "a curl command", steps));
  }

  private String checked(String yaml) {
    planReader.read(yaml);
    return yaml;
  }

  private static String nameOr(String name, String fallback) {
    return name == null || name.isBlank() ? fallback : name.strip();
  }
}
