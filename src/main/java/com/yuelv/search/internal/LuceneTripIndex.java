package com.yuelv.search.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import com.yuelv.shared.Rejection;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripStatus;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trip index in Lucene, in {@code <index-dir>/trips}. Every write is committed (fsync'd) before it returns, so a
 * trip event whose publication completed is in the index after any crash. An index that is missing or cannot be
 * opened is replaced by an empty one and flagged for a rebuild; a rebuild that did not finish is redone at the next
 * start, because only a finished one records itself in the commit data.
 */
@Component
class LuceneTripIndex implements TripIndex, DisposableBean {

	private static final Logger LOG = LoggerFactory.getLogger(LuceneTripIndex.class);
	private static final TypeReference<Map<String, String>> TITLE = new TypeReference<>() {};
	private static final String REBUILT = "rebuilt";
	/** How the documents' fields are laid out; an index of another layout is rebuilt. */
	private static final String LAYOUT = "layout";
	/** 2: the highlighted fields keep their words' offsets in the postings, so highlighting never re-analyses. */
	private static final String CURRENT_LAYOUT = "2";
	/** Text that is searched, stored and highlighted from the offsets in its postings. */
	private static final FieldType HIGHLIGHTED_TEXT = highlightedText();
	private static final String SYNCED_UNTIL = "synced-until";
	private static final int BUDGET_SCALE = 4;
	/** Fields searched, with their weight: a title says more about a trip than its description. */
	private static final Map<String, Float> TEXT_FIELDS = Map.of("title", 3f, "stops", 2f, "destination", 2f,
			"description", 1f);
	private static final String[] HIGHLIGHTED = { "title", "description", "stops", "destination" };
	private static final Sort BY_RELEVANCE = new Sort(SortField.FIELD_SCORE, new SortField("id_sort",
			SortField.Type.STRING));

	private final JsonMapper json;
	private final Analyzer indexAnalyzer = MultilingualAnalyzer.forIndexing();
	private final Analyzer queryAnalyzer = MultilingualAnalyzer.forQueries();
	/** The version of every trip in the last commit. */
	private final Map<String, Long> versions = new ConcurrentHashMap<>();
	/** Versions written since the last commit; they count once the commit succeeded. */
	private final Map<String, Long> uncommitted = new HashMap<>();
	private final Object writeLock = new Object();
	private final AtomicLong rebuilds = new AtomicLong();
	private final Directory directory;
	private final IndexWriter writer;
	private final SearcherManager searchers;
	private volatile boolean needsRebuild;
	/** Set once the application shuts down: later writes fail, and their publications are redelivered next time. */
	private boolean closed;

	LuceneTripIndex(SearchSettings settings, JsonMapper json, MeterRegistry meters) throws IOException {
		this.json = json;
		var path = settings.indexDir().resolve("trips");
		Files.createDirectories(path);
		Directory opened = FSDirectory.open(path);
		IndexWriter openedWriter = null;
		String outdated = null;
		try {
			openedWriter = new IndexWriter(opened, config());
			if (openedWriter.getDocStats().maxDoc > 0
					&& !CURRENT_LAYOUT.equals(commitData(openedWriter).get(LAYOUT))) {
				outdated = "its fields are laid out as in an earlier release";
			}
			else {
				loadVersions(openedWriter);
				needsRebuild = !rebuiltBefore(openedWriter);
			}
		}
		catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException | EOFException
				| NoSuchFileException e) {
			// damaged or from an incompatible Lucene: the trips are all in the trip module, so start over. Anything
			// else (another process holding the index's lock, a disk that cannot be read) fails the start instead of
			// deleting an index that may be fine.
			outdated = e.toString();
		}
		if (outdated != null) {
			LOG.warn("The search index at {} cannot be used ({}); starting an empty one and rebuilding it", path,
					outdated);
			if (openedWriter != null) {
				openedWriter.rollback();
			}
			opened.close();
			clear(path);
			opened = FSDirectory.open(path);
			openedWriter = new IndexWriter(opened, config().setOpenMode(IndexWriterConfig.OpenMode.CREATE));
			versions.clear();
			needsRebuild = true;
		}
		this.directory = opened;
		this.writer = openedWriter;
		if (needsRebuild) {
			writer.commit();
		}
		this.searchers = new SearcherManager(writer, null);
		Gauge.builder("yuelv.search.documents", versions, Map::size)
				.description("Trips in the search index, listed or not").register(meters);
		Gauge.builder("yuelv.search.rebuilds", rebuilds, AtomicLong::get)
				.description("Rebuilds of the search index since start").register(meters);
	}

	/** Whether a rebuild, or the very first start, finished and recorded itself in the last commit. */
	private static boolean rebuiltBefore(IndexWriter writer) {
		return commitData(writer).containsKey(REBUILT);
	}

	private static Map<String, String> commitData(IndexWriter writer) {
		var data = new HashMap<String, String>();
		if (writer.getLiveCommitData() != null) {
			writer.getLiveCommitData().forEach(entry -> data.put(entry.getKey(), entry.getValue()));
		}
		return data;
	}

	private IndexWriterConfig config() {
		// a withdrawn trip's texts leave the files at once, whatever share of its segment's documents were deleted
		var merges = new org.apache.lucene.index.TieredMergePolicy().setForceMergeDeletesPctAllowed(0);
		return new IndexWriterConfig(indexAnalyzer).setMergePolicy(merges)
			.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
	}

	private void loadVersions(IndexWriter writer) throws IOException {
		try (var reader = DirectoryReader.open(writer)) {
			for (var leaf : reader.leaves()) {
				var ids = leaf.reader().getSortedDocValues("id_sort");
				var stored = leaf.reader().getNumericDocValues("version");
				var live = leaf.reader().getLiveDocs();
				if (ids == null || stored == null) {
					continue;
				}
				for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
					if ((live == null || live.get(doc)) && ids.advanceExact(doc) && stored.advanceExact(doc)) {
						versions.put(ids.lookupOrd(ids.ordValue()).utf8ToString(), stored.longValue());
					}
				}
			}
		}
	}

	private static void clear(Path path) throws IOException {
		try (Stream<Path> files = Files.list(path)) {
			for (var file : files.toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

	@Override
	public boolean apply(TripDetails trip) {
		synchronized (writeLock) {
			var changed = write(trip);
			if (changed) {
				commit();
			}
			return changed;
		}
	}

	@Override
	public void applyAll(List<TripDetails> trips) {
		synchronized (writeLock) {
			var changed = false;
			for (var trip : trips) {
				changed |= write(trip);
			}
			if (changed) {
				commit();
			}
		}
	}

	@Override
	public boolean withdraw(com.yuelv.trip.TripId trip) {
		synchronized (writeLock) {
			if (closed) {
				throw new IllegalStateException("The search index is closed; trip " + trip + " is not withdrawn");
			}
			var id = trip.toString();
			if (!versions.containsKey(id) && !uncommitted.containsKey(id)) {
				return false;
			}
			try {
				writer.deleteDocuments(new Term("id", id));
				// a deleted document stays in its segment's files until the segment is merged: rewrite those now
				writer.forceMergeDeletes(true);
			}
			catch (IOException e) {
				throw new UncheckedIOException("Cannot withdraw trip " + id + " from the index", e);
			}
			uncommitted.remove(id);
			commit();
			versions.remove(id);
			return true;
		}
	}

	@Override
	public boolean needsRebuild() {
		return needsRebuild;
	}

	@Override
	public void rebuilt(Instant upTo) {
		synchronized (writeLock) {
			var data = commitData(writer);
			data.put(REBUILT, Instant.now().toString());
			data.put(LAYOUT, CURRENT_LAYOUT);
			data.put(SYNCED_UNTIL, upTo.toString());
			writer.setLiveCommitData(data.entrySet());
			commit();
			needsRebuild = false;
			rebuilds.incrementAndGet();
		}
	}

	@Override
	public java.util.Optional<Instant> syncedUntil() {
		var data = commitData(writer);
		var synced = data.getOrDefault(SYNCED_UNTIL, data.get(REBUILT));
		return java.util.Optional.ofNullable(synced).map(Instant::parse);
	}

	@Override
	public void synced(Instant upTo) {
		synchronized (writeLock) {
			var data = commitData(writer);
			data.put(SYNCED_UNTIL, upTo.toString());
			writer.setLiveCommitData(data.entrySet());
			commit();
		}
	}

	private boolean write(TripDetails trip) {
		if (closed) {
			throw new IllegalStateException("The search index is closed; trip " + trip.tripId() + " is not indexed");
		}
		var id = trip.tripId().toString();
		var known = uncommitted.containsKey(id) ? uncommitted.get(id) : versions.get(id);
		if (known != null && known >= trip.version()) {
			return false;
		}
		try {
			writer.updateDocument(new Term("id", id), document(trip));
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot index trip " + id, e);
		}
		uncommitted.put(id, trip.version());
		return true;
	}

	/**
	 * Commits what was written. Should the commit fail, the written versions do not count as indexed, so the event
	 * that is redelivered for them writes them again.
	 */
	private void commit() {
		try {
			writer.commit();
			versions.putAll(uncommitted);
			searchers.maybeRefresh();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot commit the search index", e);
		}
		finally {
			uncommitted.clear();
		}
	}

	private static FieldType highlightedText() {
		var type = new FieldType(TextField.TYPE_STORED);
		type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
		type.freeze();
		return type;
	}

	private Document document(TripDetails trip) {
		var document = new Document();
		var id = trip.tripId().toString();
		document.add(new StringField("id", id, Field.Store.YES));
		document.add(new SortedDocValuesField("id_sort", new BytesRef(id)));
		document.add(new NumericDocValuesField("version", trip.version()));
		document.add(new StringField("status", trip.status().name(), Field.Store.NO));
		document.add(new Field("title", String.join("\n", trip.title().values().values()), HIGHLIGHTED_TEXT));
		document.add(new StoredField("title_json", json.writeValueAsString(trip.title().values())));
		if (trip.description() != null) {
			document.add(new Field("description", String.join("\n", trip.description().values().values()),
					HIGHLIGHTED_TEXT));
		}
		document.add(new Field("stops", String.join(" · ",
				trip.stops().stream().map(TripDetails.Stop::placeName).toList()), HIGHLIGHTED_TEXT));
		document.add(new Field("destination", trip.destination(), HIGHLIGHTED_TEXT));
		document.add(new LongPoint("start", trip.startDate().toEpochDay()));
		document.add(new StoredField("start", trip.startDate().toEpochDay()));
		document.add(new LongPoint("end", trip.endDate().toEpochDay()));
		document.add(new StoredField("end", trip.endDate().toEpochDay()));
		document.add(new LongPoint("budget", budgetUnits(trip.budget().amount())));
		document.add(new StoredField("budget", trip.budget().amount().toPlainString()));
		document.add(new StringField("currency", trip.budget().currency().getCurrencyCode(), Field.Store.YES));
		var languages = new LinkedHashSet<String>();
		for (var language : trip.languages()) {
			document.add(new StoredField("languages", language));
			languages.add(language.toLowerCase(Locale.ROOT));
			languages.add(language.split("-", 2)[0].toLowerCase(Locale.ROOT));
		}
		languages.forEach(language -> document.add(new StringField("language", language, Field.Store.NO)));
		return document;
	}

	private static long budgetUnits(BigDecimal amount) {
		return amount.setScale(BUDGET_SCALE, java.math.RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
	}

	@Override
	public TripHits search(TripSearch search) {
		var query = query(search);
		try {
			var searcher = searchers.acquire();
			try {
				TopFieldDocs top;
				if (search.after() == null) {
					top = searcher.search(query, search.size(), BY_RELEVANCE, true);
				}
				else {
					// the sort key is unique (ends in the trip id): only the previous page's last hit ties with it,
					// and a doc id beyond all others makes it count as already seen
					var after = new FieldDoc(searcher.getIndexReader().maxDoc() - 1, search.after().score(),
							new Object[] { search.after().score(), new BytesRef(search.after().tripId()) });
					top = searcher.searchAfter(after, query, search.size(), BY_RELEVANCE, true);
				}
				// the query is plain terms: their offsets in the postings suffice, without a weight per document
				var highlighter = UnifiedHighlighter.builder(searcher, indexAnalyzer)
						.withFormatter(new DefaultPassageFormatter("<em>", "</em>", " … ", true))
						.withWeightMatches(false)
						.build();
				var passages = highlighter.highlightFields(HIGHLIGHTED, query, top, new int[] { 1, 1, 1, 1 });
				var stored = searcher.storedFields();
				var hits = new ArrayList<TripHits.Hit>();
				for (int i = 0; i < top.scoreDocs.length; i++) {
					var scoreDoc = top.scoreDocs[i];
					var document = stored.document(scoreDoc.doc);
					var highlights = new HashMap<String, String>();
					for (var field : HIGHLIGHTED) {
						var passage = passages.get(field)[i];
						if (passage != null && passage.contains("<em>")) {
							highlights.put(field, passage);
						}
					}
					hits.add(new TripHits.Hit(document.get("id"), json.readValue(document.get("title_json"), TITLE),
							document.get("destination"),
							LocalDate.ofEpochDay(document.getField("start").numericValue().longValue()),
							LocalDate.ofEpochDay(document.getField("end").numericValue().longValue()),
							new BigDecimal(document.get("budget")), document.get("currency"),
							Arrays.asList(document.getValues("languages")), scoreDoc.score, Map.copyOf(highlights)));
				}
				TripSearch.After last = null;
				if (top.scoreDocs.length == search.size()) {
					var lastDoc = (FieldDoc) top.scoreDocs[top.scoreDocs.length - 1];
					last = new TripSearch.After((Float) lastDoc.fields[0], hits.getLast().tripId());
				}
				return new TripHits(List.copyOf(hits), top.totalHits.value(), last);
			}
			finally {
				searchers.release(searcher);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Search failed", e);
		}
	}

	private Query query(TripSearch search) {
		var terms = terms(search.text());
		if (terms.isEmpty()) {
			throw Rejection.invalid("q", "no-words", "has no words to search for");
		}
		var text = new BooleanQuery.Builder();
		for (var term : terms) {
			var perField = TEXT_FIELDS.entrySet().stream()
					.sorted(Map.Entry.comparingByKey())
					.map(field -> (Query) new BoostQuery(new TermQuery(new Term(field.getKey(), term)),
							field.getValue()))
					.toList();
			text.add(new DisjunctionMaxQuery(perField, 0.1f), Occur.SHOULD);
		}
		// most of the words must match: all of two, three of four, seven of ten
		text.setMinimumNumberShouldMatch(Math.max(1, (int) Math.ceil(terms.size() * 0.7)));

		var query = new BooleanQuery.Builder()
				.add(text.build(), Occur.MUST)
				.add(new TermQuery(new Term("status", TripStatus.PUBLISHED.name())), Occur.FILTER);
		if (search.from() != null) {
			query.add(LongPoint.newRangeQuery("end", search.from().toEpochDay(), Long.MAX_VALUE), Occur.FILTER);
		}
		if (search.to() != null) {
			query.add(LongPoint.newRangeQuery("start", Long.MIN_VALUE, search.to().toEpochDay()), Occur.FILTER);
		}
		if (search.maxBudget() != null && search.currency() != null) {
			query.add(new TermQuery(new Term("currency", search.currency().getCurrencyCode())), Occur.FILTER);
			query.add(LongPoint.newRangeQuery("budget", Long.MIN_VALUE, budgetUnits(search.maxBudget())),
					Occur.FILTER);
		}
		if (search.language() != null) {
			query.add(new TermQuery(new Term("language", search.language())), Occur.FILTER);
		}
		return query.build();
	}

	/** The distinct terms the query analyzer makes of the text, in order. */
	private List<String> terms(String text) {
		var terms = new LinkedHashSet<String>();
		try (var stream = queryAnalyzer.tokenStream("title", text)) {
			var term = stream.addAttribute(CharTermAttribute.class);
			stream.reset();
			while (stream.incrementToken()) {
				terms.add(term.toString());
			}
			stream.end();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return List.copyOf(terms);
	}

	/** Closes the index once no write is in progress; searches and writes after this fail. */
	@Override
	public void destroy() throws IOException {
		synchronized (writeLock) {
			closed = true;
			searchers.close();
			writer.close();
			directory.close();
			indexAnalyzer.close();
			queryAnalyzer.close();
		}
	}
}
