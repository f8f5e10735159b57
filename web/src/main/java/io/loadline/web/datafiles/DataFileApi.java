package io.loadline.web.datafiles;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.loadline.web.auth.Access;
import io.loadline.web.http.ErrorMapping;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeder data files through the API: {@code PUT /api/v1/data/{name}} (operators) stores the request
 * body as {@code name} in the data directory, where plans' {@code csv} and {@code json} feeders
 * read it; {@code GET /api/v1/data} (viewers) lists the files stored there.
 *
 * <p>A name is one file name of letters, digits, {@code .}, {@code _} and {@code -}, starting with
 * a letter or digit and ending in {@code .csv}, {@code .json}, {@code .jsonl} or {@code .ndjson}:
 * no directories, so nothing outside the data directory, and never the database beside it. A body
 * over {@link #MAX_FILE_BYTES} is answered 413 and nothing is stored. A file is written to a
 * temporary file first and then moved over the old one, so a run reading it sees the old or the new
 * file, never half of one. Thread-safe; two uploads of one name at once end with one of them.
 */
public final class DataFileApi {

  private static final Logger LOG = LoggerFactory.getLogger(DataFileApi.class);

  /** The largest file accepted: 32 MiB. */
  public static final long MAX_FILE_BYTES = 32L * 1024 * 1024;

  /** The names a file may have. */
  static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}\\.(csv|json|jsonl|ndjson)");

  private static final int COPY_BUFFER_BYTES = 64 * 1024;

  private final Path dataDirectory;
  private final long maxFileBytes;

  /** Stores files in {@code dataDirectory}, up to {@link #MAX_FILE_BYTES} each. */
  public DataFileApi(Path dataDirectory) {
    this(dataDirectory, MAX_FILE_BYTES);
  }

  DataFileApi(Path dataDirectory, long maxFileBytes) {
    this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
    this.maxFileBytes = maxFileBytes;
  }

  public void addRoutes(RouteTable.Builder table) {
    table
        .get("/api/v1/data", Access.VIEWER, this::list)
        // The file name is the route's {id}, the one path parameter every route-walking test fills.
        .put("/api/v1/data/{id}", Access.OPERATOR, "data.upload", this::upload);
  }

  private void list(Context context) {
    try (Stream<Path> files = Files.list(dataDirectory)) {
      context.json(
          files
              .filter(file -> NAME.matcher(file.getFileName().toString()).matches())
              .filter(Files::isRegularFile)
              .map(DataFileApi::describe)
              .sorted(Comparator.comparing(StoredFile::name))
              .toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the data directory " + dataDirectory, e);
    }
  }

  private void upload(Context context) {
    String name = context.pathParam("id");
    RequestState.auditTarget(context, "data:" + name);
    if (!NAME.matcher(name).matches()) {
      throw new BadRequestResponse(
          "'"
              + name
              + "' is not a data file name: use letters, digits, '.', '_' and '-', start with a"
              + " letter or digit, and end with .csv, .json, .jsonl or .ndjson (such as"
              + " users.csv).");
    }
    long declared = context.contentLength();
    if (declared > maxFileBytes) {
      throw tooLarge(declared);
    }
    Path target = dataDirectory.resolve(name);
    boolean replaced = Files.exists(target);
    long bytes = store(context, target);
    LOG.info("Data file '{}' stored ({} bytes)", name, bytes);
    context.status(replaced ? HttpStatus.OK : HttpStatus.CREATED);
    context.json(new StoredFile(name, bytes, Instant.now().toString()));
  }

  /** Streams the body to a temporary file, then moves it into place; returns its size. */
  private long store(Context context, Path target) {
    Path temporary = null;
    try {
      temporary = Files.createTempFile(dataDirectory, ".upload-", ".tmp");
      long bytes = copyAtMost(context.bodyInputStream(), temporary);
      moveIntoPlace(temporary, target);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the data file " + target.getFileName(), e);
    } finally {
      deleteQuietly(temporary);
    }
  }

  private long copyAtMost(InputStream body, Path temporary) throws IOException {
    long total = 0;
    byte[] buffer = new byte[COPY_BUFFER_BYTES];
    try (InputStream in = body;
        OutputStream out = Files.newOutputStream(temporary)) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        total += read;
        if (total > maxFileBytes) {
          throw tooLarge(total);
        }
        out.write(buffer, 0, read);
      }
    }
    return total;
  }

  private static void moveIntoPlace(Path temporary, Path target) throws IOException {
    try {
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path temporary) {
    if (temporary == null) {
      return;
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      LOG.warn("Could not delete the temporary upload {}: {}", temporary, e.toString());
    }
  }

  private ContentTooLargeResponse tooLarge(long bytes) {
    return new ContentTooLargeResponse(
        "The data file is larger than the limit of "
            + ErrorMapping.byteLimit(maxFileBytes)
            + " a data file may have (it has at least "
            + bytes
            + " bytes); split it or trim it.");
  }

  private static StoredFile describe(Path file) {
    try {
      return new StoredFile(
          file.getFileName().toString(),
          Files.size(file),
          Files.getLastModifiedTime(file).toInstant().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.getFileName(), e);
    }
  }

  /**
   * A stored data file as the API shows it. Immutable.
   *
   * @param name its name in the data directory, as plans' {@code file} settings name it
   * @param bytes its size
   * @param modified when it was last written, ISO-8601 UTC
   */
  public record StoredFile(String name, long bytes, String modified) {}
}
