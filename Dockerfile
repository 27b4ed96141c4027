# syntax=docker/dockerfile:1
# The application image: a layered Spring Boot JAR on a JDK 25 runtime with an AOT cache trained at build time.
#   docker build -t registry.yuelv.app/yuelv:0.1.0-SNAPSHOT .
# Until the split build makes an artifact per deployment, every deployment of deploy/ runs this image.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
# dependencies first, so that a change of the code does not download them again
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
COPY split-config/ split-config/
RUN ./mvnw -B -q -DskipTests package \
 && cp target/yuelv-*.jar application.jar \
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
RUN java -XX:AOTCacheOutput=/app/app.aot -Dspring.context.exit=onRefresh -Dyuelv.data-dir=/tmp/training \
        -jar application.jar \
 && rm -rf /tmp/training
USER yuelv
EXPOSE 8080
ENV YUELV_DATA_DIR=/app/data
ENTRYPOINT ["java", "-XX:AOTCache=/app/app.aot", "-jar", "application.jar"]
