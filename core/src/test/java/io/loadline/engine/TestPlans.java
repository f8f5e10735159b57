package io.loadline.engine;

import io.loadline.plan.ParsedPlan;
import io.loadline.plan.Plan;
import io.loadline.plan.PlanParser;
import io.loadline.plan.PluginRef;
import io.loadline.plan.ScenarioPlan;
import io.loadline.plan.StepPlan;
import io.loadline.pluginhost.PluginDescriptor;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.plugins.http.HttpProtocolFactory;
import io.loadline.plugins.rate.ConstantRateModelFactory;
import io.loadline.plugins.rate.RampRateModelFactory;
import io.loadline.plugins.rate.RampingUsersRateModelFactory;
import io.loadline.plugins.rate.UsersRateModelFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plans built from the records, and the real built-in plugins, for the engine's tests. */
final class TestPlans {

  private TestPlans() {}

  static PluginRegistry builtInPlugins() {
    return new PluginRegistry(
        List.of(
            new PluginDescriptor(new ConstantRateModelFactory(), "classpath"),
            new PluginDescriptor(new RampRateModelFactory(), "classpath"),
            new PluginDescriptor(new UsersRateModelFactory(), "classpath"),
            new PluginDescriptor(new RampingUsersRateModelFactory(), "classpath"),
            new PluginDescriptor(new HttpProtocolFactory(), "classpath")));
  }

  /** The plan in {@code yaml}, which must parse without a problem. */
  static Plan parse(String yaml) {
    ParsedPlan parsed = new PlanParser().parse(yaml);
    if (!parsed.problems().isEmpty()) {
      throw new AssertionError("the test's plan has problems: " + parsed.problems());
    }
    return parsed.plan();
  }

  static EngineSettings settings() {
    return EngineSettings.defaults(Path.of("."));
  }

  static Plan plan(ScenarioPlan... scenarios) {
    return new Plan("test", null, null, Duration.ofSeconds(5), List.of(scenarios));
  }

  static ScenarioPlan scenario(int index, String rate, String duration, String... urls) {
    return scenario(index, Map.of("rate", rate, "duration", duration), urls);
  }

  static ScenarioPlan scenario(int index, Map<String, Object> load, String... urls) {
    return scenario(index, "constant", load, urls);
  }

  /** A scenario whose load is the rate model {@code model} with the settings {@code load}. */
  static ScenarioPlan scenario(int index, String model, Map<String, Object> load, String... urls) {
    String path = "scenarios[" + index + "]";
    List<StepPlan> steps = new ArrayList<>();
    for (int j = 0; j < urls.length; j++) {
      Map<String, Object> request = urls[j] == null ? Map.of() : Map.of("url", urls[j]);
      steps.add(new StepPlan("step " + (j + 1), path + ".steps[" + j + "].request", request));
    }
    return new ScenarioPlan(
        "scenario" + index,
        path,
        new PluginRef(model, path + ".load", load),
        new PluginRef("http", path + ".protocol", Map.of()),
        null,
        steps);
  }
}
