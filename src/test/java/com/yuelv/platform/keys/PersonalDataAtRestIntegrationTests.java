package com.yuelv.platform.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.shared.PersonalData;

import jakarta.persistence.EntityManagerFactory;

/**
 * Personal data of the encrypted grades is not in the database in the clear: every such field of every entity is
 * sealed, the raw columns of a person's rows hold none of what they typed, an account is still found by its email,
 * a rotation seals new values with the new key while old ones open, the re-encryption moves old and unencrypted values
 * to the newest key, and a value cannot be moved to another module's column.
 */
@EmbeddedModeTest
class PersonalDataAtRestIntegrationTests extends ApiTestSupport {

	@Autowired EntityManagerFactory entities;
	@Autowired ReEncryption reEncryption;
	@Autowired DataKeys keys;

	@Test
	void everyEncryptedGradeOfEveryEntityIsSealed() {
		var graded = new ArrayList<String>();
		for (var type : entities.getMetamodel().getEntities()) {
			for (var field : type.getJavaType().getDeclaredFields()) {
				var grade = field.getAnnotation(PersonalData.class);
				if (grade != null && grade.value().encrypted()) {
					graded.add(field.getName());
					var convert = field.getAnnotation(jakarta.persistence.Convert.class);
					assertThat(convert).as("%s.%s", type.getName(), field.getName()).isNotNull();
					assertThat(com.yuelv.shared.SealedText.class.isAssignableFrom(convert.converter())
							|| com.yuelv.shared.SealedNumber.class.isAssignableFrom(convert.converter()))
						.as("%s.%s is sealed", type.getName(), field.getName()).isTrue();
				}
			}
		}
		assertThat(graded).contains("email", "displayName", "homeCity", "placeName", "latitude", "longitude");
		assertThat(reEncryption.columns()).extracting(SealedColumns.Column::column).containsExactlyInAnyOrder(
				"display_name", "email", "home_city", "latitude", "longitude", "message", "place_name");
	}

	@Test
	void aPersonsRowsHoldNoneOfWhatTheyTypedInTheClear() {
		var email = "zhang.wei-" + UUID.randomUUID() + "@yuelv.test";
		var person = api.register(email, "张伟 Zhang Wei");
		api.put("/api/v1/me/profile", Map.of("displayName", "张伟 Zhang Wei", "homeCity", "杭州 Hangzhou",
				"languages", List.of("zh"), "interests", List.of("hiking")), person.accessToken());
		var moment = api.post("/api/v1/moments", Map.of("text", "西湖边", "visibility", "PUBLIC", "place",
				Map.of("name", "西湖 West Lake", "latitude", 30.2431, "longitude", 120.1500)), person.accessToken());
		assertThat(moment.status()).as(moment.body()).isEqualTo(201);

		var account = jdbc.sql("select email, display_name, home_city from identity.accounts where id = ?")
			.param(person.id()).query().singleRow();
		var place = jdbc.sql("select place_name, latitude, longitude from content.moments where id = ?")
			.param(UUID.fromString(moment.string("$.id"))).query().singleRow();
		for (var raw : List.of(account, place)) {
			for (var value : raw.values()) {
				assertThat(value).asString().startsWith("enc:").doesNotContain("zhang").doesNotContain("张伟")
					.doesNotContain("Hangzhou").doesNotContain("West Lake").doesNotContain("30.2431")
					.doesNotContain("120.15");
			}
		}

		var me = api.get("/api/v1/me", api.logIn(email).accessToken());
		assertThat(me.string("$.email")).isEqualTo(email);
		assertThat(me.string("$.profile.homeCity")).isEqualTo("杭州 Hangzhou");
		var read = api.get("/api/v1/moments/" + moment.string("$.id"), person.accessToken());
		assertThat(read.string("$.place.name")).isEqualTo("西湖 West Lake");
		assertThat(read.<Double>at("$.place.latitude")).isEqualTo(30.2431);
	}

