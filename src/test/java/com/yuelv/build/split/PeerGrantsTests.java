package com.yuelv.build.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.yuelv.identity.remote.IdentityApiHttp;
import com.yuelv.identity.remote.TokenRevocationsHttp;
import com.yuelv.platform.deployment.InternalScopes;
import com.yuelv.platform.deployment.PlaceableModules;
import com.yuelv.platform.privacy.PersonalDataHttp;
import com.yuelv.trip.remote.TripApiHttp;

/**
 * Each deployment of a split is granted by the others what the calls of its modules need, read from the classes, and
 * nothing more.
 */
class PeerGrantsTests {

	@Test
	void aMethodsScopeIsItsApiAndWhetherItOnlyReads() throws Exception {
		assertThat(InternalScopes.of(TripApiHttp.class.getMethod("find", java.util.UUID.class))).contains("trip:read");
		assertThat(InternalScopes.of(TripApiHttp.class.getMethod("publish", java.util.UUID.class,
				java.util.UUID.class))).contains("trip:write");
		// a lookup that posts its long arguments only reads
		assertThat(InternalScopes.of(IdentityApiHttp.class.getMethod("displayNames", List.class)))
			.contains("identity:read");
		assertThat(InternalScopes.of(PersonalDataHttp.class.getMethod("export", String.class, java.util.UUID.class)))
			.contains("personal-data:read");
		assertThat(InternalScopes.of(TokenRevocationsHttp.class.getMethod("revocations", java.time.Instant.class)))
			.contains("revocations:read");
		assertThat(InternalScopes.of(Object.class.getMethod("toString"))).isEmpty();
	}

	@Test
	void searchMayReadTripsAndWriteNothing() {
		assertThat(PeerGrants.needs().get("search")).containsExactly("trip:read");
		var grants = PeerGrants.of(Map.of("trips", List.of("trip", "booking", "geo"), "search", List.of("search"),
				"accounts", List.of("identity", "notification")));
		assertThat(grants.get("trips").get("search")).containsExactly("trip:read");
		assertThat(grants.get("accounts").get("search")).as("the revocations every deployment reads, and no profile")
			.containsExactly("revocations:read");
		assertThat(grants.get("search")).as("search serves no API but its part of an export")
			.containsOnlyKeys("accounts").containsEntry("accounts", new java.util.TreeSet<>(List.of("personal-data:read")));
	}

	@Test
	void aDefaultMethodOfAnApiNeedsWhatTheMethodsItCallsNeed() {
		// geo rebuilds its trip map through TripApi.forEachPublicTrip, a default method paging through publicTrips
		assertThat(PeerGrants.needs().get("geo")).contains("trip:read").doesNotContain("trip:write");
	}

	@Test
	void theTripsDeploymentMayPayAndReadRevocationsButNeitherReadNorChangeAccounts() {
		var grants = PeerGrants.of(TopologyFiles.read(Path.of("split-config/peak-season.yaml"), PlaceableModules.all()));
		assertThat(grants.get("accounts").get("trips")).containsExactly("revocations:read");
		assertThat(grants.get("accounts").get("social")).as("moments and comments name their authors")
			.containsExactly("identity:read", "revocations:read");
		assertThat(grants.get("payments").get("trips")).containsExactly("payment:write");
		assertThat(grants.get("payments")).doesNotContainKeys("search", "social");
	}

	@Test
	void onlyTheDeploymentThatAssemblesExportsReadsTheOthersParts() {
		var grants = PeerGrants.of(TopologyFiles.read(Path.of("split-config/peak-season.yaml"), PlaceableModules.all()));
		grants.forEach((serving, given) -> given.forEach((caller, scopes) -> {
			if (scopes.contains("personal-data:read")) {
				assertThat(caller).as("%s grants an export's part", serving).isEqualTo("accounts");
			}
		}));
	}

	@Test
	void theSplitByHandInTheGuideGrantsWhatItSays() throws Exception {
		var guide = java.nio.file.Files.readString(Path.of("docs/split.md"));
		var grants = PeerGrants.of(Map.of("accounts", List.of("identity", "social", "content", "media", "feed",
				"notification", "demo"), "trips", List.of("trip", "booking", "geo"), "search", List.of("search")));
		grants.forEach((serving, given) -> {
			var section = guide.substring(guide.indexOf("--yuelv.split.deployment=" + serving));
			section = section.substring(0, section.indexOf('&'));
			var documented = new java.util.TreeMap<String, java.util.SortedSet<String>>();
			var matcher = java.util.regex.Pattern.compile("--yuelv\\.split\\.grants\\.([a-z]+)=([a-z:,-]+)").matcher(section);
			while (matcher.find()) {
				documented.put(matcher.group(1), new java.util.TreeSet<>(List.of(matcher.group(2).split(","))));
			}
			assertThat(documented).as(serving).isEqualTo(given);
		});
	}

	@Test
	void deploymentsOfOneShapeNeedNoGrants() {
		assertThat(PeerGrants.of(Map.of("yuelv", List.of("identity", "trip", "search")))).containsOnlyKeys("yuelv")
			.allSatisfy((serving, given) -> assertThat(given).isEmpty());
	}
}
