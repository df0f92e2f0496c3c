# Build: the same Maven build as on a developer machine (tests run in CI, not in the image build).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY sql sql
COPY conf conf
RUN mvn -B -q -DskipTests package

# Run: a JRE, the jar and the default configuration, as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN groupadd --system orderlink && useradd --system --gid orderlink --home-dir /var/lib/orderlink --create-home orderlink
WORKDIR /opt/orderlink
COPY --from=build /src/target/orderlink.jar orderlink.jar
COPY conf conf
USER orderlink
ENV ORDERLINK_HOME=/var/lib/orderlink \
    ORDERLINK_LOG_FORMAT=json \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080 8081 8082
# Ready only when the database answers and every verticle is deployed (bash's /dev/tcp: no curl in the image).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${ORDERLINK_METRICS_PORT:-8082} && printf "GET /health/ready HTTP/1.0\r\n\r\n" >&3 && head -n 1 <&3 | grep -q " 200 "'
ENTRYPOINT ["java", "-jar", "/opt/orderlink/orderlink.jar"]
