package com.yuelv.search.internal;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * One analyzer for text in Chinese, Japanese, Korean and English, with no dictionary. Unicode word breaking splits
 * Latin words and single ideographs and kana; full- and half-width forms are folded; Latin words are lower-cased,
 * stop words dropped and stemmed (Porter); runs of CJK characters become overlapping bigrams. At index time the single
 * characters are kept as well, so that a one-character query matches; a query of two or more characters matches
 * through its bigrams, which keeps 红叶 from matching every text with 红 and 叶 somewhere in it.
 */
final class MultilingualAnalyzer extends Analyzer {

	private final boolean indexing;

	private MultilingualAnalyzer(boolean indexing) {
		this.indexing = indexing;
	}

	static MultilingualAnalyzer forIndexing() {
		return new MultilingualAnalyzer(true);
	}

	static MultilingualAnalyzer forQueries() {
		return new MultilingualAnalyzer(false);
	}

	@Override
	protected TokenStreamComponents createComponents(String fieldName) {
		var tokenizer = new StandardTokenizer();
		TokenStream stream = new CJKWidthFilter(tokenizer);
		stream = new LowerCaseFilter(stream);
		stream = new EnglishPossessiveFilter(stream);
		stream = new StopFilter(stream, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
		stream = new PorterStemFilter(stream);
		stream = new CJKBigramFilter(stream, CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA
				| CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL, indexing);
		return new TokenStreamComponents(tokenizer, stream);
	}
}
