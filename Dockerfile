# syntax=docker/dockerfile:1
# The application image: a layered Spring Boot JAR on a JDK 25 runtime with an AOT cache trained at build time.
#   docker build -t registry.yuelv.app/yuelv:0.1.0-SNAPSHOT .                        the single JAR (off-season)
#   docker build --build-arg DEPLOYMENT=search -t registry.yuelv.app/yuelv-search:0.1.0-SNAPSHOT .
#                                    one deployment of a split topology (TOPOLOGY, peak-season by default): its own
#                                    artifact from ./mvnw -Psplit package, holding and running only its modules

FROM eclipse-temurin:25-jdk AS build
ARG DEPLOYMENT=
ARG TOPOLOGY=peak-season
WORKDIR /src
# dependencies first, so that a change of the code does not download them again
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
COPY split-config/ split-config/
COPY deploy/ deploy/
RUN if [ -n "$DEPLOYMENT" ]; then \
      ./mvnw -B -q -DskipTests -Psplit -Dsplit.images.skip -Dsplit.topology="split-config/$TOPOLOGY.yaml" package \
      && cp target/split/yuelv-*-"$DEPLOYMENT".jar application.jar; \
    else \
      ./mvnw -B -q -DskipTests package && cp target/yuelv-*.jar application.jar; \
    fi \
 && java -Djarmode=tools -jar application.jar extract --layers --destination /layers

FROM eclipse-temurin:25-jre AS runtime
RUN groupadd --system yuelv && useradd --system --gid yuelv --home /app yuelv
WORKDIR /app
# least changing layers first
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# the extracted application.jar names its libraries in its manifest, so the JVM's own class loader loads them and
# one training run (start the context, then exit) can record them all in an AOT cache
# (a split deployment's clients need its peers' addresses to be made; none is called during the training run)
RUN java -XX:AOTCacheOutput=/app/app.aot -Dspring.context.exit=onRefresh -Dyuelv.data-dir=/tmp/training \
        -Dyuelv.split.peers.trip=http://localhost:9 -Dyuelv.split.peers.identity=http://localhost:9 \
        -jar application.jar \
 && rm -rf /tmp/training
USER yuelv
EXPOSE 8080
ENV YUELV_DATA_DIR=/app/data
ENTRYPOINT ["java", "-XX:AOTCache=/app/app.aot", "-jar", "application.jar"]
