/**
 * Media: the photos travellers upload for their moments. An upload is decoded within bounds (against decompression
 * bombs), its type decided by its bytes; what is stored is re-encoded from the pixels, so no EXIF or GPS data
 * survives, in three sizes made by Thumbnailator. Files are stored by the SHA-256 of their bytes, on the file system in
 * embedded mode and in S3-compatible object storage in production. A photo belongs to its uploader until a moment
 * takes it; it is released with the moment, and its files are deleted once nothing uses them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Media", allowedDependencies = "shared")
@org.jspecify.annotations.NullMarked
package com.yuelv.media;
