package com.yuelv.platform.overload;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Stamps each request with its arrival (see {@link Arrivals}) by wrapping the executor of Tomcat's connector. It
 * runs after Spring Boot has given the connector its virtual-thread executor; with platform threads (Tomcat's own
 * pool, made only when the connector starts) there is nothing to wrap and requests are judged by the concurrency
 * limit alone.
 */
final class ArrivalStamping implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addProtocolHandlerCustomizers(protocol -> {
			var executor = protocol.getExecutor();
			if (executor != null) {
				protocol.setExecutor(Arrivals.stamping(executor, System::nanoTime));
			}
		});
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}
}
