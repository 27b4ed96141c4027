package com.yuelv.platform.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.modulith.events.RoutingTarget;

import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.Money;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripPublished;
import com.yuelv.trip.TripStatus;

import tools.jackson.databind.json.JsonMapper;

/**
 * Events per second through the machine's RabbitMQ with publisher confirms, as the externalizer publishes them: a
 * {@code TripPublished} serialized to JSON, sent persistent and mandatory to a durable quorum queue, each publication
 * waiting for its confirm; 8 publishing threads (the outbox publishes concurrently). Run with
 * {@code bench/jmh.sh RabbitPublishBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = { "-Xms512m", "-Xmx512m" })
@Threads(8)
public class RabbitPublishBenchmark {

	@Param({ "quorum" })
	public String queueType;

	final String name = "yuelv-bench-" + UUID.randomUUID();
	CachingConnectionFactory connections;
	RabbitAdmin admin;
	OutgoingEvents outgoing;
	TripDetails trip;

	@Setup(Level.Trial)
	public void start() {
		connections = new CachingConnectionFactory("localhost", 5672);
		connections.setUsername("guest");
		connections.setPassword("guest");
		connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
		connections.setPublisherReturns(true);
		connections.setChannelCacheSize(16);
		var rabbit = new RabbitTemplate(connections);
		rabbit.setMandatory(true);
		admin = new RabbitAdmin(connections);
		TopicExchange exchange = ExchangeBuilder.topicExchange(name).durable(true).build();
		var queue = QueueBuilder.durable(name).quorum().build();
		admin.declareExchange(exchange);
		admin.declareQueue(queue);
		admin.declareBinding(BindingBuilder.bind(queue).to(exchange).with("trip.#"));
		var settings = new CrossDeploymentSettings(name, name + ".dead", name + ".", java.time.Duration.ofSeconds(10),
				4, java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(10), 1, 50,
				java.time.Duration.ofDays(7));
		outgoing = new OutgoingEvents(rabbit, JsonMapper.builder().build(), settings,
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), java.util.Set.of("trip"));
		var start = LocalDate.now().plusDays(30);
		trip = new TripDetails(new TripId(UUID.randomUUID()), UserId.random(), TripStatus.PUBLISHED,
				new LocalizedText(Map.of("zh", "基准行程", "en", "Benchmark trip")),
				new LocalizedText(Map.of("zh", "说明".repeat(50))), "杭州", start, start.plusDays(3), List.of(), 6,
				new Money(BigDecimal.valueOf(2000), java.util.Currency.getInstance("CNY")), List.of("zh", "en"),
				List.of("food"), Instant.now(), Instant.now(), null, null, 1);
	}

	@TearDown(Level.Trial)
	public void stop() {
		admin.deleteQueue(name);
		admin.deleteExchange(name);
		connections.destroy();
	}

	@Benchmark
	public Object publishAndConfirm() {
		var event = new TripPublished(UUID.randomUUID(), Instant.now(), trip);
		return outgoing.publish(RoutingTarget.forTarget(name).andKey("trip.TripPublished"), event).join();
	}
}
