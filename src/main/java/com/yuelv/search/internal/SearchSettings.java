package com.yuelv.search.internal;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Search settings, under {@code yuelv.search.*}.
 *
 * @param indexDir where the Lucene index lives; the trip index is its {@code trips} subdirectory
 * @param catchUpInterval how often the index catches up with trip changes made by other processes
 */
@ConfigurationProperties("yuelv.search")
public record SearchSettings(@DefaultValue("./data/search") Path indexDir,
		@DefaultValue("30s") java.time.Duration catchUpInterval) {}
