package io.loadline.web.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.store.User;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The first start's password banner names a recovery command that exists. */
class InitialAdminBannerTest {

  @Test
  void theBannerShowsThePasswordOnceAndTheJarCommandThatResetsIt() {
    User admin = new User(1, InitialAdmin.USERNAME, "hash", "admin", false, Instant.EPOCH, 0);
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    new InitialAdmin.Created(admin, "generated-password-1")
        .announce(new PrintStream(console, true, StandardCharsets.UTF_8));

    String banner = console.toString(StandardCharsets.UTF_8);
    assertTrue(banner.contains("password: generated-password-1"), banner);
    assertTrue(
        banner.contains(
            "Stop the server and run: java -jar web/target/loadline.jar admin reset-password"),
        banner);
    assertFalse(banner.contains("run: loadline admin"), banner);
  }
}
