package com.yuelv.identity.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;

import com.yuelv.DirectDependencies;
import com.yuelv.identity.PublicProfile;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * When the identity deployment cannot be reached, a profile is the one last seen, as a degraded answer; a profile not
 * seen, or of an account known to be gone, has none, and a registration has none.
 */
class RemoteIdentityApiTests {

	private final IdentityApiHttp http = mock(IdentityApiHttp.class);
	private final DirectDependencies dependencies = new DirectDependencies();
	private final RemoteIdentityApi identity = new RemoteIdentityApi(http, mock(TokenRevocationsHttp.class),
			dependencies);

	@Test
	void aProfileSeenLatelyIsTheDegradedAnswerWhileTheIdentityDeploymentCannotBeReached() {
		var user = new UserId(UUID.randomUUID());
		var profile = mock(PublicProfile.class);
		when(http.profile(user.value())).thenReturn(profile).thenThrow(new ResourceAccessException("refused"));

		assertThat(identity.profile(user)).containsSame(profile);
		assertThat(dependencies.degraded()).isEmpty();
		assertThat(identity.profile(user)).containsSame(profile);
		assertThat(dependencies.degraded()).containsExactly(RemoteIdentityApi.DEPENDENCY);
	}

	@Test
	void aProfileNotSeenOrGoneAndARegistrationHaveNoDegradedAnswer() {
		var unseen = new UserId(UUID.randomUUID());
		when(http.profile(unseen.value())).thenThrow(new ResourceAccessException("refused"));
		assertThatThrownBy(() -> identity.profile(unseen)).isInstanceOfSatisfying(Rejection.class,
				rejection -> assertThat(rejection.kind()).isEqualTo(Rejection.Kind.UNAVAILABLE));

		var gone = new UserId(UUID.randomUUID());
		when(http.profile(gone.value())).thenReturn(mock(PublicProfile.class))
				.thenThrow(Rejection.notFound(IdentityApiHttp.NO_SUCH_ACCOUNT, "no such account"))
				.thenThrow(new ResourceAccessException("refused"));
		assertThat(identity.profile(gone)).isPresent();
		assertThat(identity.profile(gone)).isEmpty();
		assertThatThrownBy(() -> identity.profile(gone)).isInstanceOf(Rejection.class);

		when(http.register(new IdentityApiHttp.Registration("a@yuelv.test", "a password 123", "A")))
				.thenThrow(new ResourceAccessException("refused"));
		assertThatThrownBy(() -> identity.register("a@yuelv.test", "a password 123", "A"))
				.isInstanceOf(Rejection.class);
		assertThat(dependencies.degraded()).isEmpty();
	}

	@Test
	void displayNamesComeInOneCallAndNoneIsGuessed() {
		var ann = new UserId(UUID.randomUUID());
		var ghost = new UserId(UUID.randomUUID());
		when(http.displayNames(java.util.List.of(ann.value(), ghost.value())))
				.thenReturn(java.util.Map.of(ann.value(), "Ann")).thenThrow(new ResourceAccessException("refused"));

		assertThat(identity.displayNames(java.util.List.of(ann, ghost))).containsExactly(java.util.Map.entry(ann, "Ann"));
		assertThat(identity.displayNames(java.util.List.of())).isEmpty();
		assertThatThrownBy(() -> identity.displayNames(java.util.List.of(ann, ghost))).isInstanceOf(Rejection.class);
	}
}
