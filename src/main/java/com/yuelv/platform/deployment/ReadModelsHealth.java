package com.yuelv.platform.deployment;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import com.yuelv.shared.ReadModel;

/**
 * Part of the deployment's readiness ({@code readModels}): out of service until every read model of the modules it
 * runs has caught up with its sources, so that a deployment taking over a module with a derived store (search, when
 * the season changes) gets no traffic while its store is behind. A deployment without read models is ready at once.
 */
@Component("readModels")
class ReadModelsHealth implements HealthIndicator {

	private final List<ReadModel> readModels;

	ReadModelsHealth(List<ReadModel> readModels) {
		this.readModels = List.copyOf(readModels);
	}

	@Override
	public Health health() {
		var behind = readModels.stream().filter(model -> !model.caughtUp()).map(ReadModel::name).toList();
		return behind.isEmpty() ? Health.up().build() : Health.outOfService().withDetail("behind", behind).build();
	}
}
