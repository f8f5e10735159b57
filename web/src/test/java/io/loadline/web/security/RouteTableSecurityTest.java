package io.loadline.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.loadline.store.User;
import io.loadline.web.LoadlineServer;
import io.loadline.web.TestServer;
import io.loadline.web.auth.Access;
import io.loadline.web.auth.Role;
import io.loadline.web.auth.TokenService;
import io.loadline.web.http.Route;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the live route table of a running server: every route, without credentials and with each
 * role, must answer as its declared access says. A route added later by anyone is walked too, and
 * an endpoint registered with Javalin behind the table's back fails {@link
 * #everyEndpointJavalinServesIsDeclaredInTheRouteTable}.
 */
class RouteTableSecurityTest {

  private static final Set<HandlerType> HTTP_METHODS =
      Set.of(
          HandlerType.GET,
          HandlerType.POST,
          HandlerType.PUT,
          HandlerType.PATCH,
          HandlerType.DELETE);
  private static final String MISSING_ID = "999999";

  @TempDir static Path dataDirectory;
  private static TestServer test;
  private static final Map<Role, User> USERS = new EnumMap<>(Role.class);

  @BeforeAll
  static void startServer() {
    test = TestServer.start(dataDirectory);
    USERS.put(Role.ADMIN, test.server.users().findByUsername("admin").orElseThrow());
    USERS.put(Role.OPERATOR, test.createUser("otto", "operator-password", "operator"));
    USERS.put(Role.VIEWER, test.createUser("vic", "viewer-password", "viewer"));
  }

  @AfterAll
  static void stopServer() {
    test.close();
  }

  @Test
  void everyEndpointJavalinServesIsDeclaredInTheRouteTable() {
    assertEquals(List.of(), undeclaredEndpoints(test.server));
    assertTrue(
        test.server.routes().routes().size() >= 30, test.server.routes().routes().toString());
  }

  @Test
  void everyRouteThatChangesStateRecordsAnAuditAction() {
    List<String> unaudited =
        test.server.routes().routes().stream()
            .filter(route -> route.method() != HandlerType.GET && !route.isAudited())
            .map(Route::toString)
            .toList();
    assertEquals(List.of(), unaudited);
  }

  @Test
  void everyRouteRefusesStrangersAndLowerRolesAndAdmitsItsRoleAndHigher() {
    List<String> failures = new ArrayList<>();
    for (Route route : test.server.routes().routes()) {
      checkStranger(route, failures);
      for (Role role : Role.values()) {
        checkRole(route, role, failures);
      }
    }
    assertEquals(List.of(), failures, String.join("\n", failures));
  }

  @Test
  void anEndpointRegisteredBehindTheTablesBackIsRefusedAndCaught(@TempDir Path directory) {
    TestServer sneaky = TestServer.create(directory);
    try {
      sneaky
          .server
          .app()
          .unsafe
          .internalRouter
          .addHttpEndpoint(
              Endpoint.create(HandlerType.GET, "/sneaky").handler(ctx -> ctx.result("open")));
      sneaky.server.start();

      HttpResponse<String> response = sneaky.send(sneaky.request("/sneaky").GET());

      assertEquals(403, response.statusCode(), response.body());
      assertFalse(response.body().contains("open"));
      assertEquals(List.of("GET /sneaky"), undeclaredEndpoints(sneaky.server));
    } finally {
      sneaky.close();
    }
  }

  /** Every HTTP endpoint Javalin serves that carries no {@link Route} from the table. */
  static List<String> undeclaredEndpoints(LoadlineServer server) {
    List<String> undeclared = new ArrayList<>();
    for (ParsedEndpoint parsed : server.app().unsafe.internalRouter.allHttpHandlers()) {
      Endpoint endpoint = parsed.endpoint;
      if (!HTTP_METHODS.contains(endpoint.method)) {
        continue;
      }
      Route route = endpoint.metadata(Route.class);
      if (route == null || !server.routes().routes().contains(route)) {
        undeclared.add(endpoint.method + " " + endpoint.path);
      }
    }
    return undeclared;
  }

  private static void checkStranger(Route route, List<String> failures) {
    HttpResponse<String> response = send(route, request(route), null);
    if (response == null) {
      failures.add(route + " without credentials did not answer in time");
      return;
    }
    int status = response.statusCode();
    boolean toLogin = redirectsToLogin(response);
    if (route.access() == Access.PUBLIC) {
      if (status == 401 || toLogin || (route.isApi() && status == 403)) {
        failures.add(route + " is public but refused a stranger with " + status);
      }
    } else if (route.isApi() ? status != 401 : !(toLogin || status == 401)) {
      failures.add(route + " let a stranger through: " + status);
    }
  }

  private static void checkRole(Route route, Role role, List<String> failures) {
    if (route.access() == Access.PUBLIC) {
      return;
    }
    User user = USERS.get(role);
    var issued = test.server.tokens().issue(user);
    HttpRequest.Builder request = request(route);
    if (route.isApi()) {
      request.header("Authorization", "Bearer " + issued.token());
    } else {
      request.header("Cookie", "loadline_session=" + issued.token());
      request.header("X-CSRF-Token", csrf(test.server.tokens(), issued.tokenId()));
    }
    HttpResponse<String> response = send(route, request, role);
    boolean admitted = route.access().admits(role);
    if (response == null) {
      if (!admitted) {
        failures.add(route + " as " + role + " did not answer in time instead of 403");
      }
      return; // a long-lived answer (a stream) got past the guard
    }
    int status = response.statusCode();
    if (!admitted && status != 403) {
      failures.add(route + " as " + role + " should be 403, was " + status);
    }
    if (admitted && redirectsToLogin(response) && loggedOut(route, issued.token())) {
      return; // the dashboard's logout answers with the login page once it has revoked the token
    }
    if (admitted && (status == 401 || status == 403 || redirectsToLogin(response))) {
      failures.add(route + " as " + role + " should pass the guard, was " + status);
    }
  }

  private static boolean loggedOut(Route route, String token) {
    return "logout".equals(route.auditAction())
        && test.server.security().authenticator().principal(token).isEmpty();
  }

  private static String csrf(TokenService tokens, String tokenId) {
    return tokens.csrfToken(tokenId);
  }

  private static HttpRequest.Builder request(Route route) {
    String path = route.path().replaceAll("\\{[^}]+}", MISSING_ID);
    HttpRequest.Builder request = test.request(path).timeout(Duration.ofSeconds(5));
    if (route.method() == HandlerType.GET) {
      return request.GET();
    }
    String contentType = route.isApi() ? "application/json" : "application/x-www-form-urlencoded";
    return request
        .header("Content-Type", contentType)
        .method(route.method().name(), HttpRequest.BodyPublishers.ofString("{}"));
  }

  private static HttpResponse<String> send(Route route, HttpRequest.Builder request, Role role) {
    try {
      return test.send(request);
    } catch (UncheckedIOException failure) {
      if (failure.getCause() instanceof HttpTimeoutException) {
        return null;
      }
      throw new AssertionError(route + " as " + role + ": " + failure, failure);
    }
  }

  private static boolean redirectsToLogin(HttpResponse<String> response) {
    return response.statusCode() / 100 == 3
        && response.headers().firstValue("Location").orElse("").equals("/login");
  }

  @Test
  void theWalkSendsEveryRequestToTheServerItStarted() {
    assertNotEquals(0, test.server.port());
    assertTrue(test.server.baseUrl().startsWith("http://127.0.0.1:"));
  }
}
