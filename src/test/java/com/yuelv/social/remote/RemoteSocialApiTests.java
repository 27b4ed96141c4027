package com.yuelv.social.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;

import com.yuelv.DirectDependencies;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * The social module's API in a deployment that does not run it: each call goes to the contract with the same
 * arguments and gives back its answer; when the social deployment cannot be reached, the call is refused as
 * unavailable, never answered from a guess.
 */
class RemoteSocialApiTests {

	private final SocialApiHttp http = mock(SocialApiHttp.class);
	private final DirectDependencies dependencies = new DirectDependencies();
	private final RemoteSocialApi social = new RemoteSocialApi(http, dependencies);
	private final UserId ann = UserId.random();
	private final UserId ben = UserId.random();

	@Test
	void passesFollowsAlongTheContract() {
		when(http.following(ann.value(), null, 50)).thenReturn(List.of(ben));
		when(http.following(ann.value(), ben.value(), 50)).thenReturn(List.of());
		when(http.followsAmong(ann.value(), List.of(ben.value()))).thenReturn(Set.of(ben));

		assertThat(social.following(ann, null, 50)).containsExactly(ben);
		assertThat(social.following(ann, ben, 50)).isEmpty();
		assertThat(social.followsAmong(ann, List.of(ben))).containsExactly(ben);
		assertThat(dependencies.degraded()).isEmpty();
	}

	@Test
	void asksNothingForNoCandidates() {
		assertThat(social.followsAmong(ann, List.of())).isEmpty();
		verifyNoInteractions(http);
	}

	@Test
	void failsClosedWhenTheSocialDeploymentCannotBeReached() {
		when(http.followsAmong(ann.value(), List.of(ben.value()))).thenThrow(new ResourceAccessException("refused"));
		when(http.following(ann.value(), null, 10)).thenThrow(new ResourceAccessException("refused"));
		when(http.blocksAround(ann.value())).thenThrow(new ResourceAccessException("refused"));

		for (var call : List.<Runnable>of(() -> social.followsAmong(ann, List.of(ben)),
				() -> social.following(ann, null, 10), () -> social.around(ann))) {
			assertThatThrownBy(call::run).isInstanceOfSatisfying(Rejection.class,
					rejection -> assertThat(rejection.kind()).isEqualTo(Rejection.Kind.UNAVAILABLE));
		}
	}
}
