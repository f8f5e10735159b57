package io.loadline.web;

/** Recordings for import tests. Their URLs name a loopback port nothing listens on. */
public final class Recordings {

  /** A two-request recording with a stylesheet between them and 2 s of idle time. */
  public static final String HAR =
      """
      {"log": {"version": "1.2", "entries": [
        {"startedDateTime": "2026-12-03T10:00:00.000Z", "time": 100,
         "request": {"method": "GET", "url": "http://127.0.0.1:9/home",
                     "headers": [{"name": "Accept", "value": "text/html"},
                                 {"name": "Connection", "value": "keep-alive"}]},
         "response": {"status": 200, "headers": [], "content": {"mimeType": "text/html"}}},
        {"startedDateTime": "2026-12-03T10:00:00.150Z", "time": 5,
         "request": {"method": "GET", "url": "http://127.0.0.1:9/site.css", "headers": []},
         "response": {"status": 200, "headers": [], "content": {"mimeType": "text/css"}}},
        {"startedDateTime": "2026-12-03T10:00:02.100Z", "time": 30,
         "request": {"method": "POST", "url": "http://127.0.0.1:9/cart",
                     "headers": [{"name": "Content-Type", "value": "application/json"}],
                     "postData": {"mimeType": "application/json", "text": "{\\"item\\": 7}"}},
         "response": {"status": 201, "headers": [], "content": {"mimeType": "application/json"}}}
      ]}}
      """;

  private Recordings() {}
}
