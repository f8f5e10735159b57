package io.loadline.plugins.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CookieJarTest {

  private final CookieJar jar = new CookieJar();

  @Test
  void cookiesGoBackToTheirHostAndPathOnly() {
    jar.store(URI.create("http://127.0.0.1/app/login"), List.of("sid=abc; Path=/app"));
    jar.store(URI.create("http://127.0.0.1/"), List.of("theme=dark"));

    assertEquals("sid=abc; theme=dark", jar.cookieHeader(URI.create("http://127.0.0.1/app/x")));
    assertEquals("theme=dark", jar.cookieHeader(URI.create("http://127.0.0.1/application")));
    assertNull(jar.cookieHeader(URI.create("http://127.0.0.2/app/x")));
  }

  @Test
  void aLaterValueReplacesAndMaxAgeZeroDeletes() {
    URI site = URI.create("http://127.0.0.1/");
    jar.store(site, List.of("sid=one; Path=/"));
    jar.store(site, List.of("sid=two; Path=/"));
    assertEquals("sid=two", jar.cookieHeader(site));
    assertEquals(Map.of("sid", "two"), jar.valuesByName());

    jar.store(site, List.of("sid=gone; Path=/; Max-Age=0"));
    assertNull(jar.cookieHeader(site));
  }

  @Test
  void secureCookiesStayOffPlainHttpAndOtherDomainsAreRefused() {
    jar.store(URI.create("https://localhost/"), List.of("s=1; Secure; Path=/"));
    jar.store(URI.create("http://localhost/"), List.of("evil=1; Domain=example.org; Path=/"));

    assertEquals("s=1", jar.cookieHeader(URI.create("https://localhost/")));
    assertNull(jar.cookieHeader(URI.create("http://localhost/")));
  }
}
