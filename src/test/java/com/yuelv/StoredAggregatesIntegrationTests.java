package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.jpa.repository.support.JpaEntityInformationSupport;
import org.springframework.util.ReflectionUtils;

import jakarta.persistence.EntityManager;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.metamodel.EntityType;

/**
 * Every entity has an assigned identity, so Spring Data cannot tell a new one by an empty identifier: it reads the
 * entity's version instead, which is empty until the entity is stored (decision 0017). One way for all of them, none
 * answering for itself. Spring Data reads the version through an accessor named like the field where there is one, so
 * an accessor that answers 0 for a new entity would make every new entity look stored: the second test would fail.
 */
@EmbeddedModeTest
class StoredAggregatesIntegrationTests {

	@Autowired EntityManager entityManager;

	@Test
	void everyEntityWithAnAssignedIdentityCarriesAVersionThatMayBeEmpty() {
		var entities = entityManager.getMetamodel().getEntities().stream()
				.filter(entity -> entity.getJavaType().getPackageName().startsWith("com.yuelv."))
				.filter(entity -> !generated(entity))
				.toList();

		assertThat(entities).extracting(EntityType::getName)
				.contains("Account", "RefreshToken", "Trip", "Roster", "JoinRequest", "InboxEntry");
		assertThat(entities).allSatisfy(entity -> {
			assertThat(entity.hasVersionAttribute()).as("%s has a version", entity.getName()).isTrue();
			var version = entity.getSingularAttributes().stream().filter(attribute -> attribute.isVersion()).findFirst()
					.orElseThrow();
			assertThat(version.getJavaType().isPrimitive()).as("%s's version may be empty", entity.getName()).isFalse();
		});
	}

	@Test
	void anEntityIsNewUntilItsVersionIsSet() throws Exception {
		for (var entity : entityManager.getMetamodel().getEntities()) {
			if (!entity.getJavaType().getPackageName().startsWith("com.yuelv.") || generated(entity)) {
				continue;
			}
			@SuppressWarnings("unchecked")
			var type = (Class<Object>) entity.getJavaType();
			var information = JpaEntityInformationSupport.getEntityInformation(type, entityManager);
			var constructor = type.getDeclaredConstructor();
			constructor.setAccessible(true);
			Object made = constructor.newInstance();
			assertThat(information.isNew(made)).as("a %s just made is new", entity.getName()).isTrue();

			var version = (Field) entity.getSingularAttributes().stream().filter(attribute -> attribute.isVersion())
					.findFirst().orElseThrow().getJavaMember();
			ReflectionUtils.makeAccessible(version);
			ReflectionUtils.setField(version, made, 0L);
			assertThat(information.isNew(made)).as("a %s stored once is not new", entity.getName()).isFalse();
		}
	}

	private static boolean generated(EntityType<?> entity) {
		var id = entity.getId(entity.getIdType().getJavaType());
		return id.getJavaMember() instanceof Field field && field.isAnnotationPresent(GeneratedValue.class);
	}
}
