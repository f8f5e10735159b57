package io.loadline.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadline.store.User;
import io.loadline.web.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersApiTest {

  @TempDir static Path dataDirectory;
  private static TestServer test;
  private static String admin;

  @BeforeAll
  static void startServer() {
    test = TestServer.start(dataDirectory);
    admin = test.adminToken();
  }

  @AfterAll
  static void stopServer() {
    test.close();
  }

  @Test
  void anAdminCreatesListsReadsAndChangesTheRoleOfAUserWithoutEverSeeingAPassword() {
    HttpResponse<String> created =
        test.sendJson(
            "POST",
            "/api/v1/users",
            admin,
            "{\"username\":\"paula\",\"password\":\"paula-password-1\",\"role\":\"viewer\"}");
    assertEquals(201, created.statusCode(), created.body());
    JsonNode user = test.readJson(created.body());
    long id = user.get("id").asLong();
    assertEquals("viewer", user.get("role").asText());
    assertEquals("/api/v1/users/" + id, created.headers().firstValue("Location").orElseThrow());

    HttpResponse<String> promoted =
        test.sendJson("PUT", "/api/v1/users/" + id + "/role", admin, "{\"role\":\"operator\"}");
    assertEquals(200, promoted.statusCode(), promoted.body());
    assertEquals("operator", test.readJson(promoted.body()).get("role").asText());
    HttpResponse<String> list = test.get("/api/v1/users", admin);
    HttpResponse<String> one = test.get("/api/v1/users/" + id, admin);

    for (HttpResponse<String> response : java.util.List.of(created, promoted, list, one)) {
      assertFalse(response.body().contains("paula-password-1"), response.body());
      assertFalse(response.body().contains("pbkdf2"), response.body());
      assertFalse(response.body().toLowerCase().contains("hash"), response.body());
    }
    assertTrue(list.body().contains("\"paula\""));
    assertEquals(200, one.statusCode());
  }

  @Test
  void invalidUserRequestsNameEveryProblemAtOnce() {
    HttpResponse<String> response =
        test.sendJson(
            "POST",
            "/api/v1/users",
            admin,
            "{\"username\":\"bad name!\",\"password\":\"short\",\"role\":\"root\"}");
    assertEquals(400, response.statusCode());
    String error = test.readJson(response.body()).get("error").asText();
    assertTrue(error.contains("'username'"), error);
    assertTrue(error.contains("'password'"), error);
    assertTrue(error.contains("'role'"), error);
    assertFalse(error.contains("short"), error);
  }

  @Test
  void aTakenUsernameIsAConflict() {
    HttpResponse<String> response =
        test.sendJson(
            "POST",
            "/api/v1/users",
            admin,
            "{\"username\":\"ADMIN\",\"password\":\"another-password\",\"role\":\"viewer\"}");
    assertEquals(409, response.statusCode(), response.body());
  }

  @Test
  void disablingAUserRefusesTheirTokenAtOnceAndEnablingLetsThemSignInAgain() {
    User dan = test.createUser("dan", "dan-password-123", "operator");
    String token = test.login("dan", "dan-password-123");
    assertEquals(200, test.get("/api/v1/plans", token).statusCode());

    assertEquals(200, test.sendJson("POST", path(dan, "/disable"), admin, "").statusCode());
    assertEquals(401, test.get("/api/v1/plans", token).statusCode());
    assertEquals(401, loginStatus("dan", "dan-password-123"));

    assertEquals(200, test.sendJson("POST", path(dan, "/enable"), admin, "").statusCode());
    // The session from before the disabling stays ended: enabling is not an undo of a lock-out.
    assertEquals(401, test.get("/api/v1/plans", token).statusCode());
    String again = test.login("dan", "dan-password-123");
    assertEquals(200, test.get("/api/v1/plans", again).statusCode());
  }

  @Test
  void theTokenOfADeletedUserIsRefused() {
    User eve = test.createUser("eve", "eve-password-123", "viewer");
    String token = test.tokenFor(eve);
    assertEquals(200, test.get("/api/v1/plans", token).statusCode());

    assertEquals(204, test.sendJson("DELETE", path(eve, ""), admin, "").statusCode());

    assertEquals(401, test.get("/api/v1/plans", token).statusCode());
    assertEquals(404, test.get(path(eve, ""), admin).statusCode());
  }

  @Test
  void theLastEnabledAdminCannotBeDemotedDisabledOrDeleted() {
    User first = test.server.users().findByUsername("admin").orElseThrow();
    assertEquals(
        409,
        test.sendJson("PUT", path(first, "/role"), admin, "{\"role\":\"viewer\"}").statusCode());
    assertEquals(409, test.sendJson("POST", path(first, "/disable"), admin, "").statusCode());
    assertEquals(409, test.sendJson("DELETE", path(first, ""), admin, "").statusCode());
    assertEquals("admin", test.server.users().find(first.id()).orElseThrow().role());
  }

  @Test
  void twoAdminsDisablingEachOtherAtOnceNeverLeaveTheServerWithoutAnEnabledAdmin(
      @TempDir Path directory) throws Exception {
    TestServer own = TestServer.start(directory);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      User first = own.server.users().findByUsername("admin").orElseThrow();
      List<Integer> refusals = new ArrayList<>();
      for (int round = 0; round < 15; round++) {
        // Exactly two enabled admins, each with a fresh session.
        own.server.users().setDisabled(first.id(), false);
        User second = own.createUser("second" + round, "second-password", "admin");
        String firstToken = own.tokenFor(own.server.users().find(first.id()).orElseThrow());
        String secondToken = own.tokenFor(second);
        CountDownLatch start = new CountDownLatch(1);
        Future<Integer> byFirst = threads.submit(disable(own, start, second, firstToken));
        Future<Integer> bySecond = threads.submit(disable(own, start, first, secondToken));
        start.countDown();
        List<Integer> statuses =
            List.of(byFirst.get(20, TimeUnit.SECONDS), bySecond.get(20, TimeUnit.SECONDS));

        assertEquals(1, statuses.stream().filter(status -> status == 200).count(), "" + statuses);
        // The loser is refused by the last-admin rule, or, if it arrived after the winner's
        // change, its ended session is.
        int refused = statuses.get(0) == 200 ? statuses.get(1) : statuses.get(0);
        assertTrue(refused == 409 || refused == 401, statuses.toString());
        refusals.add(refused);
        long enabledAdmins =
            own.server.users().list().stream()
                .filter(user -> user.role().equals("admin") && !user.disabled())
                .count();
        assertEquals(1, enabledAdmins, statuses.toString());

        own.server.users().setDisabled(first.id(), false);
        own.server.users().delete(second.id());
      }
      assertTrue(refusals.contains(409), "the rule refused none of the races: " + refusals);
    } finally {
      threads.shutdownNow();
      own.close();
    }
  }

  private static Callable<Integer> disable(
      TestServer server, CountDownLatch start, User other, String token) {
    return () -> {
      start.await();
      return server.sendJson("POST", path(other, "/disable"), token, "").statusCode();
    };
  }

  @Test
  void anAdminResetsAPasswordAndTheOldOneAndItsSessionsStopWorking() {
    User fay = test.createUser("fay", "fay-old-password", "viewer");
    String before = test.login("fay", "fay-old-password");
    String key =
        test.readJson(test.sendJson("POST", "/api/v1/keys", before, "{\"name\":\"fay-ci\"}").body())
            .get("key")
            .asText();
    HttpResponse<String> reset =
        test.sendJson("PUT", path(fay, "/password"), admin, "{\"password\":\"fay-new-password\"}");
    assertEquals(204, reset.statusCode(), reset.body());

    assertEquals(401, loginStatus("fay", "fay-old-password"));
    assertEquals(200, loginStatus("fay", "fay-new-password"));
    assertEquals(401, test.get("/api/v1/account", before).statusCode());
    // API keys are revoked on their own, not by a password change (as with GitHub's tokens).
    assertEquals(200, test.get("/api/v1/account", key).statusCode());
    // The admin's own session is not touched by resetting someone else's password.
    assertEquals(200, test.get("/api/v1/users", admin).statusCode());
  }

  @Test
  void aUserChangesTheirOwnPasswordOnlyWithTheCurrentOne() {
    User gil = test.createUser("gil", "gil-old-password", "viewer");
    String token = test.tokenFor(gil);
    String otherDevice = test.login("gil", "gil-old-password");

    HttpResponse<String> wrong =
        test.sendJson(
            "PUT",
            "/api/v1/account/password",
            token,
            "{\"currentPassword\":\"not-my-password\",\"newPassword\":\"gil-new-password\"}");
    assertEquals(403, wrong.statusCode(), wrong.body());
    HttpResponse<String> changed =
        test.sendJson(
            "PUT",
            "/api/v1/account/password",
            token,
            "{\"currentPassword\":\"gil-old-password\",\"newPassword\":\"gil-new-password\"}");
    assertEquals(200, changed.statusCode(), changed.body());
    assertEquals(200, loginStatus("gil", "gil-new-password"));
    // Every session from before the change is ended, the one that made it included; the answer
    // carries the caller's new session.
    assertEquals(401, test.get("/api/v1/account", token).statusCode());
    assertEquals(401, test.get("/api/v1/account", otherDevice).statusCode());
    JsonNode answer = test.readJson(changed.body());
    assertTrue(answer.hasNonNull("expiresAt"), changed.body());
    JsonNode me = test.readJson(test.get("/api/v1/account", answer.get("token").asText()).body());
    assertEquals("gil", me.get("username").asText());
    assertEquals("viewer", me.get("role").asText());
  }

  @Test
  void aNonAdminCannotReachTheUserRoutes() {
    User hal = test.createUser("hal", "hal-password-12", "operator");
    String token = test.tokenFor(hal);
    assertEquals(403, test.get("/api/v1/users", token).statusCode());
    assertEquals(
        403, test.sendJson("PUT", path(hal, "/role"), token, "{\"role\":\"admin\"}").statusCode());
    assertEquals("operator", test.server.users().find(hal.id()).orElseThrow().role());
  }

  private static String path(User user, String suffix) {
    return "/api/v1/users/" + user.id() + suffix;
  }

  private static int loginStatus(String username, String password) {
    return test.sendJson(
            "POST",
            "/api/v1/auth/login",
            null,
            "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
        .statusCode();
  }
}
