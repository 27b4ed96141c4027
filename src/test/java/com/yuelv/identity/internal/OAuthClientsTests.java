package com.yuelv.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.yuelv.identity.internal.OAuthClients.Client;
import com.yuelv.identity.internal.OAuthClients.Kind;

class OAuthClientsTests {

	static final Client WEB = new Client(Kind.FIRST_PARTY, List.of(URI.create("https://yuelv.app/auth/callback")),
			Set.of(), null);
	static final Client PARTNER = new Client(Kind.PARTNER, List.of(), Set.of("trips:read"), "$argon2id$hash");

	@Test
	void acceptsFirstPartyAppsAndPartnersAndNamesTheFormTargets() {
		var clients = clients(Map.of("web", WEB, "ota", PARTNER,
				"local", new Client(Kind.FIRST_PARTY, List.of(URI.create("http://localhost:5173/cb")), Set.of(), null)));
		assertThat(clients.redirectOrigins()).containsExactly("http://localhost:5173", "https://yuelv.app");
	}

	@Test
	void refusesRedirectsThatAreNotHttpsOrAreRelativeOrCarryAFragment() {
		for (var uri : List.of("http://yuelv.app/cb", "/cb", "https://yuelv.app/cb#x", "yuelv://cb")) {
			assertThatIllegalArgumentException().isThrownBy(() -> clients(Map.of("web",
					new Client(Kind.FIRST_PARTY, List.of(URI.create(uri)), Set.of(), null))))
					.withMessageContaining("yuelv.identity.oauth.clients.web.redirect-uris");
		}
	}

	@Test
	void aFirstPartyAppHoldsNoSecretAndAPartnerNeedsOneAndScopesAndNoRedirect() {
		assertThatIllegalArgumentException().isThrownBy(() -> clients(Map.of("web", new Client(Kind.FIRST_PARTY,
				WEB.redirectUris(), Set.of(), "$argon2id$hash")))).withMessageContaining(".secret");
		assertThatIllegalArgumentException().isThrownBy(() -> clients(Map.of("ota", new Client(Kind.PARTNER,
				List.of(), Set.of("trips:read"), null)))).withMessageContaining(".secret");
		assertThatIllegalArgumentException().isThrownBy(() -> clients(Map.of("ota", new Client(Kind.PARTNER,
				List.of(), Set.of(), "$argon2id$hash")))).withMessageContaining(".scopes");
		assertThatIllegalArgumentException().isThrownBy(() -> clients(Map.of("ota", new Client(Kind.PARTNER,
				WEB.redirectUris(), Set.of("trips:read"), "$argon2id$hash")))).withMessageContaining(".redirect-uris");
	}

	@Test
	void refusesMalformedIdsScopesAndLifetimes() {
		assertThatIllegalArgumentException().isThrownBy(() -> clients(Map.of("Web App", WEB)))
				.withMessageContaining("client id");
		assertThatIllegalArgumentException().isThrownBy(() -> clients(Map.of("ota", new Client(Kind.PARTNER,
				List.of(), Set.of("everything"), "$argon2id$hash")))).withMessageContaining("resource:action");
		assertThatIllegalArgumentException().isThrownBy(() -> new OAuthClients(Map.of(), Duration.ofMinutes(30),
				Duration.ofMinutes(5))).withMessageContaining("authorization-code-ttl");
	}

	private static OAuthClients clients(Map<String, Client> clients) {
		return new OAuthClients(clients, Duration.ofMinutes(5), Duration.ofMinutes(5));
	}
}
