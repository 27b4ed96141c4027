/**
 * Search: full-text search over published trips in Chinese, Japanese and English, with filters, highlights and
 * pagination. Keeps its own Lucene index under the data directory, fed only by trip events; rebuilt from
 * {@link com.yuelv.trip.TripApi} when it is missing or cannot be opened.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Search", allowedDependencies = { "trip", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.search;
