# Loadline server image.
#   docker build -t loadline .
#   docker run -p 8080:8080 -v loadline-data:/data loadline
# The first start prints the generated admin password once; set LOADLINE_ADMIN_PASSWORD to choose it.

# Build stage: the whole reactor, without tests (CI runs them).
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q package -DskipTests -Dspotless.apply.skip=true

# Runtime stage: a JRE and the shaded jar, run as an unprivileged user.
FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --home-dir /app loadline \
 && mkdir -p /app /data /app/plugins \
 && chown loadline /data
COPY --from=build /src/web/target/loadline.jar /app/loadline.jar
USER loadline
WORKDIR /app
ENV LOADLINE_DATA_DIR=/data \
    LOADLINE_PLUGINS_DIR=/app/plugins
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/loadline.jar", "serve", "--host", "0.0.0.0"]
