package com.yuelv.platform.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.scheduling.annotation.Scheduled;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The queues of the local modules that listen to other deployments, and their dead letters: how many messages each
 * holds (the gauge {@code yuelv.transport.queue.depth}, read every {@code yuelv.events.backlog-interval}), a look at
 * the dead letters with their reasons, and the replay of one dead letter into its module's queue, where it is taken in
 * like any event (the inbox recognises one taken in before).
 */
public final class DeadLetters {

	private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

	/** A message in a module's dead-letter queue. */
	public record DeadLetter(@Nullable String messageId, @Nullable String type, @Nullable String reason, int bytes) {}

	/** How many messages wait in a module's queue and in its dead-letter queue. */
	public record Depth(long queued, long deadLetters) {}

	private final Set<String> modules;
	private final RabbitTemplate rabbit;
	private final CrossDeploymentSettings settings;
	private final Map<String, Depth> depths = new ConcurrentHashMap<>();
	private final DefaultMessagePropertiesConverter properties = new DefaultMessagePropertiesConverter();

	DeadLetters(Set<String> listeningModules, RabbitTemplate rabbit, CrossDeploymentSettings settings,
			MeterRegistry meters) {
		this.modules = new TreeSet<>(listeningModules);
		this.rabbit = rabbit;
		this.settings = settings;
		for (var module : modules) {
			depths.put(module, new Depth(0, 0));
			Gauge.builder("yuelv.transport.queue.depth", depths, it -> it.get(module).queued())
					.tag("module", module).tag("queue", "events")
					.description("Messages waiting in a listening module's queue").register(meters);
			Gauge.builder("yuelv.transport.queue.depth", depths, it -> it.get(module).deadLetters())
					.tag("module", module).tag("queue", "dead-letters")
					.description("Messages waiting in a listening module's queue").register(meters);
		}
	}

	public Set<String> modules() {
		return modules;
	}

	/** The latest reading of each listening module's queues. */
	public Map<String, Depth> depths() {
		return new TreeMap<>(depths);
	}

	@Scheduled(initialDelayString = "${yuelv.events.backlog-interval:15s}",
			fixedDelayString = "${yuelv.events.backlog-interval:15s}")
	public void refresh() {
		for (var module : modules) {
			try {
				depths.put(module, new Depth(count(settings.queue(module)), count(settings.deadLetterQueue(module))));
			}
			catch (RuntimeException e) {
				LOG.warn("Could not read the depth of module {}'s queues: {}", module, e.toString());
			}
		}
	}

	private long count(String queue) {
		Integer count = rabbit.execute(channel -> channel.queueDeclarePassive(queue).getMessageCount());
		return count == null ? 0 : count;
	}

	/** The first dead letters of a module, oldest first; they stay where they are. */
	public List<DeadLetter> peek(String module, int limit) {
		var queue = settings.deadLetterQueue(known(module));
		var seen = new ArrayList<DeadLetter>();
		rabbit.execute(channel -> {
			var held = new ArrayList<Long>();
			try {
				GetResponse response;
				while (seen.size() < limit && (response = channel.basicGet(queue, false)) != null) {
					held.add(response.getEnvelope().getDeliveryTag());
					seen.add(describe(response));
				}
			}
			finally {
				release(channel, held);
			}
			return null;
		});
		return seen;
	}

	/**
	 * Sends the dead letter with the given message id back into its module's queue, confirmed by the broker, and only
	 * then takes it out of the dead-letter queue.
	 *
	 * @return the dead letter replayed, or {@code null} when the module's dead letters hold no such message
	 */
	public @Nullable DeadLetter replay(String module, String messageId) {
		var queue = settings.deadLetterQueue(known(module));
		return rabbit.execute(channel -> {
			var held = new ArrayList<Long>();
			try {
				GetResponse response;
				while ((response = channel.basicGet(queue, false)) != null) {
					var tag = response.getEnvelope().getDeliveryTag();
					if (!messageId.equals(response.getProps().getMessageId())) {
						held.add(tag);
						continue;
					}
					var letter = describe(response);
					resend(module, response);
					channel.basicAck(tag, false);
					return letter;
				}
				return null;
			}
			finally {
				release(channel, held);
			}
		});
	}

	private void resend(String module, GetResponse response) {
		var props = properties.toMessageProperties(response.getProps(), response.getEnvelope(),
				StandardCharsets.UTF_8.name());
		var message = MessageBuilder.withBody(response.getBody()).copyProperties(props)
				.removeHeader(EventMessages.DEAD_REASON).removeHeader(EventMessages.DEAD_QUEUE)
				.build();
		// straight into the module's queue through the default exchange: no other module hears the event again
		EventMessages.sendConfirmed(rabbit, "", settings.queue(module), message, settings.confirmTimeout(),
				"the replayed message");
	}

	private DeadLetter describe(GetResponse response) {
		MessageProperties props = properties.toMessageProperties(response.getProps(), response.getEnvelope(),
				StandardCharsets.UTF_8.name());
		return new DeadLetter(props.getMessageId(), header(props, EventMessages.TYPE),
				header(props, EventMessages.DEAD_REASON), response.getBody().length);
	}

	private static @Nullable String header(MessageProperties props, String name) {
		var value = props.getHeader(name);
		return value == null ? null : value.toString();
	}

	private static void release(Channel channel, List<Long> held) throws IOException {
		for (var tag : held) {
			channel.basicNack(tag, false, true);
		}
	}

	private String known(String module) {
		if (!modules.contains(module)) {
			throw new IllegalArgumentException("module must be one of %s, which listen to other deployments here, not %s"
					.formatted(String.join(", ", modules), module));
		}
		return module;
	}
}
