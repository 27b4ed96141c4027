package com.yuelv.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.shared.PersonalData;
import com.yuelv.shared.PersonalDataExport;
import com.yuelv.trip.TripBodies;

import jakarta.persistence.EntityManagerFactory;

/**
 * A traveller's copy of their data: one archive with a part from every module that keeps personal data, holding what
 * they did there (encrypted fields opened) and nobody else's email; for the signed-in traveller only, never cached,
 * audited; the internal API that serves a module's part to other deployments is for peers only.
 */
@EmbeddedModeTest
class DataExportIntegrationTests extends ApiTestSupport {

	@Autowired com.yuelv.shared.ErasedPeople erasedPeople;

	@Test
	void theArchiveHoldsWhatEveryModuleKeepsAboutThePersonAndNoOneElsesEmail() {
		var person = api.register("导出 Export Owner");
		var other = api.register("Other Traveler");
		api.put("/api/v1/me/profile", Map.of("displayName", "导出 Export Owner", "homeCity", "青岛 Qingdao",
				"languages", List.of("zh"), "interests", List.of("beaches")), person.accessToken());
		api.put("/api/v1/me/following/" + other.id(), Map.of(), person.accessToken());
		api.put("/api/v1/me/following/" + person.id(), Map.of(), other.accessToken());
		var moment = api.post("/api/v1/moments", Map.of("text", "栈桥日落", "visibility", "PUBLIC", "place",
				Map.of("name", "栈桥 Zhanqiao Pier", "latitude", 36.0586, "longitude", 120.3197)), person.accessToken())
			.string("$.id");
		api.post("/api/v1/moments/" + moment + "/comments", Map.of("text", "再去一次"), person.accessToken());
		var othersMoment = api.post("/api/v1/moments", Map.of("text", "崂山", "visibility", "PUBLIC"),
				other.accessToken()).string("$.id");
		api.put("/api/v1/moments/" + othersMoment + "/like", Map.of(), person.accessToken());
		var own = api.post("/api/v1/trips", TripBodies.free("seats", 3), person.accessToken()).string("$.id");
		var othersTrip = api.post("/api/v1/trips", TripBodies.free("seats", 3), other.accessToken()).string("$.id");
		api.post("/api/v1/trips/" + othersTrip + "/publication", Map.of(), other.accessToken());
		api.post("/api/v1/trips/" + othersTrip + "/join-requests", Map.of("message", "我会拍照"), person.accessToken());
		await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/inbox", person.accessToken())
			.<Integer>at("$.totalItems") >= 2);

		var archive = api.get("/api/v1/me/data-export", person.accessToken());

		assertThat(archive.status()).as(archive.body()).isEqualTo(200);
		assertThat(archive.header("Content-Disposition")).startsWith("attachment")
			.contains("yuelv-data-" + person.id() + ".json");
		assertThat(archive.header("Cache-Control")).contains("no-store");
		assertThat(archive.string("$.account")).isEqualTo(person.id().toString());
		assertThat(archive.<Map<String, Object>>at("$.modules")).containsOnlyKeys("booking", "content", "identity",
				"media", "notification", "payment", "social", "trip");
		assertThat(archive.string("$.modules.identity.account[0].email")).isEqualTo(person.email());
		assertThat(archive.string("$.modules.identity.account[0].homeCity")).isEqualTo("青岛 Qingdao");
		assertThat(archive.<List<String>>at("$.modules.social.relationships[*].other_id"))
			.containsExactly(other.id().toString());
		assertThat(archive.<List<String>>at("$.modules.social.followers[*].follower_id"))
			.containsExactly(other.id().toString());
		assertThat(archive.string("$.modules.content.moments[0].place_name")).isEqualTo("栈桥 Zhanqiao Pier");
		assertThat(archive.string("$.modules.content.moments[0].latitude")).isEqualTo("36.0586");
		assertThat(archive.string("$.modules.content.comments[0].body")).isEqualTo("再去一次");
		assertThat(archive.<List<String>>at("$.modules.content.likes[*].moment_id")).containsExactly(othersMoment);
		assertThat(archive.<List<String>>at("$.modules.trip.trips[*].id")).containsExactly(own);
		assertThat(archive.<List<?>>at("$.modules.trip.trips[0].stops")).isNotEmpty();
		assertThat(archive.string("$.modules.booking.joinRequests[0].message")).isEqualTo("我会拍照");
		assertThat(archive.<List<String>>at("$.modules.notification.inbox[*].message"))
			.anyMatch(message -> message.startsWith("Welcome to Yuelv"));
		assertThat(archive.<List<?>>at("$.modules.payment.payments")).isEmpty();
		assertThat(archive.<List<?>>at("$.modules.media.photos")).isEmpty();
		assertThat(archive.body()).doesNotContain(other.email()).doesNotContain("enc:")
			.doesNotContain("password");

		assertThat(api.get("/api/v1/me/data-export", null).status()).isEqualTo(401);
		assertThat(jdbc.sql("select count(*) from platform.audit_entries where action = 'data-exported' and actor = ?")
			.param("account:" + erasedPeople.pseudonymOf(new com.yuelv.shared.UserId(person.id())).value())
			.query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void everyModuleWithGradedFieldsExportsAndIsAsked(@Autowired EntityManagerFactory entities,
			@Autowired List<PersonalDataExport> exports, @Autowired PrivacySettings settings) {
		var graded = new java.util.TreeSet<String>();
		for (var type : entities.getMetamodel().getManagedTypes()) {
			var javaType = type.getJavaType();
			var packages = javaType.getPackageName().split("\\.");
			if (packages.length > 2 && java.util.Arrays.stream(javaType.getDeclaredFields())
				.anyMatch(field -> field.isAnnotationPresent(PersonalData.class))) {
				graded.add(packages[2]);
			}
		}
		assertThat(graded).isNotEmpty();
		assertThat(exports).extracting(PersonalDataExport::module).containsAll(graded);
		assertThat(settings.modules()).containsAll(graded);
	}

	@Test
	void everyModuleThatExportsAlsoErases(@Autowired List<com.yuelv.shared.PersonalDataErasure> erasures,
			@Autowired PrivacySettings settings) {
		assertThat(erasures).extracting(com.yuelv.shared.PersonalDataErasure::module)
			.containsExactlyInAnyOrderElementsOf(settings.erasureModules())
			.containsAll(settings.modules());
	}

	@Test
	void theInternalApiThatServesAModulesPartIsForPeersOnly() {
		var person = api.register("Internal Snoop");
		assertThat(api.get("/internal/personal-data/identity/" + person.id(), person.accessToken()).status())
			.isEqualTo(403);
		assertThat(api.get("/internal/personal-data/identity/" + person.id(), null).status()).isEqualTo(401);
	}
}
