package io.loadline.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.store.AuditEntry;
import io.loadline.store.User;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import io.loadline.web.auth.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The target allow-list and the per-role caps. No test here starts a run that sends traffic. */
class TargetPolicyTest {

  @TempDir static Path dataDirectory;
  private static TestServer test;
  private static String operatorToken;

  @BeforeAll
  static void startServer() {
    SecurityConfig security =
        SecurityConfig.fromEnvironment(
            Map.of(
                "LOADLINE_ALLOWED_TARGETS", "127.0.0.1, staging.example.test:8443",
                "LOADLINE_MAX_RATE_OPERATOR", "10/s",
                "LOADLINE_MAX_DURATION_OPERATOR", "5s"));
    test = TestServer.start(dataDirectory, security);
    User operator = test.createUser("opal", "operator-password", "operator");
    operatorToken = test.tokenFor(operator);
  }

  @AfterAll
  static void stopServer() {
    test.close();
  }

  @Test
  void theAllowListAdmitsHostsPortsAndBlocksAndNothingElse() {
    TargetAllowList list =
        TargetAllowList.parse("localhost, api.example.test:8443, 10.0.0.0/8, [::1]:8080, fd00::/8");

    assertEquals(Optional.empty(), list.refusal("http://LOCALHOST:1234/x"));
    assertEquals(Optional.empty(), list.refusal("https://api.example.test:8443/a?b={{c}}"));
    assertEquals(Optional.empty(), list.refusal("http://10.20.30.40/"));
    assertEquals(Optional.empty(), list.refusal("http://[::1]:8080/"));
    assertEquals(Optional.empty(), list.refusal("http://[fd00::1]/"));
    assertTrue(list.refusal("https://api.example.test/").isPresent()); // port 443
    assertTrue(list.refusal("http://11.0.0.1/").isPresent());
    assertTrue(list.refusal("http://[::1]:9090/").isPresent());
    assertTrue(list.refusal("http://user@evil.test/").isPresent());
    assertTrue(list.refusal("http://localhost.evil.test/").isPresent());
    assertTrue(list.refusal("not a url").isPresent());
    assertTrue(list.refusal("http://{{host}}/x").orElseThrow().contains("placeholder"));
    assertTrue(list.refusal("http://localhost:{{port}}/x").orElseThrow().contains("placeholder"));
    assertEquals(Optional.empty(), TargetAllowList.allowAll().refusal("http://{{host}}/x"));
  }

  @Test
  void noPlaceholderMayComeBeforeTheEndOfTheAuthority() {
    TargetAllowList list = TargetAllowList.parse("127.0.0.1:18281");

    for (String url :
        List.of(
            "{{pre}}http://127.0.0.1:18281/x",
            "{{ pre }}://127.0.0.1:18281/x",
            "http{{s}}://127.0.0.1:18281/x",
            "${pre}http://127.0.0.1:18281/x",
            "http://127.0.0.1:18281{{rest}}",
            "http://127.0.0.1:18281{{rest}}/x",
            " {{pre}}http://127.0.0.1:18281/x")) {
      String refusal = list.refusal(url).orElseThrow(() -> new AssertionError(url));
      assertTrue(refusal.contains("placeholder in its scheme, host or port"), refusal);
    }
    assertTrue(list.refusal("ht tp://127.0.0.1:18281/x").orElseThrow().contains("scheme"));
    assertEquals(Optional.empty(), list.refusal("http://127.0.0.1:18281/{{path}}"));
    assertEquals(Optional.empty(), list.refusal("http://127.0.0.1:18281?q={{q}}"));
    assertEquals(Optional.empty(), list.refusal("http://127.0.0.1:18281#{{fragment}}"));
    assertEquals(Optional.empty(), list.refusal("  http://127.0.0.1:18281/x "));
  }

  @Test
  void capRefusalsPrintRatesToFourSignificantDigits() {
    assertEquals("667.1", PlanPolicy.format(667.0666666666667));
    assertEquals("50.02", PlanPolicy.format(3001 / 60.0));
    assertEquals("50", PlanPolicy.format(50.0));
    assertEquals("1000000", PlanPolicy.format(1_000_000.0));
    assertEquals("0.5", PlanPolicy.format(0.5));
  }

