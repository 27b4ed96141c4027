package com.yuelv.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import com.yuelv.Api;
import com.yuelv.Api.Person;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;

/**
 * Photos over HTTP in embedded mode (files in the data directory): uploading, posting a moment with them, who may read
 * them and how they are cached, what a deletion releases, and every bad upload refused with nothing stored.
 */
@EmbeddedModeTest
class MediaIntegrationTests extends ApiTestSupport {

	@org.springframework.boot.test.web.server.LocalServerPort int port;

	private Api.Response upload(Person person, String name, String type, byte[] bytes) {
		var request = MockMvcRequestBuilders.multipart("/api/v1/photos")
				.file(new MockMultipartFile("file", name, type, bytes))
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + person.accessToken())
				.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
		return api.perform(request);
	}

	private String uploaded(Person person, byte[] bytes) {
		var response = upload(person, "photo.jpg", "image/jpeg", bytes);
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.string("$.id");
	}

	private Api.Response photo(Person viewer, String moment, String photo, String size, String... headers) {
		var request = Api.request(HttpMethod.GET, "/api/v1/moments/" + moment + "/photos/" + photo + "/" + size,
				viewer.accessToken()).accept(MediaType.IMAGE_JPEG, MediaType.APPLICATION_PROBLEM_JSON);
		for (var i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return api.perform(request);
	}

	private long stored() {
		return jdbc.sql("select (select count(*) from media.photos) + (select count(*) from media.blobs)")
				.query(Long.class).single();
	}

	@Test
	void aMomentsPhotosAreReadByWhoeverMaySeeItAndCachedForGood() {
		var ann = api.register("Ann");
		var follower = api.register("Follower");
		var stranger = api.register("Stranger");
		api.put("/api/v1/me/following/" + ann.id(), Map.of(), follower.accessToken());
		var first = uploaded(ann, TestImages.jpegWithExif(900, 600));
		var second = uploaded(ann, TestImages.png(200, 100));

		var own = api.perform(Api.request(HttpMethod.GET, "/api/v1/photos/" + first + "/small", ann.accessToken())
				.accept(MediaType.IMAGE_JPEG));
		assertThat(own.status()).isEqualTo(200);
		assertThat(api.perform(Api.request(HttpMethod.GET, "/api/v1/photos/" + first + "/small",
				stranger.accessToken()).accept(MediaType.IMAGE_JPEG, MediaType.APPLICATION_PROBLEM_JSON)).status())
				.as("someone else's upload").isEqualTo(404);

		var posted = api.post("/api/v1/moments", Map.of("text", "苍山的雪", "photos", List.of(first, second),
				"visibility", "FOLLOWERS"), ann.accessToken());
		assertThat(posted.status()).as(posted.body()).isEqualTo(201);
		var moment = posted.string("$.id");
		assertThat(posted.<List<String>>at("$.photos")).containsExactly(first, second);

		var read = photo(follower, moment, first, "large");
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.contentType()).isEqualTo("image/jpeg");
		var bytes = read.raw().getContentAsByteArray();
		assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Exif",
				"GPS-HOME-SECRET");
		var etag = read.header(HttpHeaders.ETAG);
		assertThat(etag).matches("\"[0-9a-f]{64}\"");
		assertThat(read.header(HttpHeaders.CACHE_CONTROL)).contains("max-age=31536000", "immutable", "private");
		var again = photo(follower, moment, first, "large", HttpHeaders.IF_NONE_MATCH, etag);
		assertThat(again.status()).isEqualTo(304);
		assertThat(again.raw().getContentAsByteArray()).isEmpty();

		assertThat(photo(stranger, moment, first, "large").status()).as("a moment for followers").isEqualTo(404);
		assertThat(photo(follower, moment, first, "huge").status()).isEqualTo(400);
		var otherUpload = uploaded(ann, TestImages.jpeg(50, 50));
		assertThat(photo(follower, moment, otherUpload, "small").status()).as("not this moment's").isEqualTo(404);

		var everyone = api.post("/api/v1/moments", Map.of("photos", List.of(otherUpload)), ann.accessToken())
				.string("$.id");
		assertThat(photo(stranger, everyone, otherUpload, "small").header(HttpHeaders.CACHE_CONTROL))
				.contains("public", "immutable");

		assertThat(api.perform(Api.request(HttpMethod.DELETE, "/api/v1/moments/" + moment, ann.accessToken()))
				.status()).isEqualTo(204);
		assertThat(photo(ann, moment, first, "small").status()).isEqualTo(404);
		assertThat(jdbc.sql("select state from media.photos where id in (?, ?)").params(java.util.UUID.fromString(
				first), java.util.UUID.fromString(second)).query(String.class).list()).containsOnly("RELEASED");
	}

	@Test
	void aPhotoIsTakenOnceByItsUploaderAndAtMostNineAtATime() {
		var ann = api.register("Ann");
		var ben = api.register("Ben");
		var photos = new ArrayList<String>();
		for (var i = 0; i < 10; i++) {
			photos.add(uploaded(ann, TestImages.jpeg(40 + i, 40)));
		}
		var before = jdbc.sql("select count(*) from content.moments").query(Long.class).single();

		var ten = api.post("/api/v1/moments", Map.of("photos", photos), ann.accessToken());
		assertThat(ten.status()).isEqualTo(400);
		assertThat(ten.<List<String>>at("$.errors[*].rule")).containsExactly("max-items");
		var bens = api.post("/api/v1/moments", Map.of("photos", photos.subList(0, 1)), ben.accessToken());
		assertThat(bens.status()).isEqualTo(400);
		assertThat(bens.<List<String>>at("$.errors[*].rule")).containsExactly("unknown-photo");
		assertThat(api.post("/api/v1/moments", Map.of("photos", List.of(photos.get(0), photos.get(0))),
				ann.accessToken()).status()).isEqualTo(400);

		assertThat(api.post("/api/v1/moments", Map.of("photos", photos.subList(0, 9)), ann.accessToken()).status())
				.isEqualTo(201);
		var taken = api.post("/api/v1/moments", Map.of("photos", List.of(photos.get(9), photos.get(0))),
				ann.accessToken());
		assertThat(taken.status()).isEqualTo(400);
		assertThat(taken.<List<String>>at("$.errors[*].rule")).containsExactly("photo-taken");
		assertThat(jdbc.sql("select count(*) from content.moments").query(Long.class).single()).isEqualTo(before + 1);
		assertThat(jdbc.sql("select state from media.photos where id = ?").param(java.util.UUID.fromString(
				photos.get(9))).query(String.class).single()).as("nothing half-taken").isEqualTo("UPLOADED");
	}

	@Test
	void refusesEveryBadUploadAndStoresNothing() {
		var ann = api.register("Ann");
		var before = stored();
		var bad = Map.of(
				"a text named .jpg", "not a picture at all, only words".repeat(10).getBytes(),
				"a PNG of 30,000 x 30,000 pixels", TestImages.pngClaiming(30_000, 30_000),
				"a truncated JPEG", TestImages.truncated(TestImages.jpeg(300, 300)),
				"an empty file", new byte[0]);
		bad.forEach((what, bytes) -> {
			var refused = upload(ann, "photo.jpg", "image/jpeg", bytes);
			assertThat(refused.status()).as(what).isEqualTo(400);
			assertThat(refused.<List<String>>at("$.errors[*].field")).as(what).containsExactly("file");
		});

		var noPart = api.perform(MockMvcRequestBuilders.multipart("/api/v1/photos")
				.file(new MockMultipartFile("picture", "p.jpg", "image/jpeg", TestImages.jpeg(10, 10)))
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + ann.accessToken()));
		assertThat(noPart.status()).isEqualTo(400);
		var json = api.post("/api/v1/photos", Map.of("file", "base64..."), ann.accessToken());
		assertThat(json.status()).as("JSON where a file is taken").isEqualTo(415);
		assertThat(stored()).isEqualTo(before);
	}

	@Test
	void refusesAFileOverTheLimitOnARealConnection() throws Exception {
		var ann = api.register("Ann");
		var boundary = "yuelv-" + java.util.UUID.randomUUID();
		var body = new java.io.ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.jpg\"\r\n"
				+ "Content-Type: image/jpeg\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		body.writeBytes(new byte[10 * 1024 * 1024 + 1]);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		var before = stored();

		var refused = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
				java.net.URI.create("http://localhost:" + port + "/api/v1/photos"))
				.header("Authorization", "Bearer " + ann.accessToken())
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
				java.net.http.HttpResponse.BodyHandlers.ofString());

		assertThat(refused.statusCode()).isEqualTo(413);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(stored()).isEqualTo(before);
	}

	@Test
	void anUploadNoMomentTookIsDiscardedByItsOwnerOnly() {
		var ann = api.register("Ann");
		var ben = api.register("Ben");
		var photo = uploaded(ann, TestImages.jpeg(60, 60));
		assertThat(api.perform(Api.request(HttpMethod.DELETE, "/api/v1/photos/" + photo, ben.accessToken())).status())
				.isEqualTo(404);
		assertThat(api.perform(Api.request(HttpMethod.DELETE, "/api/v1/photos/" + photo, ann.accessToken())).status())
				.isEqualTo(204);
		assertThat(api.post("/api/v1/moments", Map.of("photos", List.of(photo)), ann.accessToken()).status())
				.isEqualTo(400);
	}
}
