package com.yuelv.media.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import com.yuelv.media.MediaApi;
import com.yuelv.media.internal.Uploads;
import com.yuelv.shared.CurrentUser;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Uploading photos, and one's own uploads that no moment took yet. A moment's photos are read through the moment
 * ({@code /api/v1/moments/{id}/photos/...}), by whoever may see it.
 */
@RestController
@RequestMapping("/api/v1/photos")
@Tag(name = "Photos")
class PhotoController {

	private final Uploads uploads;

	PhotoController(Uploads uploads) {
		this.uploads = uploads;
	}

	record UploadedPhoto(UUID id, int width, int height, Instant uploadedAt) {}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Upload a photo", description = "A JPEG, PNG or WebP image as the part file of a "
			+ "multipart/form-data body, up to yuelv.uploads' limit (10 MB); at most 10,000 pixels a side and "
			+ "40 million in all. What is stored is re-encoded from the pixels: no EXIF or GPS data is kept. Give the "
			+ "id to a moment (photos) within 24 hours, or the upload is deleted.")
	ResponseEntity<UploadedPhoto> upload(@CurrentUser UserId user,
			@RequestParam(name = "file", required = false) @Nullable MultipartFile file) {
		if (file == null) {
			throw Rejection.invalid("file", "required", "a multipart part named file holds the image");
		}
		byte[] bytes;
		try {
			bytes = file.getBytes();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		var photo = uploads.upload(user, bytes);
		return ResponseEntity.created(URI.create("/api/v1/photos/" + photo.id() + "/original"))
				.body(new UploadedPhoto(photo.id(), photo.width(), photo.height(), photo.uploadedAt()));
	}

	@GetMapping(value = "/{id}/{size}", produces = MediaType.IMAGE_JPEG_VALUE)
	@Operation(summary = "One's own upload that no moment took yet", description = "size: original, large or small.")
	@ApiResponse(responseCode = "200", description = "The photo", content = @Content(mediaType = "image/jpeg",
			schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "304", description = "The client holds these bytes already (If-None-Match)",
			content = @Content)
	ResponseEntity<byte[]> ownPhoto(@CurrentUser UserId user, @PathVariable UUID id, @PathVariable String size) {
		var file = uploads.ownFile(user, id, MediaApi.Size.named(size));
		// Spring MVC answers an If-None-Match that names the ETag with a 304 itself
		return ResponseEntity.ok().eTag(file.etag()).contentType(MediaType.parseMediaType(file.contentType()))
				.cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable()).body(file.bytes());
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete one's own upload that no moment took")
	void discard(@CurrentUser UserId user, @PathVariable UUID id) {
		uploads.discard(user, id);
	}
}
