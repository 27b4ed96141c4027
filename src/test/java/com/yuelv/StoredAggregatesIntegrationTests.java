package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.jpa.repository.support.JpaEntityInformationSupport;
import org.springframework.data.jpa.repository.support.JpaPersistableEntityInformation;

import com.yuelv.booking.internal.JoinRequest;
import com.yuelv.identity.internal.Account;
import com.yuelv.identity.internal.RefreshToken;
import com.yuelv.notification.internal.InboxEntry;
import com.yuelv.trip.internal.Trip;

import jakarta.persistence.EntityManager;

/**
 * Every aggregate with an assigned identity tells Spring Data itself whether it is new. Otherwise Spring Data reads
 * its version through a bean wrapper, which for a field without a getter throws and catches an exception on every
 * save: one per join request, for the organizer's inbox entry.
 */
@EmbeddedModeTest
class StoredAggregatesIntegrationTests {

	@Autowired EntityManager entityManager;

	@ParameterizedTest
	@ValueSource(classes = { Account.class, RefreshToken.class, Trip.class, JoinRequest.class, InboxEntry.class })
	void tellNewFromStoredThemselves(Class<?> aggregate) {
		var information = JpaEntityInformationSupport.getEntityInformation(aggregate, entityManager);

		assertThat(information).isInstanceOf(JpaPersistableEntityInformation.class);
		assertThat(information.getIdType()).isEqualTo(UUID.class);
	}
}
