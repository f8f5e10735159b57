package io.loadline.web.dashboard;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.loadline.run.RunService;
import io.loadline.run.RunState;
import io.loadline.store.PlanStore;
import io.loadline.web.api.PlanJson;
import io.loadline.web.auth.Access;
import io.loadline.web.auth.TokenService;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /runs}: the run history, filtered by plan, state and creation date (UTC days), with
 * check boxes to pick runs for {@code /compare?runs=1&runs=2}. Shows the newest {@value #SHOWN}
 * runs that match, filtering the newest {@value #SCANNED} of the plan (or of all plans); a filter
 * reaching further back is a known limit. Thread-safe.
 */
public final class RunHistoryPage {

  static final int SCANNED = 1000;
  static final int SHOWN = 200;
  static final LocalDate EARLIEST_DAY = LocalDate.of(1, 1, 1);
  static final LocalDate LATEST_DAY = LocalDate.of(9999, 12, 31);

  private final PlanStore plans;
  private final RunService runs;
  private final TokenService tokens;
  private final Templates templates;

  public RunHistoryPage(
      PlanStore plans, RunService runs, TokenService tokens, Templates templates) {
    this.plans = plans;
    this.runs = runs;
    this.tokens = tokens;
    this.templates = templates;
  }

  public void addRoutes(RouteTable.Builder table) {
    table.get("/runs", Access.VIEWER, this::history);
  }

  private void history(Context context) {
    Optional<Long> planId = longParam(context, "plan");
    Optional<RunState> state = stateParam(context);
    Optional<LocalDate> from = dateParam(context, "from");
    Optional<LocalDate> to = dateParam(context, "to");
    List<RunView> matching =
        runs.list(planId, SCANNED).stream()
            .filter(run -> state.isEmpty() || run.state() == state.get())
            .filter(run -> from.isEmpty() || !run.createdAt().isBefore(startOf(from.get())))
            .filter(run -> to.isEmpty() || run.createdAt().isBefore(startOf(to.get().plusDays(1))))
            .limit(SHOWN)
            .map(RunView::of)
            .toList();
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("page", PageContext.of(RequestState.requirePrincipal(context), tokens));
    parameters.put("plans", plans.list().stream().map(PlanJson::summaryOf).toList());
    parameters.put("states", Arrays.stream(RunState.values()).map(RunState::name).toList());
    parameters.put("runs", matching);
    parameters.put("selectedPlan", planId.orElse(null));
    parameters.put("selectedState", state.map(RunState::name).orElse(""));
    parameters.put("from", from.map(LocalDate::toString).orElse(""));
    parameters.put("to", to.map(LocalDate::toString).orElse(""));
    context.html(templates.render("runs.jte", parameters));
  }

  private static Instant startOf(LocalDate day) {
    return day.atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  private static Optional<Long> longParam(Context context, String name) {
    String value = blankToNull(context.queryParam(name));
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(value));
    } catch (NumberFormatException notANumber) {
      throw new BadRequestResponse("'" + name + "' must be a plan id, such as 3.");
    }
  }

  private static Optional<RunState> stateParam(Context context) {
    String value = blankToNull(context.queryParam("state"));
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(RunState.valueOf(value.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException unknown) {
      throw new BadRequestResponse(
          "'state' must be one of " + Arrays.toString(RunState.values()) + ".");
    }
  }

  private static Optional<LocalDate> dateParam(Context context, String name) {
    String value = blankToNull(context.queryParam(name));
    if (value == null) {
      return Optional.empty();
    }
    LocalDate date;
    try {
      date = LocalDate.parse(value);
    } catch (DateTimeParseException malformed) {
      throw new BadRequestResponse("'" + name + "' must be a date such as 2026-12-03.");
    }
    // The filter compares instants of the day and the next, which far-off years cannot hold.
    if (date.isBefore(EARLIEST_DAY) || date.isAfter(LATEST_DAY)) {
      throw new BadRequestResponse(
          "'" + name + "' must be a date from " + EARLIEST_DAY + " to " + LATEST_DAY + ".");
    }
    return Optional.of(date);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