  @Test
  void malformedSettingsAreNamedAllAtOnce() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SecurityConfig.fromEnvironment(
                    Map.of(
                        "LOADLINE_ALLOWED_TARGETS", "10.0.0.0/99",
                        "LOADLINE_MAX_RATE_ADMIN", "fast",
                        "LOADLINE_MAX_USERS_OPERATOR", "many")));
    assertTrue(error.getMessage().contains("LOADLINE_ALLOWED_TARGETS"), error.getMessage());
    assertTrue(error.getMessage().contains("LOADLINE_MAX_RATE_ADMIN"), error.getMessage());
    assertTrue(error.getMessage().contains("LOADLINE_MAX_USERS_OPERATOR"), error.getMessage());
    IllegalArgumentException more =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SecurityConfig.fromEnvironment(
                    Map.of(
                        "LOADLINE_MAX_USERS_ADMIN", "-1",
                        "LOADLINE_MAX_RATE_OPERATER", "5/s",
                        "LOADLINE_MAX_RATE_VIEWER", "5/s")));
    assertTrue(
        more.getMessage()
            .contains("LOADLINE_MAX_USERS_ADMIN must be a whole number of at least 1, was '-1'"),
        more.getMessage());
    assertTrue(
        more.getMessage().contains("LOADLINE_MAX_RATE_OPERATER is not a run cap"),
        more.getMessage());
    assertTrue(
        more.getMessage().contains("LOADLINE_MAX_RATE_VIEWER is not a run cap"), more.getMessage());
    SecurityConfig config =
        SecurityConfig.fromEnvironment(
            Map.of("LOADLINE_MAX_DURATION_ADMIN", "10m", "LOADLINE_MAX_IN_FLIGHT", "100"));
    assertEquals(Duration.ofMinutes(10), config.caps(Role.ADMIN).maxDuration());
    assertTrue(config.caps(Role.OPERATOR).isUnlimited());
  }

  @Test
  void aPlanAimedOutsideTheAllowListIsRefusedAndAudited() {
    HttpResponse<String> refused =
        savePlan(Plans.yaml("elsewhere", "http://10.1.2.3:80", "1/s", "1s"));

    assertEquals(403, refused.statusCode(), refused.body());
    String error = test.readJson(refused.body()).get("error").asText();
    assertTrue(error.contains("scenarios[0].steps[0].request.url"), error);
    assertTrue(error.contains("10.1.2.3:80"), error);
    assertTrue(error.contains("LOADLINE_ALLOWED_TARGETS"), error);
    AuditEntry row = test.server.security().auditLog().list(1).get(0);
    assertEquals("plan.create", row.action());
    assertEquals("denied", row.outcome());
    assertEquals("opal", row.actor());
    assertTrue(row.target().contains("10.1.2.3:80"), row.target());
    assertTrue(test.server.plans().list().stream().noneMatch(p -> p.name().equals("elsewhere")));
  }

  @Test
  void aPlaceholderInTheHostIsRefusedWhenAListIsSet() {
    // The variable is declared, so the plan is valid apart from where its host comes from.
    String templatedHost =
        Plans.yaml("templated", "http://{{host}}", "1/s", "1s")
            .replace("  - name: browse\n", "  - name: browse\n    variables: {host: 127.0.0.1}\n");
    HttpResponse<String> refused = savePlan(templatedHost);
    assertEquals(403, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("placeholder"), refused.body());
  }

  @Test
  void aRunAboveTheRolesCapsIsRefusedNamingEachLimit() {
    HttpResponse<String> saved =
        savePlan(Plans.yaml("big", test.url("/api/v1/health"), "100/s", "1m"));
    assertEquals(201, saved.statusCode(), saved.body());
    long planId = test.readJson(saved.body()).get("id").asLong();

    HttpResponse<String> start =
        test.send(
            test.request("/api/v1/plans/" + planId + "/runs", operatorToken)
                .POST(HttpRequest.BodyPublishers.noBody()));

    assertEquals(403, start.statusCode(), start.body());
    String error = test.readJson(start.body()).get("error").asText();
    assertTrue(error.contains("100/s exceeds the operator limit of 10/s"), error);
    assertTrue(error.contains("LOADLINE_MAX_RATE_OPERATOR"), error);
    assertTrue(error.contains("LOADLINE_MAX_DURATION_OPERATOR"), error);
    assertEquals(List.of(), test.server.runs().list(Optional.of(planId), 10));
    AuditEntry row = test.server.security().auditLog().list(1).get(0);
    assertEquals("run.start", row.action());
    assertEquals("denied", row.outcome());
  }

  private static HttpResponse<String> savePlan(String yaml) {
    return test.send(
        test.request("/api/v1/plans", operatorToken)
            .header("Content-Type", "application/yaml")
            .POST(HttpRequest.BodyPublishers.ofString(yaml)));
  }
}
