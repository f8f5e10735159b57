package io.loadline.importer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one {@code curl} command line (as "Copy as cURL" gives it) into a request. Thread-safe.
 *
 * <p>Understood: the URL (bare or {@code --url}), {@code -X/--request}, {@code -H/--header}, {@code
 * -d/--data}, {@code --data-raw}, {@code --data-binary}, {@code --data-ascii} (several are joined
 * with {@code &}; data without {@code -X} makes a POST with {@code Content-Type:
 * application/x-www-form-urlencoded} unless a header sets one), {@code -u/--user} (a basic {@code
 * Authorization} header), {@code -b/--cookie} (a {@code Cookie} header), {@code -A/--user-agent},
 * {@code -e/--referer}, {@code -L/--location} (the step follows redirects), and {@code
 * --compressed}, {@code -k/--insecure}, {@code -s/--silent}, {@code -S}, {@code -i}, {@code -v}
 * (ignored: they change nothing a load test sends). Headers follow {@link HeaderRules} (a command
 * has no responses, so its cookies are all kept). Any other option is refused by name. Data read
 * from a file ({@code -d @file}) is refused: the server never reads local files named in an import.
 */
public final class CurlImporter {

  private static final List<String> IGNORED =
      List.of(
          "--compressed",
          "-k",
          "--insecure",
          "-s",
          "--silent",
          "-S",
          "-sS",
          "--show-error",
          "-i",
          "--include",
          "-v",
          "--verbose",
          "-g",
          "--globoff");

  /** What the command asks for, collected while its options are read. */
  private static final class Command {
    String method;
    String url;
    final Map<String, String> headers = new LinkedHashMap<>();
    final List<String> data = new ArrayList<>();
    boolean followRedirects;
  }

  /**
   * The request a curl command line sends, and whether it follows redirects.
   *
   * @throws ImportException naming the option or part that cannot be imported
   */
  public ImportedStep.Request read(String commandLine) {
    List<String> words = ShellWords.split(commandLine == null ? "" : commandLine.strip());
    if (words.isEmpty() || !words.get(0).equals("curl")) {
      throw new ImportException("The command must start with 'curl', such as curl 'https://...'");
    }
    Command command = new Command();
    for (int index = 1; index < words.size(); index++) {
      index = readWord(words, index, command);
    }
    if (command.url == null) {
      throw new ImportException(
          "The curl command names no URL; add one such as 'http://host/path'");
    }
    String lowerUrl = command.url.toLowerCase(Locale.ROOT);
    if (!lowerUrl.startsWith("http://") && !lowerUrl.startsWith("https://")) {
      throw new ImportException(
          "The URL '" + command.url + "' is not http or https; write it with its scheme");
    }
    return new ImportedStep.Request(toRequest(command), command.followRedirects);
  }

  /** Reads the word at {@code index} (and its value); returns the index of the last word used. */
  private static int readWord(List<String> words, int index, Command command) {
    String word = words.get(index);
    if (!word.startsWith("-") || word.equals("-")) {
      setUrl(command, word);
      return index;
    }
    if (IGNORED.contains(word)) {
      return index;
    }
    String option = word;
    String value;
    int used = index;
    if (word.length() > 2 && !word.startsWith("--") && takesValue(word.substring(0, 2))) {
      option = word.substring(0, 2);
      value = word.substring(2);
    } else if (word.equals("-L") || word.equals("--location")) {
      command.followRedirects = true;
      return index;
    } else if (takesValue(word)) {
      if (index + 1 >= words.size()) {
        throw new ImportException("The curl option " + word + " needs a value after it");
      }
      value = words.get(index + 1);
      used = index + 1;
    } else {
      throw new ImportException(
          "The curl option "
              + word
              + " is not supported; supported are the URL, -X, -H, -d, --data-raw,"
              + " --data-binary, -u, -b, -A, -e, -L and --compressed");
    }
    apply(option, value, command);
    return used;
  }

  private static boolean takesValue(String option) {
    return switch (option) {
      case "-X",
          "--request",
          "-H",
          "--header",
          "-d",
          "--data",
          "--data-raw",
          "--data-binary",
          "--data-ascii",
          "--url",
          "-u",
          "--user",
          "-b",
          "--cookie",
          "-A",
          "--user-agent",
          "-e",
          "--referer" ->
          true;
      default -> false;
    };
  }

  private static void apply(String option, String value, Command command) {
    switch (option) {
      case "-X", "--request" -> command.method = value.strip().toUpperCase(Locale.ROOT);
      case "-H", "--header" -> header(command, value);
      case "-d", "--data", "--data-binary", "--data-ascii" -> {
        if (value.startsWith("@")) {
          throw new ImportException(
              "The curl option "
                  + option
                  + " reads the file "
                  + value.substring(1)
                  + ", which an import cannot; paste the data itself with --data-raw");
        }
        command.data.add(value);
      }
      case "--data-raw" -> command.data.add(value);
      case "--url" -> setUrl(command, value);
      case "-u", "--user" -> command.headers.put("Authorization", basic(value));
      case "-b", "--cookie" -> {
        if (!value.contains("=")) {
          throw new ImportException(
              "The curl option " + option + " names a cookie file; give the cookies as name=value");
        }
        command.headers.merge("Cookie", value, (first, second) -> first + "; " + second);
      }
      case "-A", "--user-agent" -> command.headers.put("User-Agent", value);
      case "-e", "--referer" -> command.headers.put("Referer", value);
      default -> throw new IllegalStateException("no handler for " + option);
    }
  }

  private static void setUrl(Command command, String url) {
    if (command.url != null) {
      throw new ImportException(
          "The curl command names two URLs ('"
              + command.url
              + "' and '"
              + url
              + "'); import one"
              + " request per command");
    }
    command.url = url;
  }

  private static void header(Command command, String line) {
    int colon = line.indexOf(':');
    if (colon <= 0) {
      throw new ImportException("The header '" + line + "' is not 'Name: value'");
    }
    String name = line.substring(0, colon).strip();
    String value = line.substring(colon + 1).strip();
    if (!HeaderRules.isDropped(name)) {
      command.headers.put(name, value);
    }
  }

  private static String basic(String userAndPassword) {
    String pair = userAndPassword.contains(":") ? userAndPassword : userAndPassword + ":";
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static RecordedRequest toRequest(Command command) {
    String body = command.data.isEmpty() ? null : String.join("&", command.data);
    String method = command.method != null ? command.method : body == null ? "GET" : "POST";
    Map<String, String> headers = new LinkedHashMap<>(command.headers);
    if (body != null && headers.keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
      headers.put("Content-Type", "application/x-www-form-urlencoded");
    }
    return new RecordedRequest(method, command.url, headers, body);
  }
}