	@Test
	void aRotationSealsNewValuesWithTheNewKeyAndTheReEncryptionMovesTheOldOnes() {
		var before = api.register("Before Rotation");
		api.put("/api/v1/me/profile", Map.of("displayName", "Before Rotation", "homeCity", "成都",
				"languages", List.of(), "interests", List.of()), before.accessToken());
		var oldKey = keys.of("identity").primary();

		var rotation = api.post("/actuator/keys/identity", Map.of(), admin());
		assertThat(rotation.status()).as(rotation.body()).isEqualTo(200);
		var newKey = keys.of("identity").primary();
		assertThat(newKey).isNotEqualTo(oldKey);
		assertThat(TinkFieldCipher.prefixOf(newKey)).isEqualTo("enc:" + rotation.string("$.primaryKey") + ":");

		var after = api.register("After Rotation");
		assertThat(rawDisplayName(after.id())).startsWith(TinkFieldCipher.prefixOf(newKey));
		assertThat(rawDisplayName(before.id())).startsWith(TinkFieldCipher.prefixOf(oldKey));
		assertThat(api.get("/api/v1/me", api.logIn(before.email()).accessToken()).string("$.profile.homeCity"))
			.as("an old value opens while it waits").isEqualTo("成都");

		// a value stored before its field was encrypted reads as it is, then is sealed like the others
		jdbc.sql("update identity.accounts set home_city = ? where id = ?").params("重庆", after.id()).update();
		assertThat(api.get("/api/v1/me", after.accessToken()).string("$.profile.homeCity")).isEqualTo("重庆");

		var status = api.get("/actuator/keys", admin());
		assertThat(status.<Integer>at("$.modules.identity.behindPrimary['identity.accounts.home_city']"))
			.isPositive();
		for (var column : reEncryption.columns()) {
			assertThat(reEncryption.reseal(column).clean()).as(column.toString()).isTrue();
			assertThat(reEncryption.countBehind(column)).as(column.toString()).isZero();
		}
		assertThat(rawDisplayName(before.id())).startsWith(TinkFieldCipher.prefixOf(newKey));
		assertThat(api.get("/api/v1/me", before.accessToken()).string("$.profile.homeCity")).isEqualTo("成都");
		assertThat(api.get("/api/v1/me", after.accessToken()).string("$.profile.homeCity")).isEqualTo("重庆");
		assertThat(api.get("/actuator/audit?action=data-key-rotated&limit=1", admin())
			.string("$.entries[0].subject")).isEqualTo("module:identity");
	}

	@Test
	void aSealedValueOpensOnlyInItsModuleAndUnchanged() {
		var sealed = cipher.seal("identity", "秘密 secret");
		assertThat(cipher.open("identity", sealed)).isEqualTo("秘密 secret");
		assertThatIllegalStateException().isThrownBy(() -> cipher.open("content", sealed))
			.withMessageNotContaining("secret");
		// a character of the ciphertext's middle changed: every one of its bits counts
		var middle = sealed.length() - 20;
		var flipped = sealed.substring(0, middle) + (sealed.charAt(middle) == 'A' ? 'B' : 'A')
				+ sealed.substring(middle + 1);
		assertThatIllegalStateException().isThrownBy(() -> cipher.open("identity", flipped))
			.withMessageNotContaining("secret");
		assertThat(cipher.seal("identity", "same")).as("sealing is randomised")
			.isNotEqualTo(cipher.seal("identity", "same"));
		assertThat(cipher.blindIndex("identity", "same")).as("an index is not")
			.isEqualTo(cipher.blindIndex("identity", "same")).isNotEqualTo(cipher.blindIndex("content", "same"));
	}

	@Test
	void aValueThatDoesNotOpenIsLeftAndTheReEncryptionGoesOn() {
		var broken = api.register("Broken Seal");
		var fine = api.register("Fine Seal");
		jdbc.sql("update identity.accounts set home_city = ? where id = ?")
			.params(cipher.seal("content", "not identity's"), broken.id()).update();
		jdbc.sql("update identity.accounts set home_city = ? where id = ?").params("泉州", fine.id()).update();
		var homeCity = reEncryption.columns().stream().filter(column -> column.column().equals("home_city"))
			.findFirst().orElseThrow();

		var pass = reEncryption.reseal(homeCity);

		assertThat(pass.clean()).isFalse();
		assertThat(pass.written()).isPositive();
		assertThat(api.get("/api/v1/me", fine.accessToken()).string("$.profile.homeCity")).isEqualTo("泉州");
		jdbc.sql("update identity.accounts set home_city = null where id = ?").param(broken.id()).update();
	}

	@Test
	void aModuleWithoutSealedFieldsCannotBeRotated() {
		assertThat(api.post("/actuator/keys/trip", Map.of(), admin()).status()).isEqualTo(400);
	}

	private String rawDisplayName(UUID account) {
		return jdbc.sql("select display_name from identity.accounts where id = ?").param(account)
			.query(String.class).single();
	}

	private String admin() {
		return adminToken(api.register("Key Operator").id());
	}
}
