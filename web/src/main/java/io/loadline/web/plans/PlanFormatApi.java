package io.loadline.web.plans;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.loadline.importer.ImportException;
import io.loadline.plan.PlanReader;
import io.loadline.plan.PlanSchema;
import io.loadline.plan.PlanText;
import io.loadline.web.auth.Access;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;

/**
 * The plan-format routes: the plan's JSON Schema ({@value #SCHEMA}, viewers) and the imports that
 * turn a HAR recording or a curl command into a plan ({@value #IMPORT_HAR} and {@value
 * #IMPORT_CURL}, operators). An import answers the plan's YAML and stores nothing; save it with
 * {@code POST /api/v1/plans}. Thread-safe.
 */
public final class PlanFormatApi {

  public static final String SCHEMA = "/api/v1/schema/plan";
  public static final String IMPORT_HAR = "/api/v1/import/har";
  public static final String IMPORT_CURL = "/api/v1/import/curl";

  /** The media type of the schema, as the JSON Schema specification registers it. */
  public static final String SCHEMA_TYPE = "application/schema+json";

  private final PlanImport imports;

  public PlanFormatApi(PlanReader planReader) {
    this.imports = new PlanImport(planReader);
  }

  public void addRoutes(RouteTable.Builder table) {
    table
        .get(SCHEMA, Access.VIEWER, this::schema)
        .post(IMPORT_HAR, Access.OPERATOR, "plan.import.har", this::importHar)
        .post(IMPORT_CURL, Access.OPERATOR, "plan.import.curl", this::importCurl);
  }

  private void schema(Context context) {
    context.contentType(SCHEMA_TYPE).result(PlanSchema.text());
  }

  /** Body: the HAR's JSON. Query {@code name}: the plan's name. Answer: the plan's YAML. */
  private void importHar(Context context) {
    String har = body(context, "the HAR recording's JSON");
    answer(context, () -> imports.fromHar(har, context.queryParam("name")));
  }

  /** Body: one curl command line as text. Query {@code name}: the plan's name. */
  private void importCurl(Context context) {
    String command = body(context, "a curl command line, such as curl 'http://host/path'");
    answer(context, () -> imports.fromCurl(command, context.queryParam("name")));
  }

  private static String body(Context context, String what) {
    String text = PlanText.decode(context.bodyAsBytes());
    if (text.isBlank()) {
      throw new BadRequestResponse("The request body is empty; send " + what + ".");
    }
    return text;
  }

  private static void answer(Context context, java.util.function.Supplier<String> importer) {
    String yaml;
    try {
      yaml = importer.get();
    } catch (ImportException cannotImport) {
      throw new BadRequestResponse(cannotImport.getMessage());
    }
    RequestState.auditTarget(context, "import");
    context.contentType("application/yaml").result(yaml);
  }
}
